package platform

import "testing"

func TestPoll(t *testing.T) { Poll() }
