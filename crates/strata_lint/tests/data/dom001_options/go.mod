module example.com/dom

go 1.22
