package flowgraph_test

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
)

// sampleCollector keeps every complex sample and tag, up to limit samples. Once
// it holds pause samples it closes reached and waits for resume.
type sampleCollector struct {
	In      block.In[complex64]
	limit   int
	pause   int
	reached chan struct{}
	resume  chan struct{}
	got     []complex64
	tags    []buffer.Tag
	count   atomic.Int64
}

func (c *sampleCollector) Work(*block.IO) error {
	if c.pause > 0 && len(c.got) >= c.pause {
		close(c.reached)
		<-c.resume
		c.pause = 0
	}
	in := c.In.Slice()
	n := min(len(in), c.limit-len(c.got))
	if c.pause > 0 {
		n = min(n, c.pause-len(c.got))
	}
	end := c.In.Offset() + uint64(n)
	for _, t := range c.In.Tags() {
		if t.Offset < end {
			c.tags = append(c.tags, t)
		}
	}
	c.got = append(c.got, in[:n]...)
	c.In.Consume(n)
	c.count.Store(int64(len(c.got)))
	if len(c.got) == c.limit || (n == 0 && c.In.Finished()) {
		return block.ErrDone
	}
	return nil
}

func expi(turns float64) complex128 { return cmplx.Exp(complex(0, 2*math.Pi*turns)) }

// nco is the phase step, in turns per sample, that signal_source keeps for
// frequency f at rate fs (|f| < fs/2): GNU Radio's fixed-point NCO step,
// 2π·f/fs rounded to float32, then to 2^32 per turn.
func nco(f, fs float64) float64 {
	x := float32(2 * math.Pi * f / fs)
	return float64(int32(float32(float32(x*(1<<31))/float32(math.Pi)))) / (1 << 32)
}

func TestSetChangesFrequencyAtATaggedBoundary(t *testing.T) {
	const fs, f1, f2 = 48e3, 1e3, 3.5e3
	src, err := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: f1, SampleRate: fs, Amplitude: 1})
	if err != nil {
		t.Fatal(err)
	}
	col := &sampleCollector{limit: 100_000, pause: 10_000, reached: make(chan struct{}), resume: make(chan struct{})}
	g := flowgraph.New()
	_ = g.Add("src", src)
	_ = g.Add("col", col)
	if err := flowgraph.Connect(g, &src.Out, &col.In); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- g.Run(context.Background()) }()
	<-col.reached
	time.Sleep(10 * time.Millisecond) // let the source fill its buffer and sleep
	if err := g.Set("src", "frequency", f2); err != nil {
		t.Fatal(err)
	}
	if v, err := g.Get("src", "frequency"); err != nil || v != f2 {
		t.Fatalf("Get = %v, %v; want %v", v, err, f2)
	}
	close(col.resume)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(col.tags) != 1 || col.tags[0].Key != "set:frequency" || col.tags[0].Value != f2 {
		t.Fatalf("tags %v, want one set:frequency=%v", col.tags, f2)
	}
	k := int(col.tags[0].Offset)
	if k < 10_000 || k >= len(col.got) {
		t.Fatalf("change at offset %d, want in [10000, %d)", k, len(col.got))
	}
	for n, y := range col.got {
		want := expi(nco(f1, fs) * float64(n))
		if n >= k {
			want = expi(nco(f1, fs)*float64(k) + nco(f2, fs)*float64(n-k))
		}
		if d := cmplx.Abs(complex128(y) - want); d > 1e-4 {
			t.Fatalf("sample %d = %v, want %v (change at %d)", n, y, want, k)
		}
	}
}

func TestSetBeforeRunAppliesDirectly(t *testing.T) {
	src, _ := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	col := &sampleCollector{limit: 1000}
	g := flowgraph.New()
	_ = g.Add("src", src)
	_ = g.Add("col", col)
	_ = flowgraph.Connect(g, &src.Out, &col.In)
	if err := g.Set("src", "frequency", 2000); err != nil { // an int converts
		t.Fatal(err)
	}
	if err := g.Set("src", "amplitude", float32(0.5)); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(col.tags) != 0 {
		t.Fatalf("tags %v before Run, want none", col.tags)
	}
	for n, y := range col.got {
		if d := cmplx.Abs(complex128(y) - 0.5*expi(2e3/48e3*float64(n))); d > 1e-4 {
			t.Fatalf("sample %d = %v", n, y)
		}
	}
	// After Run: still applies, directly.
	if err := g.Set("src", "frequency", 5.0); err != nil {
		t.Fatal(err)
	}
	if v, _ := g.Get("src", "frequency"); v != 5.0 {
		t.Fatalf("Get after Run = %v", v)
	}
}

