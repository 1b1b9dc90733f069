package domain

import "fmt
