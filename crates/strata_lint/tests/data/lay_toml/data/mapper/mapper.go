package mapper

import "example.com/toml/core" // data → core: allowed, and closes the core ↔ data cycle

var _ = core.C
