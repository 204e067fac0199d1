//go:build !unix

package cli

import "testing"

func fifoGraph(t *testing.T) string {
	t.Skip("no FIFOs here")
	return ""
}
