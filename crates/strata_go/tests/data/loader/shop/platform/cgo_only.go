//go:build cgo && linux

package platform

const CGO = true
