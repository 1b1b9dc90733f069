package domain

import "unterminated
