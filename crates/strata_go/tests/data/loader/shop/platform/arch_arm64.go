package platform

const Arch = "arm64"
