module example.com/stratasvc

go 1.22
