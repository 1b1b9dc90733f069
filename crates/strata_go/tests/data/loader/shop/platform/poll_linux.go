package platform

func Poll() string { return "epoll" }
