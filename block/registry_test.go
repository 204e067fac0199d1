package block_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
)

func testRegistry(t *testing.T) *block.Registry {
	r := block.NewRegistry()
	r.MustRegister(block.Spec{
		ID:  "scale",
		Doc: "multiplies by a constant",
		Params: []block.Param{
			{Name: "type", Type: block.ParamString, Default: "float32", Allowed: []string{"float32", "complex64"}},
			{Name: "k", Type: block.ParamFloat, Doc: "factor"},
			{Name: "taps", Type: block.ParamInt, Default: 4, Min: block.Bound(1), Max: block.Bound(1024)},
			{Name: "coeffs", Type: block.ParamComplexes, Default: []any{1, []any{0, 1}}},
		},
		New: func(p block.Params) (block.Block, error) {
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
	if !errors.Is(err, block.ErrUnknownID) || !strings.Contains(err.Error(), "did you mean scale") {
		t.Errorf("unknown id: %v", err)
	}
	_, err = r.Build("scale", map[string]any{"type": "int7", "taps": 2.5, "kk": 1})
	for _, want := range []error{block.ErrBadParam, block.ErrUnknownParam, block.ErrMissingParam} {
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
	var pe *block.ParamError
	if !errors.As(err, &pe) || pe.ID != "scale" {
		t.Errorf("not a *ParamError: %v", err)
	}
	if err := r.Register(block.Spec{ID: "scale", New: func(block.Params) (block.Block, error) { return nil, nil }}); !errors.Is(err, block.ErrDuplicateID) {
		t.Errorf("duplicate id: %v", err)
	}
	if err := r.Register(block.Spec{ID: "Bad-Id", New: func(block.Params) (block.Block, error) { return nil, nil }}); err == nil {
		t.Error("a non-snake_case id was accepted")
	}
}

// TestParamValueTakesAnyMessage checks the ParamValue type: any value
// FromAny converts is accepted and reaches the constructor as a Value.
func TestParamValueTakesAnyMessage(t *testing.T) {
	var got block.Value
	r := block.NewRegistry()
	r.MustRegister(block.Spec{
		ID: "strobe",
		Params: []block.Param{
			{Name: "message", Type: block.ParamValue, Default: block.NullValue(), Doc: "the message"},
		},
		New: func(p block.Params) (block.Block, error) {
			got = p.Value("message")
			return block.Map(func(in, out []float32) { copy(out, in) }), nil
		},
	})
	for _, tc := range []struct {
		raw  any
		want block.Value
	}{
		{nil, block.NullValue()},
		{map[string]any{"frequency": 1500}, block.MapValue(map[string]block.Value{"frequency": block.IntValue(1500)})},
		{[]any{"k", 2.5}, block.ListValue(block.StringValue("k"), block.FloatValue(2.5))},
		{block.BoolValue(true), block.BoolValue(true)},
		{"text", block.StringValue("text")},
		{[]float32{1, 2}, block.FloatsValue([]float32{1, 2})},
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
	if v, err := block.ParamAs[block.Value]("message", []any{1, "a"}); err != nil || !v.Equal(block.ListValue(block.IntValue(1), block.StringValue("a"))) {
		t.Errorf("ParamAs[Value]: %v %v", v, err)
	}
	if block.ParamValue.String() != "value" {
		t.Errorf("ParamValue prints as %q", block.ParamValue)
	}
}
