package grc_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/grc"
)

// FuzzConvert checks that no GRC file makes Convert or Load panic or
// succeed without a graph, and that every error is a graphfile.ErrorList
// matching ErrBadFile or graphfile.ErrBadGraph.
func FuzzConvert(f *testing.F) {
	tone, err := os.ReadFile("testdata/tone.grc")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tone)
	f.Add(flowgraph("- name: x\n  id: variable\n  parameters: {value: '[i*i for i in range(10)][::-1]'}\n", ""))
	f.Add(flowgraph("- name: a\n  id: variable\n  parameters: {value: b}\n- name: b\n  id: variable\n  parameters: {value: a}\n", ""))
	reg := blocks.NewRegistry()
	f.Fuzz(func(t *testing.T, data []byte) {
		l, _, err := grc.Load(data, reg, grc.Options{File: "f.grc"})
		if err == nil {
			if l == nil || l.Graph == nil {
				t.Fatal("no graph and no error")
			}
			return
		}
		var el graphfile.ErrorList
		if !errors.As(err, &el) || len(el) == 0 {
			t.Fatalf("error %v is not a graphfile.ErrorList", err)
		}
		if !errors.Is(err, grc.ErrBadFile) && !errors.Is(err, graphfile.ErrBadGraph) {
			t.Fatalf("error %v matches neither ErrBadFile nor graphfile.ErrBadGraph", err)
		}
		for _, e := range el {
			if e.Line < 1 {
				t.Fatalf("error %v has no line", e)
			}
		}
	})
}

// Expressions that would take long or much memory in Python are refused,
// within the evaluator's bounds.
func TestCostlyExpressionsAreRefused(t *testing.T) {
	for _, value := range []string{
		"[x for x in range(10**6)] * 10**6",
		"'x' * 10**12",
		"2**10**10",
		"[[y for y in range(1000)] for x in range(1000)]",
		strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000),
		"a",
	} {
		data := flowgraph("- name: a\n  id: variable\n  parameters:\n    value: '"+strings.ReplaceAll(value, "'", "''")+"'\n"+
			"- name: h\n  id: blocks_head\n  parameters: {type: float, num_items: a, vlen: '1'}\n", "")
		// No timing assertion (a loaded machine makes any bound flaky): the
		// evaluator's bounds (py.MaxItems on every list and string made or
		// walked, py.MaxDepth) are what keep the work small; a value past
		// them is refused.
		if _, err := grc.Convert(data, grc.Options{}); err == nil {
			t.Errorf("%.40s: translated", value)
		}
	}
}
