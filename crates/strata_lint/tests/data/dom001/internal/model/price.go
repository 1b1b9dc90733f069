// Package model is also a domain package under the default layers.
package model

import "os/exec" //strata:ignore DOM001 the price oracle is a subprocess, documented in ADR-7

var _ = exec.Command
