package graphfile_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
	"go.yaml.in/yaml/v3"
)

// testRegistry knows a counting source, a head, a checking sink and a float sink.
func testRegistry() *registry.Registry {
	r := registry.New()
	r.MustRegister(registry.Spec{ID: "counter", Doc: "counts",
		Params: []registry.Param{{Name: "limit", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0)}},
		New:    func(p registry.Params) (block.Block, error) { return &counter{limit: uint64(p.Int("limit"))}, nil }})
	r.MustRegister(registry.Spec{ID: "head", Doc: "first items",
		Params: []registry.Param{{Name: "items", Type: registry.ParamInt, Min: registry.Bound(1)}},
		New:    func(p registry.Params) (block.Block, error) { return &head{limit: uint64(p.Int("items"))}, nil }})
	r.MustRegister(registry.Spec{ID: "checker", Doc: "checks",
		Params: []registry.Param{{Name: "mode", Type: registry.ParamString, Default: "fast", Allowed: []string{"fast", "slow"}}},
		New:    func(p registry.Params) (block.Block, error) { return &checker{slow: p.String("mode") == "slow"}, nil }})
	r.MustRegister(registry.Spec{ID: "float_sink", Doc: "takes floats",
		New: func(registry.Params) (block.Block, error) { return &floatSink{}, nil }})
	return r
}

const goodGraph = `
metadata: {name: count, file_format: 1}
options: {buffer_size: 8192}
variables:
  n: 1e4
  half: n/2
blocks:
  - {name: src, id: counter}
  - {name: h, id: head, parameters: {items: half*2}}
  - name: snk
    id: checker
    parameters: {mode: slow}
connections:
  - [src, out, h, 0]
  - [h, 0, snk, in, 4096]
`

func TestLoadBuildsAndRunsAGraph(t *testing.T) {
	l, err := graphfile.Load([]byte(goodGraph), testRegistry(), graphfile.Options{File: "count.yaml", Set: map[string]string{"n": "2000"}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "count" || l.Vars["half"] != 1000 || len(l.Blocks) != 3 {
		t.Fatalf("loaded %q vars %v blocks %d", l.Name, l.Vars, len(l.Blocks))
	}
	if err := l.Graph.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := l.Blocks[2].Block.(*checker).next; got != 2000 {
		t.Fatalf("sink saw %d items, want 2000 (n overridden by --set)", got)
	}
}

func TestLoadReportsEveryProblemWithItsPosition(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"malformed", "blocks: [\n  {name: a\n", []string{"bad.yaml:", "malformed YAML"}},
		{"unknown id and section", `
blocks:
  - {name: src, id: countr}
  - {name: snk, id: checker, parameters: {mode: slowly, speed: 3}}
conections: []
`, []string{
			`bad.yaml:3:21: unknown block id "countr" (did you mean counter?)`,
			`bad.yaml:4:49: block "snk": checker: parameter "mode": bad value slowly: want one of fast, slow`,
			`bad.yaml:4:57: block "snk": checker: unknown parameter "speed"`,
			`bad.yaml:5:1: unknown section "conections" (did you mean connections?)`,
		}},
		{"bad values", `
variables: {rate: 1e6}
blocks:
  - {name: src, id: counter, parameters: {limit: rate/3}}
  - {name: h, id: head, parameters: {items: rat}}
  - {name: h, id: head}
`, []string{
			`bad.yaml:4:50: block "src": counter: parameter "limit": bad value 333333.3333333333: want int >= 0`,
			`bad.yaml:5:45: expression "rat" at column 1: unknown name "rat"`,
			`bad.yaml:6:5: block "h": head: parameter "items" is required`,
		}},
		{"wiring", `
blocks:
  - {name: src, id: counter}
  - {name: f, id: float_sink}
  - {name: snk, id: checker}
  - {name: snk, id: checker}
connections:
  - [src, out, f, in]
  - [src, outt, snk, in]
  - [sr, out, snk, in]
  - [src, out, snk]
`, []string{
			`bad.yaml:6:12: flowgraph: duplicate block name: "snk"`,
			`bad.yaml:8:5: block: item type mismatch: src.out carries uint64, f.in takes float32`,
			`bad.yaml:9:11: flowgraph: unknown port: block "src" has no output "outt" (outputs: [out])`,
			`bad.yaml:10:6: no block named "sr" (did you mean src?)`,
			`bad.yaml:11:5: a connection is [src, port, dst, port]`,
		}},
		{"unconnected", `
blocks:
  - {name: src, id: counter}
  - {name: snk, id: checker}
`, []string{`bad.yaml:3:5: flowgraph: port not connected: output src.out (add a connection for it)`,
			`bad.yaml:4:5: flowgraph: port not connected: input snk.in`}},
		{"unknown variable", "variables: {a: 1}\nblocks: []\n", []string{`--set b: the graph has no variable "b"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := graphfile.Options{File: "bad.yaml"}
			if tc.name == "unknown variable" {
				opts.Set = map[string]string{"b": "1"}
			}
			_, err := graphfile.Load([]byte(tc.yaml), testRegistry(), opts)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, graphfile.ErrBadGraph) {
				t.Errorf("%v does not match ErrBadGraph", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q; got:\n%v", w, err)
				}
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(goodGraph)
	f.Add("blocks: [{name: a, id: counter, parameters: {limit: 1/0}}]")
	f.Add("connections: [[a, 0, b, 0, -1]]")
	f.Add("blocks: [{name: v, id: valued, parameters: {message: {a: &x [1, 2.5, !!binary aGk=], b: *x, c: null}}}]")
	reg := testRegistry()
	reg.MustRegister(valuedSpec()) // a ParamValue parameter
	f.Fuzz(func(t *testing.T, s string) {
		l, err := graphfile.Load([]byte(s), reg, graphfile.Options{})
		if err == nil && l.Graph == nil {
			t.Fatal("no graph and no error")
		}
	})
}

func TestSetOverridesBlockParameters(t *testing.T) {
	l, err := graphfile.Load([]byte(goodGraph), testRegistry(), graphfile.Options{Set: map[string]string{"h.items": "n/10", "snk.mode": "fast"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Blocks[1].Params.Int("items"); got != 1000 {
		t.Fatalf("h.items = %d, want n/10 = 1000", got)
	}
	if got := l.Blocks[2].Params.String("mode"); got != "fast" {
		t.Fatalf("snk.mode = %q", got)
	}
	_, err = graphfile.Load([]byte(goodGraph), testRegistry(), graphfile.Options{File: "g.yaml", Set: map[string]string{"x.items": "1", "h.itemz": "2", "h.items": "nope"}})
	for _, want := range []string{`--set x.items: the graph has no block "x"`, `unknown parameter "itemz" (did you mean items?)`, `unknown name "nope"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

func TestLoadNodeReportsThePositionsOfTheNodes(t *testing.T) {
	var doc yaml.Node
	src := "blocks:\n  - {name: src, id: counter}\n  - {name: snk, id: chekcer}\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	doc.Content[0].Content[1].Content[1].Content[3].Line = 42 // as a translator would place it
	_, err := graphfile.LoadNode(&doc, testRegistry(), graphfile.Options{File: "x.grc"})
	var el graphfile.ErrorList
	if !errors.As(err, &el) || len(el) != 1 || el[0].File != "x.grc" || el[0].Line != 42 || !strings.Contains(el[0].Msg, "chekcer") {
		t.Fatalf("got %v, want one error at x.grc:42 about chekcer", err)
	}
}
