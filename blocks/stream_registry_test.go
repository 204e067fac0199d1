package blocks_test

import (
	"errors"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/registry"
)

// streamRequired are the parameters each stream block needs besides its
// defaults (nil: it builds from defaults alone).
var streamRequired = map[string]map[string]any{
	"head":             {"items": 10},
	"skip":             {"items": 10},
	"copy":             nil,
	"copy_rand":        nil,
	"throttle":         {"sample_rate": 32e3},
	"delay":            nil,
	"keep_one_in_n":    {"n": 4},
	"stream_to_vector": {"items": 8},
	"vector_to_stream": {"items": 8},
	"interleave":       nil,
	"deinterleave":     nil,
	"selector":         nil,
	"tag_inserter":     nil,
}

func TestStreamSpecsBuildForEveryItemType(t *testing.T) {
	r := blocks.NewRegistry()
	for id, required := range streamRequired {
		if _, ok := r.Lookup(id); !ok {
			t.Errorf("%s is not registered", id)
			continue
		}
		for _, typ := range []string{"", "float32", "complex64", "int8", "uint8", "int16"} {
			p := map[string]any{}
			for k, v := range required {
				p[k] = v
			}
			if typ != "" {
				p["type"] = typ
			}
			b, err := r.Build(id, p)
			if err != nil {
				t.Errorf("%s %v: %v", id, p, err)
				continue
			}
			if _, err := port.Find(b); err != nil {
				t.Errorf("%s %v: %v", id, p, err)
			}
		}
	}
}

func TestStreamSpecsWithoutRequiredParamsFailAsMissing(t *testing.T) {
	r := blocks.NewRegistry()
	for id, required := range streamRequired {
		if required == nil {
			continue
		}
		if _, err := r.Build(id, nil); !errors.Is(err, registry.ErrMissingParam) {
			t.Errorf("%s without parameters: err %v, want ErrMissingParam", id, err)
		}
	}
}

func TestStreamSpecsRejectBadValues(t *testing.T) {
	r := blocks.NewRegistry()
	tests := []struct {
		id string
		p  map[string]any
	}{
		{"head", map[string]any{"items": -1}},
		{"head", map[string]any{"items": 1.5}},
		{"head", map[string]any{"items": 10, "type": "float64"}},
		{"skip", map[string]any{"items": -3}},
		{"copy", map[string]any{"enabled": "yes"}},
		{"copy_rand", map[string]any{"max": 0}},
		{"copy_rand", map[string]any{"seed": -1}},
		{"throttle", map[string]any{"sample_rate": 0}},
		{"throttle", map[string]any{"sample_rate": -5}},
		{"throttle", map[string]any{"sample_rate": "fast"}},
		{"delay", map[string]any{"delay": -1}},
		{"keep_one_in_n", map[string]any{"n": 0}},
		{"stream_to_vector", map[string]any{"items": 0}},
		{"vector_to_stream", map[string]any{"items": 0}},
		{"interleave", map[string]any{"streams": 0}},
		{"interleave", map[string]any{"blocksize": 0}},
		{"deinterleave", map[string]any{"streams": 0}},
		{"deinterleave", map[string]any{"blocksize": -2}},
		{"selector", map[string]any{"inputs": 0}},
		{"selector", map[string]any{"input_index": 2}},
		{"selector", map[string]any{"output_index": 1}},
		{"selector", map[string]any{"input_index": -1}},
		{"tag_inserter", map[string]any{"key": ""}},
		{"tag_inserter", map[string]any{"period": -1}},
		{"tag_inserter", map[string]any{"offsets": []any{1, 2.5}}},
		{"tag_inserter", map[string]any{"offsets": []any{-1}}},
	}
	for _, tc := range tests {
		p := map[string]any{}
		for k, v := range streamRequired[tc.id] {
			p[k] = v
		}
		for k, v := range tc.p {
			p[k] = v
		}
		b, err := r.Build(tc.id, p)
		if !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: got %v, err %v; want ErrBadParam", tc.id, tc.p, b, err)
		}
	}
}

func TestStreamSpecsPassParametersToTheBlock(t *testing.T) {
	r := blocks.NewRegistry()
	b, err := r.Build("tag_inserter", map[string]any{"type": "float32", "key": "k", "value": "v", "offsets": []any{2, 0}})
	if err != nil {
		t.Fatal(err)
	}
	got, tags := streamRun(t, b, 64, streamRamp(5), nil)
	streamCheck(t, got, streamRamp(5), tags, streamTagsKV("k", "v", 0, 2))
	b, err = r.Build("selector", map[string]any{"type": "float32", "inputs": 3, "outputs": 2, "input_index": 2, "output_index": 1})
	if err != nil {
		t.Fatal(err)
	}
	if s := b.(*blocks.Selector[float32]); len(s.In) != 3 || len(s.Out) != 2 {
		t.Fatalf("selector has %d inputs, %d outputs; want 3, 2", len(s.In), len(s.Out))
	}
	b, err = r.Build("head", map[string]any{"type": "float32", "items": 3})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = streamRun(t, b, 64, streamRamp(5), nil)
	streamCheck(t, got, streamRamp(3), nil, nil)
}
