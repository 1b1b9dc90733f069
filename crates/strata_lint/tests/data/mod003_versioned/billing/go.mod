module example.com/billing

go 1.22

require example.com/dep v0.0.0
replace example.com/dep v0.0.0 => ../dep-v2 // conflicts for v0.0.0, the required version
