package core_test

import (
	"testing"

	"example.com/toml/web" // core → web: not reported: include-tests = false
)

func TestC(t *testing.T) { _ = web.W }
