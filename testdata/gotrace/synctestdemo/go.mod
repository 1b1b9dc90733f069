module example.com/synctestdemo

go 1.25
