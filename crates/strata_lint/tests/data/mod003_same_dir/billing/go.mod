module example.com/billing

go 1.22

require example.com/dep v0.0.0
replace example.com/dep => ../billing/../dep-v1 // the same directory as orders: fine
