package domain

import (
	"os" // fine: tests may read golden files
	"testing"
)

func TestGolden(t *testing.T) { _, _ = os.ReadFile("x") }
