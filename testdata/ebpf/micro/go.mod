module example.com/micro

go 1.22
