module example.com/err

go 1.22
