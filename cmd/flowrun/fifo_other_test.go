//go:build !unix

package main

import "testing"

func fifoGraph(t *testing.T) string {
	t.Skip("no FIFOs here")
	return ""
}
