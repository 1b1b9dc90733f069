package core_test

import (
	"testing"

	"example.com/toml/web" // core → web: reported because include-tests = true
)

func TestC(t *testing.T) { _ = web.W }
