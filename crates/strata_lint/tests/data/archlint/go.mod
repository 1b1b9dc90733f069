module example.com/lay

go 1.22
