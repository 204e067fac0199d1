package graphfile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// valued has a message output only: enough of a block to carry a
// ParamValue parameter through Load.
type valued struct{ Out block.MsgOut }

func (*valued) Work(*block.IO) error { return block.ErrDone }

// valuedSpec is "valued", a block with a ParamValue parameter.
func valuedSpec() registry.Spec {
	return registry.Spec{ID: "valued", Doc: "carries a value",
		Params: []registry.Param{{Name: "message", Type: registry.ParamValue, Default: pmt.Null()}},
		New:    func(registry.Params) (block.Block, error) { return &valued{}, nil }}
}

func valueRegistry() *registry.Registry {
	r := registry.New()
	r.MustRegister(valuedSpec())
	return r
}

func m(kv ...any) pmt.Value {
	out := map[string]pmt.Value{}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(pmt.Value)
	}
	return pmt.Map(out)
}

func TestLoadValueParameterTakesAnyYAML(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want pmt.Value
	}{
		{`{frequency: 1500}`, m("frequency", pmt.Int(1500))},
		{`[frequency, 1.5e3]`, pmt.List(pmt.String("frequency"), pmt.Float(1500))},
		{`TEST`, pmt.String("TEST")},
		{`"1500"`, pmt.String("1500")},
		{`2*pi`, pmt.String("2*pi")},
		{`42`, pmt.Int(42)},
		{`0x10`, pmt.Int(16)},
		{`-0.5`, pmt.Float(-0.5)},
		{`99999999999999999999`, pmt.Float(1e20)}, // beyond int64
		{`true`, pmt.Bool(true)},
		{`null`, pmt.Null()},
		{`~`, pmt.Null()},
		{`2001-12-14`, pmt.String("2001-12-14")},
		{`!!binary aGVsbG8=`, pmt.Bytes([]byte("hello"))},
		{`{a: {b: [1, [], {}]}, "c d": null}`, m("a", m("b", pmt.List(pmt.Int(1), pmt.List(), m())), "c d", pmt.Null())},
		{"\n        taps: [0.5, 0.25]\n        on: false", m("taps", pmt.List(pmt.Float(0.5), pmt.Float(0.25)), "on", pmt.Bool(false))},
		{`{x: &v [1, 2], y: *v}`, m("x", pmt.List(pmt.Int(1), pmt.Int(2)), "y", pmt.List(pmt.Int(1), pmt.Int(2)))},
	} {
		src := "blocks:\n  - name: v\n    id: valued\n    parameters:\n      message: " + tc.yaml + "\n"
		l, err := graphfile.Load([]byte(src), valueRegistry(), graphfile.Options{File: "v.yaml"})
		if err != nil {
			t.Errorf("%s: %v", tc.yaml, err)
			continue
		}
		if got := l.Blocks[0].Params.Value("message"); !got.Equal(tc.want) {
			t.Errorf("%s: loaded %v (%v), want %v", tc.yaml, got, got.Kind(), tc.want)
		}
	}
	l, err := graphfile.Load([]byte("blocks: [{name: v, id: valued}]"), valueRegistry(), graphfile.Options{})
	if err != nil || !l.Blocks[0].Params.Value("message").IsNull() {
		t.Errorf("default: %v, %v", err, l)
	}
}

func TestLoadValueParameterAnchorAcrossBlocks(t *testing.T) {
	src := `
blocks:
  - {name: a, id: valued, parameters: {message: &msg {frequency: 1500}}}
  - {name: b, id: valued, parameters: {message: *msg}}
`
	l, err := graphfile.Load([]byte(src), valueRegistry(), graphfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := m("frequency", pmt.Int(1500))
	for _, b := range l.Blocks {
		if got := b.Params.Value("message"); !got.Equal(want) {
			t.Errorf("%s: %v, want %v", b.Name, got, want)
		}
	}
}

func TestLoadValueParameterErrorsHavePositions(t *testing.T) {
	laughs := `{a: &a [x, x, x, x, x, x, x, x, x, x],
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a],
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b],
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c],
    e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]}`
	for _, tc := range []struct {
		yaml string
		want []string
	}{
		{`{frequency: !!int 1.5}`, []string{`v.yaml:5:28: bad integer "1.5"`}},
		{`{frequency: !!float x}`, []string{`v.yaml:5:28: bad number "x"`}},
		{`[1, !thing x]`, []string{`v.yaml:5:20: unsupported YAML tag !thing`}},
		{`{a: 1, a: 2}`, []string{`v.yaml:5:23: duplicate key "a"`}},
		{`{[1, 2]: x}`, []string{`v.yaml:5:17: a map key must be a plain scalar, not a list or a map`}},
		{`{<<: {a: 1}}`, []string{`v.yaml:5:17: merge keys (<<) are not supported in a value`}},
		{`!!set {a, b}`, []string{`v.yaml:5:16: unsupported YAML tag !!set on a map`}},
		{`!!binary "#"`, []string{`v.yaml:5:16: bad !!binary (base64) data`}},
		{laughs, []string{`value too large: more than 65536 elements`}},
	} {
		src := "blocks:\n  - name: v\n    id: valued\n    parameters:\n      message: " + tc.yaml + "\n"
		_, err := graphfile.Load([]byte(src), valueRegistry(), graphfile.Options{File: "v.yaml"})
		if !errors.Is(err, graphfile.ErrBadGraph) {
			t.Errorf("%s: error %v, want ErrBadGraph", tc.yaml, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q; got:\n%v", tc.yaml, w, err)
			}
		}
		if n := strings.Count(err.Error(), "\n"); n != 0 {
			t.Errorf("%s: %d errors, want 1:\n%v", tc.yaml, n+1, err)
		}
	}
}

func TestLoadValueParameterSetOverride(t *testing.T) {
	src := "blocks:\n  - {name: v, id: valued, parameters: {message: TEST}}\n"
	l, err := graphfile.Load([]byte(src), valueRegistry(), graphfile.Options{Set: map[string]string{"v.message": "{frequency: 2000}"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.Blocks[0].Params.Value("message"), m("frequency", pmt.Int(2000)); !got.Equal(want) {
		t.Errorf("--set v.message: %v, want %v", got, want)
	}
	for _, tc := range []struct{ set, want string }{
		{"{frequency: ", `s.yaml:2:12: --set v.message: malformed YAML value`},
		{"[1, !thing x]", `s.yaml:2:12: --set v.message: unsupported YAML tag !thing`},
	} {
		_, err := graphfile.Load([]byte(src), valueRegistry(), graphfile.Options{File: "s.yaml", Set: map[string]string{"v.message": tc.set}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("--set v.message=%s: error %v, want %q", tc.set, err, tc.want)
		}
	}
}
