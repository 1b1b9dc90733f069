module example.com/bigtrace

go 1.22
