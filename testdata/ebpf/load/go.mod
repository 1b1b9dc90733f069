module example.com/stratasvc/load

go 1.22
