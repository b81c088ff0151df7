package badkernel

import "testing"

func TestBuggy(t *testing.T) { Run() }

func TestExtra(t *testing.T) {}
