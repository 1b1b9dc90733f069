module example.com/toml

go 1.22
