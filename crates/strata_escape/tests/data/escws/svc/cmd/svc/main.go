package main

import "example.com/svc/handler"

func main() { handler.Add("a") }
