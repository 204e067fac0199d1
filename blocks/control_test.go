package blocks

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
)

// TestSettableBlocksMatchTheirSpecs checks that every parameter the registry
// declares settable is accepted by the block's SetParam and read back by
// Param, and that the others are refused.
func TestSettableBlocksMatchTheirSpecs(t *testing.T) {
	r := NewRegistry()
	values := map[string]any{"frequency": 123.0, "amplitude": 0.5, "phase_inc": 0.25, "sample_rate": 1e3,
		"k": []any{2.0, 0.0}, "taps": []any{0.5, 0.25}, "enabled": false, "input_index": 1.0, "output_index": 0}
	build := map[string]map[string]any{
		"fir_filter": {"taps": []any{1.0, 1.0, 1.0}}, "throttle": {"sample_rate": 10.0},
	}
	settable := 0
	for _, id := range r.IDs() {
		spec, _ := r.Lookup(id)
		if len(spec.SettableParams()) == 0 {
			continue
		}
		b, err := r.Build(id, build[id])
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		s, ok := b.(block.Settable)
		if !ok {
			t.Errorf("%s declares %v settable but is not a block.Settable", id, spec.SettableParams())
			continue
		}
		for _, p := range spec.Params {
			v, known := values[p.Name]
			if !p.Settable {
				if err := s.SetParam(p.Name, v); !errors.Is(err, block.ErrUnknownParam) {
					t.Errorf("%s.%s is not settable, SetParam = %v", id, p.Name, err)
				}
				continue
			}
			settable++
			if !known {
				t.Errorf("%s.%s: no test value", id, p.Name)
				continue
			}
			c, err := spec.CheckSettable(p.Name, v)
			if err != nil {
				t.Fatalf("%s.%s: %v", id, p.Name, err)
			}
			if err := s.SetParam(p.Name, c); err != nil {
				t.Errorf("%s.SetParam(%s, %v): %v", id, p.Name, c, err)
				continue
			}
			got, err := s.Param(p.Name)
			if err != nil {
				t.Errorf("%s.Param(%s): %v", id, p.Name, err)
				continue
			}
			if back, err := spec.CheckSettable(p.Name, got); err != nil || !equalParam(back, c) {
				t.Errorf("%s.%s: set %v, read %v", id, p.Name, c, got)
			}
			if err := s.SetParam(p.Name, "not a value"); !errors.Is(err, block.ErrBadParam) {
				t.Errorf("%s.SetParam(%s, string) = %v, want ErrBadParam", id, p.Name, err)
			}
		}
		if _, err := s.Param("nope"); !errors.Is(err, block.ErrUnknownParam) {
			t.Errorf("%s.Param(nope) = %v", id, err)
		}
	}
	if settable < 10 {
		t.Errorf("only %d settable parameters", settable)
	}
}

// TestSettableBlocksHaveASetPort checks that every block with settable
// parameters takes them as messages too: a "set" message input that
// applies a valid change and counts a bad one.
func TestSettableBlocksHaveASetPort(t *testing.T) {
	r := NewRegistry()
	values := map[string]block.Value{"frequency": block.FloatValue(123), "amplitude": block.FloatValue(0.5),
		"phase_inc": block.FloatValue(0.25), "sample_rate": block.IntValue(1000), "k": block.IntValue(2),
		"taps": block.ListValue(block.FloatValue(0.5)), "enabled": block.BoolValue(false),
		"input_index": block.IntValue(1), "output_index": block.IntValue(0)}
	build := map[string]map[string]any{
		"fir_filter": {"taps": []any{1.0, 1.0, 1.0}}, "throttle": {"sample_rate": 10.0},
	}
	for _, id := range r.IDs() {
		spec, _ := r.Lookup(id)
		if len(spec.SettableParams()) == 0 {
			continue
		}
		b, err := r.Build(id, build[id])
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		ps, err := block.FindPorts(b)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		i := slices.Index(ps.MsgInName, "set")
		if i < 0 {
			t.Errorf("%s has settable parameters %v but no set message input (ports %v)", id, spec.SettableParams(), ps.MsgInName)
			continue
		}
		set := ps.MsgIn[i]
		for _, p := range spec.SettableParams() {
			must(t, set.Handle(block.MapValue(map[string]block.Value{p: values[p]})))
			if set.Rejected() != 0 {
				t.Errorf("%s: set {%s: %v} rejected: %v", id, p, values[p], set.LastError())
			}
		}
		must(t, set.Handle(block.StringValue("not a change")))
		if set.Rejected() != 1 || !errors.Is(set.LastError(), block.ErrBadMessage) {
			t.Errorf("%s: a bad message: rejected %d, last error %v", id, set.Rejected(), set.LastError())
		}
	}
}

func equalParam(a, b any) bool {
	switch x := a.(type) {
	case []float64:
		y := b.([]float64)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

// TestFIRSetTapsShorterIsPadded: fewer taps than the history weigh the
// newest items as a filter built with them does.
func TestFIRSetTapsShorterIsPadded(t *testing.T) {
	x := sigRandComplex(rand.New(rand.NewPCG(1, 2)), 5000)
	long, _ := NewFIRFilter[complex64]([]float32{1, 2, 3, 4, 5}, 2)
	if err := long.SetParam("taps", []float64{0.5, -1, 0.25}); err != nil {
		t.Fatal(err)
	}
	if got := long.Taps(); len(got) != 3 || got[0] != 0.5 || got[2] != 0.25 {
		t.Fatalf("Taps() = %v", got)
	}
	short, _ := NewFIRFilter[complex64]([]float32{0.5, -1, 0.25}, 2)
	a := sigRun(t, long, blocktest.Options{}, x).Items.([]complex64)
	b := sigRun(t, short, blocktest.Options{}, x).Items.([]complex64)
	if len(a) != len(b) {
		t.Fatalf("%d and %d items", len(a), len(b))
	}
	for i := range a {
		if d := a[i] - b[i]; math.Hypot(float64(real(d)), float64(imag(d))) > 1e-5 {
			t.Fatalf("item %d: %v vs %v", i, a[i], b[i])
		}
	}
	if err := long.SetTaps(make([]float32, 6)); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("6 taps on a 5-tap history: %v", err)
	}
}

func TestConstKRealForFloat32(t *testing.T) {
	b := NewMultiplyConst[float32](1)
	if err := b.SetParam("k", []any{1.0, 2.0}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("complex k for float32: %v", err)
	}
	if err := b.SetParam("k", 3); err != nil || b.K() != 3 {
		t.Errorf("k = 3: %v, K() = %v", err, b.K())
	}
}

func TestSelectorSetParamBounds(t *testing.T) {
	b, _ := NewSelector[float32](2, 1, 0, 0)
	if err := b.SetParam("input_index", 2); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("input_index 2 of 2: %v", err)
	}
	if err := b.SetParam("output_index", 0.5); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("output_index 0.5: %v", err)
	}
}
