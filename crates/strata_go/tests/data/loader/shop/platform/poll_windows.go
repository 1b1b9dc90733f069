package platform

func Poll() string { return "iocp" }
