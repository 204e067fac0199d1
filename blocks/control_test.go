package blocks

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// TestSettableBlocksMatchTheirSpecs checks that the parameters the
// registry declares settable are exactly the block's settings (its
// block.Setting fields, by name), that flowgraph.Graph.Set accepts each
// one, converted and checked by the spec, and Graph.Get reads it back, and
// that the other parameters are refused.
func TestSettableBlocksMatchTheirSpecs(t *testing.T) {
	r := NewRegistry()
	values := map[string]any{"frequency": 123.0, "amplitude": 0.5, "phase_inc": 0.25, "sample_rate": 1e3,
		"k": []any{2.0, 0.0}, "taps": []any{0.5, 0.25}, "enabled": false, "input_index": 1.0, "output_index": 0, "gain": 12.5,
		// display sinks
		"center_freq": -0.125, "average": 0.5, "max_hold": true, "db": false, "y_min": -50.0, "y_max": 5.0, "rate": 10.0,
		"min": -5.0, "max": 5.0, "trigger": "level", "level": 0.5, "slope": "falling", "tag_key": "burst",
		"min_db": -90.0, "max_db": -10.0,
		// GNU Radio Companion corpus blocks
		"value": 2.5, "phase_noise_mag": -90.0, "magbal": 1.0, "phasebal": 5.0, "q_ofs": 0.1,
		"i_ofs": -0.1, "freq_offset": 0.01, "beta": -0.02, "gamma": 0.03}
	build := map[string]map[string]any{
		"fir_filter": {"taps": []any{1.0, 1.0, 1.0}}, "throttle": {"sample_rate": 10.0},
	}
	settable := 0
	for _, id := range r.IDs() {
		spec, _ := r.Lookup(id)
		b, err := r.Build(id, build[id])
		if err != nil {
			if len(spec.SettableParams()) == 0 {
				continue // needs parameters (a file name...); it declares no settings
			}
			t.Fatalf("%s: %v", id, err)
		}
		ps, err := port.Find(b)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		want, got := spec.SettableParams(), slices.Clone(ps.SettingName)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: settings %v, but the spec declares %v settable", id, ps.SettingName, spec.SettableParams())
			continue
		}
		if len(want) == 0 {
			continue
		}
		g := flowgraph.New()
		must(t, g.Add(id, b))
		must(t, g.SetSpec(id, spec))
		for _, p := range spec.Params {
			v, known := values[p.Name]
			if !p.Settable {
				if err := g.Set(id, p.Name, v); !errors.Is(err, registry.ErrNotSettable) {
					t.Errorf("%s.%s is not settable, Set = %v", id, p.Name, err)
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
			if err := g.Set(id, p.Name, v); err != nil {
				t.Errorf("%s: Set(%s, %v): %v", id, p.Name, v, err)
				continue
			}
			got, err := g.Get(id, p.Name)
			if err != nil {
				t.Errorf("%s: Get(%s): %v", id, p.Name, err)
				continue
			}
			if held := ps.Setting[ps.LookupSetting(p.Name)].Value(); !reflect.DeepEqual(got, held) {
				t.Errorf("%s.%s: Get %v, the setting holds %v", id, p.Name, got, held)
			}
			if back, err := spec.CheckSettable(p.Name, got); err != nil || !equalParam(back, c) {
				t.Errorf("%s.%s: set %v, read %v", id, p.Name, c, got)
			}
			if p.Type == registry.ParamString && p.Allowed == nil {
				continue // any string is a value (time_sink's tag_key)
			}
			if err := g.Set(id, p.Name, "not a value"); !errors.Is(err, block.ErrBadParam) {
				t.Errorf("%s: Set(%s, string) = %v, want ErrBadParam", id, p.Name, err)
			}
		}
		if err := g.Set(id, "nope", 1.0); !errors.Is(err, registry.ErrUnknownParam) {
			t.Errorf("%s: Set(nope) = %v", id, err)
		}
		if _, err := g.Get(id, "nope"); !errors.Is(err, registry.ErrUnknownParam) {
			t.Errorf("%s: Get(nope) = %v", id, err)
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
	values := map[string]pmt.Value{"frequency": pmt.Float(123), "amplitude": pmt.Float(0.5),
		"phase_inc": pmt.Float(0.25), "sample_rate": pmt.Int(1000), "k": pmt.Int(2),
		"taps": pmt.List(pmt.Float(0.5)), "enabled": pmt.Bool(false),
		"input_index": pmt.Int(1), "output_index": pmt.Int(0), "gain": pmt.Float(12.5),
		"center_freq": pmt.Int(-1), "average": pmt.Float(0.5), "max_hold": pmt.Bool(true), "db": pmt.Bool(false),
		"y_min": pmt.Float(-50), "y_max": pmt.Float(5), "rate": pmt.Int(10), "min": pmt.Float(-5), "max": pmt.Float(5),
		"trigger": pmt.String("level"), "level": pmt.Float(0.5), "slope": pmt.String("falling"), "tag_key": pmt.String("burst"),
		"min_db": pmt.Float(-90), "max_db": pmt.Float(-10),
		"value": pmt.Int(3), "phase_noise_mag": pmt.Int(-90), "magbal": pmt.Float(1),
		"phasebal": pmt.Int(5), "q_ofs": pmt.Float(0.5), "i_ofs": pmt.Float(-0.5), "freq_offset": pmt.Float(0.25),
		"gamma": pmt.Float(0.125), "beta": pmt.Float(-0.25)}
	// applied are the values, as the spec converts them, the settings then hold.
	applied := map[string]any{"frequency": 123.0, "amplitude": 0.5, "phase_inc": 0.25, "sample_rate": 1000.0,
		"k": complex(2, 0), "taps": []float64{0.5}, "enabled": false, "input_index": 1, "output_index": 0, "gain": 12.5,
		"center_freq": -1.0, "average": 0.5, "max_hold": true, "db": false, "y_min": -50.0, "y_max": 5.0, "rate": 10.0,
		"min": -5.0, "max": 5.0, "trigger": "level", "level": 0.5, "slope": "falling", "tag_key": "burst",
		"min_db": -90.0, "max_db": -10.0,
		"value": 3.0, "phase_noise_mag": -90.0, "magbal": 1.0, "phasebal": 5.0, "q_ofs": 0.5,
		"i_ofs": -0.5, "freq_offset": 0.25, "gamma": 0.125, "beta": -0.25}
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
		ps, err := port.Find(b)
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
			must(t, set.Handle(pmt.Map(map[string]pmt.Value{p: values[p]})))
			if set.Rejected() != 0 {
				t.Errorf("%s: set {%s: %v} rejected: %v", id, p, values[p], set.LastError())
				continue
			}
			s := ps.LookupSetting(p)
			if s < 0 {
				t.Errorf("%s: no setting %s", id, p)
				continue
			}
			got := ps.Setting[s].Value()
			if back, err := spec.CheckSettable(p, got); err != nil || !equalParam(back, applied[p]) {
				t.Errorf("%s: set {%s: %v}: the setting holds %v (%T), want %v", id, p, values[p], got, got, applied[p])
			}
		}
		must(t, set.Handle(pmt.String("not a change")))
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
	// Set as the registry gives taps, []float64: the setting converts them.
	g := flowgraph.New()
	must(t, g.Add("fir", long))
	if err := g.Set("fir", "taps", []float64{0.5, -1, 0.25}); err != nil {
		t.Fatal(err)
	}
	if got := long.Taps.Get(); len(got) != 3 || got[0] != 0.5 || got[2] != 0.25 {
		t.Fatalf("Taps.Get() = %v", got)
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
	if err := long.Taps.Set(make([]float32, 6)); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("6 taps on a 5-tap history: %v", err)
	}
	if err := long.Taps.Set(nil); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("no taps: %v", err)
	}
	if got := long.Taps.Get(); len(got) != 3 {
		t.Errorf("refused taps replaced the taps: %v", got)
	}
}

func TestConstKRealForFloat32(t *testing.T) {
	for _, withSpec := range []bool{false, true} {
		b := NewMultiplyConst[float32](1)
		g := flowgraph.New()
		must(t, g.Add("gain", b))
		if withSpec {
			spec, _ := NewRegistry().Lookup("multiply_const")
			must(t, g.SetSpec("gain", spec))
		}
		for _, k := range []any{[]any{1.0, 2.0}, complex(1, 2)} {
			if err := g.Set("gain", "k", k); !errors.Is(err, block.ErrBadParam) {
				t.Errorf("spec %v: complex k %v for float32: %v", withSpec, k, err)
			}
		}
		if err := g.Set("gain", "k", 3); err != nil || b.K.Get() != 3 {
			t.Errorf("spec %v: k = 3: %v, K.Get() = %v", withSpec, err, b.K.Get())
		}
		if err := g.Set("gain", "k", complex(4, 0)); err != nil || b.K.Get() != 4 {
			t.Errorf("spec %v: k = 4+0i: %v, K.Get() = %v", withSpec, err, b.K.Get())
		}
		if k, err := g.Get("gain", "k"); err != nil || k != float32(4) {
			t.Errorf("spec %v: Get(k) = %v (%T), %v; want float32 4", withSpec, k, k, err)
		}
	}
}

func TestSelectorSetParamBounds(t *testing.T) {
	b, _ := NewSelector[float32](2, 1, 0, 0)
	g := flowgraph.New()
	must(t, g.Add("sel", b))
	if err := g.Set("sel", "input_index", 2); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("input_index 2 of 2: %v", err)
	}
	if err := g.Set("sel", "output_index", 0.5); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("output_index 0.5: %v", err)
	}
	if err := g.Set("sel", "input_index", 1.0); err != nil || b.InputIndex.Get() != 1 {
		t.Errorf("input_index 1: %v, InputIndex.Get() = %d", err, b.InputIndex.Get())
	}
	if b.OutputIndex.Get() != 0 {
		t.Errorf("a refused output_index changed it to %d", b.OutputIndex.Get())
	}
}
