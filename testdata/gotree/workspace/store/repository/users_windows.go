package repository

import "golang.org/x/sys/windows"

// Never compiled on linux/amd64, so its import must not appear in the layer map.
var _ = windows.GetCurrentProcessId
