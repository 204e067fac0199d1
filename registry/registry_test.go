package registry_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

func testRegistry(t *testing.T) *registry.Registry {
	r := registry.New()
	r.MustRegister(registry.Spec{
		ID:  "scale",
		Doc: "multiplies by a constant",
		Params: []registry.Param{
			{Name: "type", Type: registry.ParamString, Default: "float32", Allowed: []string{"float32", "complex64"}},
			{Name: "k", Type: registry.ParamFloat, Doc: "factor"},
			{Name: "taps", Type: registry.ParamInt, Default: 4, Min: registry.Bound(1), Max: registry.Bound(1024)},
			{Name: "coeffs", Type: registry.ParamComplexes, Default: []any{1, []any{0, 1}}},
		},
		New: func(p registry.Params) (block.Block, error) {
			k := float32(p.Float("k"))
			return block.Map(func(in, out []float32) {
				for i, v := range in {
					out[i] = k * v
				}
			}), nil
		},
	})
	return r
}

func TestRegistryBuildsWithDefaults(t *testing.T) {
	r := testRegistry(t)
	s, _ := r.Lookup("scale")
	p, err := s.Check(map[string]any{"k": 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Float("k") != 2 || p.Int("taps") != 4 || p.String("type") != "float32" || p.Complexes("coeffs")[1] != 1i {
		t.Fatalf("params %v", p)
	}
	if _, err := r.Build("scale", map[string]any{"k": 2.5}); err != nil {
		t.Fatal(err)
	}
}

func TestRegistryErrorsNameTheBlockParameterAndWhatIsAllowed(t *testing.T) {
	r := testRegistry(t)
	_, err := r.Build("scael", nil)
	if !errors.Is(err, registry.ErrUnknownID) || !strings.Contains(err.Error(), "did you mean scale") {
		t.Errorf("unknown id: %v", err)
	}
	_, err = r.Build("scale", map[string]any{"type": "int7", "taps": 2.5, "kk": 1})
	for _, want := range []error{block.ErrBadParam, registry.ErrUnknownParam, registry.ErrMissingParam} {
		if !errors.Is(err, want) {
			t.Errorf("%v does not match %v", err, want)
		}
	}
	for _, want := range []string{`scale: parameter "type": bad value int7: want one of float32, complex64`,
		`unknown parameter "kk" (did you mean k?)`, `parameter "k" is required`, `"taps": bad value 2.5: want int in [1, 1024]`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	var pe *registry.ParamError
	if !errors.As(err, &pe) || pe.ID != "scale" {
		t.Errorf("not a *ParamError: %v", err)
	}
	if err := r.Register(registry.Spec{ID: "scale", New: func(registry.Params) (block.Block, error) { return nil, nil }}); !errors.Is(err, registry.ErrDuplicateID) {
		t.Errorf("duplicate id: %v", err)
	}
	if err := r.Register(registry.Spec{ID: "Bad-Id", New: func(registry.Params) (block.Block, error) { return nil, nil }}); err == nil {
		t.Error("a non-snake_case id was accepted")
	}
}

// TestParamValueTakesAnyMessage checks the ParamValue type: any value
// FromAny converts is accepted and reaches the constructor as a Value.
func TestParamValueTakesAnyMessage(t *testing.T) {
	var got pmt.Value
	r := registry.New()
	r.MustRegister(registry.Spec{
		ID: "strobe",
		Params: []registry.Param{
			{Name: "message", Type: registry.ParamValue, Default: pmt.Null(), Doc: "the message"},
		},
		New: func(p registry.Params) (block.Block, error) {
			got = p.Value("message")
			return block.Map(func(in, out []float32) { copy(out, in) }), nil
		},
	})
	for _, tc := range []struct {
		raw  any
		want pmt.Value
	}{
		{nil, pmt.Null()},
		{map[string]any{"frequency": 1500}, pmt.Map(map[string]pmt.Value{"frequency": pmt.Int(1500)})},
		{[]any{"k", 2.5}, pmt.List(pmt.String("k"), pmt.Float(2.5))},
		{pmt.Bool(true), pmt.Bool(true)},
		{"text", pmt.String("text")},
		{[]float32{1, 2}, pmt.Floats([]float32{1, 2})},
	} {
		raw := map[string]any{}
		if tc.raw != nil {
			raw["message"] = tc.raw
		}
		if _, err := r.Build("strobe", raw); err != nil {
			t.Fatalf("%v: %v", tc.raw, err)
		}
		if !got.Equal(tc.want) {
			t.Errorf("message %v reached the constructor as %v, want %v", tc.raw, got, tc.want)
		}
	}
	_, err := r.Build("strobe", map[string]any{"message": struct{}{}})
	if !errors.Is(err, block.ErrBadParam) || !strings.Contains(err.Error(), "want a value (null, bool, number, string, list or map)") {
		t.Errorf("a struct message: %v", err)
	}
	if _, err := r.Build("strobe", map[string]any{"message": map[string]any{"n": uint64(1 << 63)}}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("an overflowing int: %v", err)
	}
	if v, err := registry.ParamAs[pmt.Value]("message", []any{1, "a"}); err != nil || !v.Equal(pmt.List(pmt.Int(1), pmt.String("a"))) {
		t.Errorf("ParamAs[Value]: %v %v", v, err)
	}
	if registry.ParamValue.String() != "value" {
		t.Errorf("ParamValue prints as %q", registry.ParamValue)
	}
}
