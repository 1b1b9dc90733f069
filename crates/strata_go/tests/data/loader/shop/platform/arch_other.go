//go:build !arm64

package platform

const Arch = "other"
