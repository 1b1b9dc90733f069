package web

import "example.com/toml/core"

// W is web.
var W = core.C