func TestSetErrors(t *testing.T) {
	l, err := graphfile.Load([]byte(`
blocks:
  - {name: src, id: signal_source, parameters: {frequency: 100}}
  - {name: fir, id: fir_filter, parameters: {type: complex64, taps: [0.5, 0.5]}}
  - {name: head, id: head, parameters: {type: complex64, items: 100}}
  - {name: snk, id: null_sink}
connections:
  - [src, 0, fir, 0]
  - [fir, 0, head, 0]
  - [head, 0, snk, 0]
`), blocks.NewRegistry(), graphfile.Options{File: "t.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	g := l.Graph
	for _, c := range []struct {
		block, param string
		v            any
		want         error
	}{
		{"nope", "frequency", 1.0, flowgraph.ErrUnknownBlock},
		{"head", "items", 1, registry.ErrNotSettable},        // the block has no settable parameter
		{"src", "sample_rate", 1.0, registry.ErrNotSettable}, // declared, not settable
		{"src", "frequence", 1.0, registry.ErrUnknownParam},  // a typo
		{"src", "frequency", "fast", block.ErrBadParam},      // wrong type
		{"src", "frequency", math.NaN(), block.ErrBadParam},  // refused by the spec
		{"fir", "taps", []any{1.0, 2.0, 3.0}, block.ErrBadParam},
		{"fir", "taps", []any{}, block.ErrBadParam},
	} {
		err := g.Set(c.block, c.param, c.v)
		if !errors.Is(err, c.want) {
			t.Errorf("Set(%s, %s, %v) = %v, want %v", c.block, c.param, c.v, err, c.want)
		}
	}
	if _, err := g.Get("src", "phase"); !errors.Is(err, registry.ErrNotSettable) {
		t.Errorf("Get(src, phase) = %v", err)
	}
	if got := g.Settable("src"); len(got) != 2 || got[0] != "frequency" || got[1] != "amplitude" {
		t.Errorf("Settable(src) = %v", got)
	}
	if err := g.Set("fir", "taps", []any{1.0}); err != nil {
		t.Fatal(err)
	}
	if v, err := g.Get("fir", "taps"); err != nil || len(v.([]float32)) != 1 {
		t.Fatalf("Get(fir, taps) = %v, %v", v, err)
	}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A block without a spec refuses unknown names itself.
	g2 := flowgraph.New()
	src, _ := blocks.NewSignalSource[float32](blocks.SignalConfig{Waveform: blocks.Sine, Frequency: 1, SampleRate: 8, Amplitude: 1})
	_ = g2.Add("src", src)
	if err := g2.Set("src", "phase", 1.0); !errors.Is(err, registry.ErrUnknownParam) {
		t.Errorf("Set without spec: %v", err)
	}
}

// TestSetWhileRunningRace changes parameters from several goroutines while
// the blocks work (run with -race): every change is applied between Work calls.
func TestSetWhileRunningRace(t *testing.T) {
	l, err := graphfile.Load([]byte(`
blocks:
  - {name: src, id: signal_source}
  - {name: fir, id: fir_filter, parameters: {type: complex64, taps: [0.25, 0.25, 0.25, 0.25]}}
  - {name: gain, id: multiply_const, parameters: {type: complex64, k: [1, 0]}}
  - {name: rot, id: rotator}
  - {name: gate, id: copy, parameters: {type: complex64}}
  - {name: snk, id: null_sink}
connections:
  - [src, 0, fir, 0]
  - [fir, 0, gain, 0]
  - [gain, 0, rot, 0]
  - [rot, 0, gate, 0]
  - [gate, 0, snk, 0]
`), blocks.NewRegistry(), graphfile.Options{File: "t.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	g := l.Graph
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 100 {
				v := float64(i + w)
				for _, s := range []struct {
					b, p string
					v    any
				}{{"src", "frequency", v}, {"fir", "taps", []any{v, 1.0}}, {"gain", "k", []any{v, 1.0}},
					{"rot", "phase_inc", v / 100}, {"gate", "enabled", i%2 == 0}} {
					if err := g.Set(s.b, s.p, s.v); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if v, err := g.Get("gain", "k"); err != nil || imag(v.(complex64)) != 1 {
		t.Errorf("Get(gain, k) = %v, %v", v, err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	// A request made after the end neither hangs nor fails.
	if err := g.Set("src", "frequency", 1.0); err != nil {
		t.Fatal(err)
	}
}

func TestSetContextGivesUp(t *testing.T) {
	col := &sampleCollector{limit: 10, pause: 1, reached: make(chan struct{}), resume: make(chan struct{})}
	src, _ := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: 1, SampleRate: 8, Amplitude: 1})
	g := flowgraph.New()
	_ = g.Add("src", src)
	_ = g.Add("col", col)
	_ = flowgraph.Connect(g, &src.Out, &col.In)
	done := make(chan error, 1)
	go func() { done <- g.Run(context.Background()) }()
	<-col.reached
	// src still works; a context already done gives up at once or applies.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.SetContext(ctx, "src", "frequency", 2.0); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	close(col.resume)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
