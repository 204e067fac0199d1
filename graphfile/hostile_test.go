package graphfile

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/blocks"
)

// maxLoadAlloc bounds what loading one fuzz input may allocate in all,
// garbage included (runtime.MemStats.TotalAlloc), beyond 1 KiB per input
// byte. The loader's own share is small (parsed YAML takes some 200 bytes
// a node, at most MaxNodes nodes); the rest is the blocks' state, allocated
// when they are built and bounded by their parameters and by the graph's
// buffer budget (MaxGraphBufferBytes): the worst measured is 64 FIR
// filters of a million designed taps each, 1.6 GB of design scratch.
const maxLoadAlloc = 2 << 30

// FuzzLoadStandardBlocks loads arbitrary bytes as a graph file against the
// standard block registry: no input may panic, allocate more than
// maxLoadAlloc, or give an error that is not a list of at most MaxErrors+1
// "file:line:col: message" problems of a bounded length. It also checks
// that the node estimate made before parsing is an upper bound of the
// nodes go-yaml makes. Seeds: the hostile catalogue (testdata/bad) and
// the examples.
func FuzzLoadStandardBlocks(f *testing.F) {
	for _, glob := range []string{"../testdata/bad/*.yaml", "../examples/*.yaml", "../cli/testdata/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	reg := blocks.NewRegistry()
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		l, err := Load(data, reg, Options{File: "f.yaml"})
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxLoadAlloc+1024*uint64(len(data)) {
			t.Errorf("loading %d bytes allocated %d bytes", len(data), n)
		}
		if err == nil {
			if l == nil || l.Graph == nil {
				t.Fatal("no graph and no error")
			}
		} else {
			checkLoadErrors(t, err)
		}
		if msg, _, _ := scanFile(data); msg == "" && len(data) <= DefaultMaxFileSize {
			var doc yaml.Node
			if yaml.Unmarshal(data, &doc) == nil {
				if n, est := countNodes(&doc), estimateNodes(data); n > est+2 {
					t.Errorf("go-yaml made %d nodes, the estimate is %d", n, est)
				}
			}
		}
	})
}

func checkLoadErrors(t *testing.T, err error) {
	t.Helper()
	var les ErrorList
	if !errors.As(err, &les) || len(les) == 0 || len(les) > MaxErrors+1 {
		t.Fatalf("error is not 1 to %d ErrorList: %v", MaxErrors+1, err)
	}
	if !errors.Is(err, ErrBadGraph) {
		t.Errorf("%v does not match ErrBadGraph", err)
	}
	for _, e := range les {
		if e.Line < 1 || e.Col < 1 || e.File != "f.yaml" || len(e.Msg) > maxMsgLen+64 || strings.Contains(e.Msg, "goroutine ") {
			t.Errorf("bad error %q at %d:%d (%d bytes)", e.File, e.Line, e.Col, len(e.Msg))
		}
	}
}

// estimateNodes is scanFile's estimate of the nodes of data.
func estimateNodes(data []byte) int {
	_, _, _, n := scanYAML(data, math.MaxInt)
	return n
}
