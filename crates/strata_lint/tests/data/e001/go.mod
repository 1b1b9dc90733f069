module example.com/synt

go 1.22
