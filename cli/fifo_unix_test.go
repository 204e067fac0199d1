//go:build unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// fifoGraph writes a graph whose file_source reads a FIFO that no one
// writes to, and returns its path.
func fifoGraph(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	graph := filepath.Join(dir, "fifo.yaml")
	yaml := fmt.Sprintf(`metadata: {name: fifo}
blocks:
  - {name: src, id: file_source, parameters: {type: float32, path: %q}}
  - {name: snk, id: null_sink, parameters: {type: float32}}
connections:
  - [src, out, snk, in]
`, fifo)
	if err := os.WriteFile(graph, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return graph
}
