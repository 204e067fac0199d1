package graphfile_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
)

const tunable = `
variables:
  samp_rate: 32000
  freq: {value: samp_rate/32, min: 0, max: samp_rate/2, step: 100}
  half: freq/2
blocks:
  - {name: src, id: signal_source, parameters: {type: float32, sample_rate: samp_rate, frequency: half}}
  - {name: snk, id: null_sink, parameters: {type: float32}}
connections:
  - [src, out, snk, in]
`

func TestSetVariableChangesTheParametersWrittenWithIt(t *testing.T) {
	l, err := graphfile.Load([]byte(tunable), blocks.NewRegistry(), graphfile.Options{File: "tunable.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	v := l.Variables[1]
	if v.Name != "freq" || v.Value != 1000 || *v.Min != 0 || *v.Max != 16000 || *v.Step != 100 {
		t.Fatalf("variable %+v, want freq = 1000 in [0, 16000] by 100", v)
	}
	ctx := context.Background()
	if err := l.SetVariable(ctx, "freq", 4000); err != nil {
		t.Fatal(err)
	}
	if f, _ := l.Graph.Get("src", "frequency"); f != 2000.0 {
		t.Errorf("src.frequency = %v after freq = 4000, want half of it", f)
	}
	if h, _ := l.Variable("half"); h != 2000 {
		t.Errorf("half = %v, want 2000", h)
	}
	for _, c := range []struct {
		name  string
		value float64
		want  error
		msg   string
	}{
		{"freq", 20000, graphfile.ErrBadVariable, "above its maximum 16000"},
		{"freq", -1, graphfile.ErrBadVariable, "below its minimum 0"},
		{"samp_rate", 48000, registry.ErrNotSettable, "src.sample_rate cannot change"},
		{"nope", 1, graphfile.ErrUnknownVariable, `"nope"`},
	} {
		err := l.SetVariable(ctx, c.name, c.value)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s = %v: got %v, want %v saying %q", c.name, c.value, err, c.want, c.msg)
		}
	}
	if f, _ := l.Graph.Get("src", "frequency"); f != 2000.0 {
		t.Errorf("src.frequency = %v after refused changes, want 2000 still", f)
	}
}

func TestVariableBoundsHoldAtLoad(t *testing.T) {
	_, err := graphfile.Load([]byte(tunable), blocks.NewRegistry(), graphfile.Options{Set: map[string]string{"freq": "99999"}})
	if !errors.Is(err, graphfile.ErrBadVariable) || !strings.Contains(err.Error(), "above its maximum") {
		t.Errorf("--set freq=99999: got %v, want the maximum refused", err)
	}
	bad := strings.Replace(tunable, "{value: samp_rate/32, min: 0,", "{min: 0,", 1)
	if _, err := graphfile.Load([]byte(bad), blocks.NewRegistry(), graphfile.Options{}); !errors.Is(err, graphfile.ErrBadVariable) {
		t.Errorf("a bounded variable without a value: got %v", err)
	}
}

func TestSetVariableWhileTheGraphRuns(t *testing.T) {
	l, err := graphfile.Load([]byte(tunable), blocks.NewRegistry(), graphfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Graph.Run(ctx) }()
	if err := l.SetVariable(context.Background(), "freq", 8000); err != nil {
		t.Fatal(err)
	}
	if f, _ := l.Graph.Get("src", "frequency"); f != 4000.0 {
		t.Errorf("src.frequency = %v, want 4000", f)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
