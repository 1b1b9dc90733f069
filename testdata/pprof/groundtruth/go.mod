module example.com/groundtruth

go 1.22
