package core

import "example.com/toml/data"

// C is core.
var C = data.D
