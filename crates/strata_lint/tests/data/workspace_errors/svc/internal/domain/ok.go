package domain

import "os"

var _ = os.Args
