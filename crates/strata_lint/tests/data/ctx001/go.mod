module example.com/ctx

go 1.22
