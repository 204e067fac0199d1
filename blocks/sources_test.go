package blocks

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

// srcTake runs a source block alone (Init, Work, Deinit) until it has
// produced n items or finished, through an output buffer of about capItems
// items, and returns what it produced with the tags.
func srcTake[T any](t testing.TB, b block.Block, out *block.Out[T], n, capItems int) ([]T, []buffer.Tag, error) {
	t.Helper()
	if err := out.Open(capItems); err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var peer block.In[T]
	if err := out.Attach(&peer, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	if in, ok := b.(block.Initializer); ok {
		if err := in.Init(context.Background()); err != nil {
			return nil, nil, err
		}
	}
	if de, ok := b.(block.Deinitializer); ok {
		defer func() {
			if err := de.Deinit(); err != nil {
				t.Error(err)
			}
		}()
	}
	io := block.NewIO(context.Background())
	var items []T
	var tags []buffer.Tag
	for len(items) < n {
		err := b.Work(io)
		s := peer.Slice()
		s = s[:min(len(s), n-len(items))]
		items = append(items, s...)
		for _, tg := range peer.Tags() {
			if tg.Offset < peer.Offset()+uint64(len(s)) {
				tags = append(tags, tg)
			}
		}
		peer.Consume(len(s))
		if errors.Is(err, block.ErrDone) {
			break
		}
		if err != nil {
			return items, tags, err
		}
	}
	return items, tags, nil
}

func TestNullSourceProducesOnlyZeros(t *testing.T) {
	src := NewNullSource[complex64]()
	got, _, err := srcTake(t, src, &src.Out, 100_000, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 100_000 {
		t.Fatalf("%d items, want 100000", len(got))
	}
	for i, v := range got {
		if v != 0 {
			t.Fatalf("item %d = %v, want 0", i, v)
		}
	}
}

func srcCheckConstant[T sourcesItem](t *testing.T, v T) {
	src := NewConstantSource(v)
	got, _, err := srcTake(t, src, &src.Out, 10_007, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10_007 {
		t.Fatalf("%d items", len(got))
	}
	for i, x := range got {
		if x != v {
			t.Fatalf("item %d = %v, want %v", i, x, v)
		}
	}
}

func TestConstantSourceRepeatsItsValueForEveryType(t *testing.T) {
	t.Run("float32", func(t *testing.T) { srcCheckConstant(t, float32(0.5)) })
	t.Run("complex64", func(t *testing.T) { srcCheckConstant(t, complex64(1+2i)) })
	t.Run("int8", func(t *testing.T) { srcCheckConstant(t, int8(-3)) })
	t.Run("uint8", func(t *testing.T) { srcCheckConstant(t, uint8(200)) })
	t.Run("int16", func(t *testing.T) { srcCheckConstant(t, int16(-1234)) })
}

func TestVectorSourceOnceProducesValuesAndTagsThenFinishes(t *testing.T) {
	vals := make([]int16, 1000)
	for i := range vals {
		vals[i] = int16(3*i - 500)
	}
	tags := []buffer.Tag{{Offset: 999, Key: "last"}, {Offset: 0, Key: "first", Value: 1}, {Offset: 300, Key: "mid"}}
	src, err := NewVectorSource(vals, false, tags...)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 64})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int16); !slices.Equal(got, vals) {
		t.Fatalf("items differ: got %d items", len(got))
	}
	want := []buffer.Tag{{Offset: 0, Key: "first", Value: 1}, {Offset: 300, Key: "mid"}, {Offset: 999, Key: "last"}}
	if !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, want)
	}
}

func TestVectorSourceRepeatRepeatsValuesAndTagsEveryPass(t *testing.T) {
	vals := []complex64{1, 2i, 3, 4i, 5, 6i, 7}
	src, err := NewVectorSource(vals, true, buffer.Tag{Offset: 0, Key: "sof"}, buffer.Tag{Offset: 5, Key: "x"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10_000 // many passes, through a buffer that is not a multiple of 7
	got, tags, err := srcTake(t, src, &src.Out, n, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d items", len(got))
	}
	for i, v := range got {
		if v != vals[i%len(vals)] {
			t.Fatalf("item %d = %v, want %v", i, v, vals[i%len(vals)])
		}
	}
	var want []buffer.Tag
	for p := 0; p*len(vals) < n; p++ {
		want = append(want, buffer.Tag{Offset: uint64(p * len(vals)), Key: "sof"})
		if p*len(vals)+5 < n {
			want = append(want, buffer.Tag{Offset: uint64(p*len(vals) + 5), Key: "x"})
		}
	}
	if !slices.Equal(tags, want) {
		t.Fatalf("%d tags, want %d; first %v", len(tags), len(want), tags[:min(4, len(tags))])
	}
}

func TestVectorSourceRefusesRepeatingNothingAndTagsBeyondTheVector(t *testing.T) {
	if _, err := NewVectorSource([]float32{}, true); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("empty repeat: %v", err)
	}
	if _, err := NewVectorSource([]float32{1}, false, buffer.Tag{Offset: 1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("tag beyond: %v", err)
	}
}

func TestSignalSourceSinusoidsEqualTheDirectFormulaAfterAMillionSamples(t *testing.T) {
	const (
		n     = 1_000_000
		fs    = 48_000.0
		ampl  = 1.5
		phase = 0.3
		off   = 0.25
	)
	for _, tc := range []struct {
		name string
		w    Waveform
		f    float64
	}{
		{"cosine", Cosine, 1234.5},
		{"sine", Sine, 1234.5},
		{"cosine negative frequency", Cosine, -7001.25},
		{"sine near nyquist", Sine, 23_999.9},
	} {
		t.Run(tc.name+"/float32", func(t *testing.T) {
			src, err := NewSignalSource[float32](SignalConfig{Waveform: tc.w, Frequency: tc.f, SampleRate: fs, Amplitude: ampl, Offset: off, Phase: phase})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srcTake(t, src, &src.Out, n, 8192)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range got {
				th := 2*math.Pi*tc.f*float64(i)/fs + phase
				want := ampl*math.Cos(th) + off
				if tc.w == Sine {
					want = ampl*math.Sin(th) + off
				}
				if math.Abs(float64(v)-want) > 1e-5 {
					t.Fatalf("sample %d = %v, want %v", i, v, want)
				}
			}
		})
		t.Run(tc.name+"/complex64", func(t *testing.T) {
			src, err := NewSignalSource[complex64](SignalConfig{Waveform: tc.w, Frequency: tc.f, SampleRate: fs, Amplitude: ampl, Offset: complex(off, -off), Phase: phase})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srcTake(t, src, &src.Out, n, 8192)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range got {
				th := 2*math.Pi*tc.f*float64(i)/fs + phase
				if tc.w == Sine {
					th -= math.Pi / 2
				}
				wr, wi := ampl*math.Cos(th)+off, ampl*math.Sin(th)-off
				if math.Abs(float64(real(v))-wr) > 1e-5 || math.Abs(float64(imag(v))-wi) > 1e-5 {
					t.Fatalf("sample %d = %v, want (%v%+vi)", i, v, wr, wi)
				}
			}
		})
	}
}

func TestSignalSourceSquareTriangleSawtoothFollowGNURadioShapes(t *testing.T) {
	const (
		n    = 200_000
		f    = 1000.3
		fs   = 48_000.0
		ampl = 2.0
		ph   = 0.1
	)
	shape := func(w Waveform, u float64) float64 { // independent of signalShape
		switch w {
		case Square:
			return map[bool]float64{true: 1, false: 0}[u >= 0.5]
		case Triangle:
			if u < 0.5 {
				return 1 - 2*u
			}
			return 2*u - 1
		}
		if u < 0.5 {
			return u + 0.5
		}
		return u - 0.5
	}
	near := func(u, edge float64) bool { return math.Abs(u-edge) < 1e-6 }
	for _, w := range []Waveform{Square, Triangle, Sawtooth} {
		t.Run(string(w), func(t *testing.T) {
			rs, err := NewSignalSource[float32](SignalConfig{Waveform: w, Frequency: f, SampleRate: fs, Amplitude: ampl, Offset: 0.5, Phase: ph})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := NewSignalSource[complex64](SignalConfig{Waveform: w, Frequency: f, SampleRate: fs, Amplitude: ampl, Offset: 0.5, Phase: ph})
			if err != nil {
				t.Fatal(err)
			}
			re, _, err := srcTake(t, rs, &rs.Out, n, 4096)
			if err != nil {
				t.Fatal(err)
			}
			co, _, err := srcTake(t, cs, &cs.Out, n, 4096)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				x := f*float64(i)/fs + ph/(2*math.Pi)
				u := x - math.Floor(x)
				uq := u + 0.25
				uq -= math.Floor(uq)
				if near(u, 0) || near(u, 0.5) || near(u, 1) || near(uq, 0) || near(uq, 0.5) || near(uq, 1) {
					continue // a discontinuity: either side is right
				}
				want := ampl*shape(w, u) + 0.5
				if math.Abs(float64(re[i])-want) > 1e-4 || math.Abs(float64(real(co[i]))-want) > 1e-4 {
					t.Fatalf("sample %d (u=%v): %v and %v, want %v", i, u, re[i], co[i], want)
				}
				if wq := ampl * shape(w, uq); math.Abs(float64(imag(co[i]))-wq) > 1e-4 {
					t.Fatalf("sample %d: imaginary part %v, want %v", i, imag(co[i]), wq)
				}
			}
		})
	}
}

// srcMoments returns the mean and variance of xs.
func srcMoments(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs))
}

func TestNoiseSourceHasTheDocumentedMeanAndVariance(t *testing.T) {
	const n = 400_000
	for _, tc := range []struct {
		name    string
		kind    NoiseKind
		complex bool
		ampl    float64
		varEach float64 // of the real part (and of the imaginary part)
	}{
		{"gaussian float32", Gaussian, false, 2, 4},
		{"uniform float32", Uniform, false, 2, 4.0 / 3},
		{"gaussian complex64", Gaussian, true, 2, 2},
		{"uniform complex64", Uniform, true, 0.5, 0.25 / 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var re, im []float64
			if tc.complex {
				src := NewNoiseSource[complex64](tc.kind, tc.ampl, 7)
				got, _, err := srcTake(t, src, &src.Out, n, 4096)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range got {
					re, im = append(re, float64(real(v))), append(im, float64(imag(v)))
				}
			} else {
				src := NewNoiseSource[float32](tc.kind, tc.ampl, 7)
				got, _, err := srcTake(t, src, &src.Out, n, 4096)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range got {
					re = append(re, float64(v))
				}
			}
			parts := [][]float64{re}
			if tc.complex {
				parts = append(parts, im)
			}
			for _, p := range parts {
				if len(p) != n {
					t.Fatalf("%d samples", len(p))
				}
				m, v := srcMoments(p)
				if se := math.Sqrt(tc.varEach / n); math.Abs(m) > 5*se {
					t.Errorf("mean %v, want 0 ± %v", m, 5*se)
				}
				if math.Abs(v-tc.varEach) > 0.02*tc.varEach {
					t.Errorf("variance %v, want %v ± 2%%", v, tc.varEach)
				}
			}
			if tc.complex {
				var c float64
				for i := range re {
					c += re[i] * im[i]
				}
				if c /= n * tc.varEach; math.Abs(c) > 0.02 {
					t.Errorf("I/Q correlation %v, want 0 ± 0.02", c)
				}
			}
		})
	}
}

func TestNoiseSourceSameSeedSameOutput(t *testing.T) {
	take := func(seed uint64) []complex64 {
		src := NewNoiseSource[complex64](Gaussian, 1, seed)
		got, _, err := srcTake(t, src, &src.Out, 50_000, 4096)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a, b, c := take(42), take(42), take(43)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different output")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
}

// srcRegistryCases are parameters with which each block of the family builds.
func srcRegistryCases(dir string) map[string]map[string]any {
	return map[string]map[string]any{
		"null_source":     {},
		"constant_source": {},
		"vector_source":   {"values": []any{1, 2, 3}},
		"signal_source":   {},
		"noise_source":    {},
		"file_source":     {"path": dir + "/x.raw"},
		"wav_source":      {"path": dir + "/x.wav"},
		"null_sink":       {},
		"vector_sink":     {},
		"tag_debug":       {},
		"probe":           {},
		"count_sink":      {},
		"file_sink":       {"path": dir + "/y.raw"},
		"wav_sink":        {"path": dir + "/y.wav"},
	}
}

func TestSourcesAndSinksBuildFromTheRegistryForEveryType(t *testing.T) {
	r := NewRegistry()
	for id, params := range srcRegistryCases(t.TempDir()) {
		spec, ok := r.Lookup(id)
		if !ok {
			t.Errorf("%s not registered", id)
			continue
		}
		types := []any{nil}
		for _, p := range spec.Params {
			if p.Name == "type" {
				types = nil
				for _, ty := range p.Allowed {
					types = append(types, ty)
				}
			}
		}
		for _, ty := range types {
			raw := map[string]any{}
			for k, v := range params {
				raw[k] = v
			}
			if ty != nil {
				raw["type"] = ty
			}
			b, err := r.Build(id, raw)
			if err != nil || b == nil {
				t.Errorf("%s %v: %v", id, ty, err)
				continue
			}
			ps, err := block.FindPorts(b)
			if err != nil {
				t.Errorf("%s %v: %v", id, ty, err)
				continue
			}
			if ty != nil {
				var port block.Port
				if len(ps.Out) > 0 {
					port = ps.Out[0]
				} else {
					port = ps.In[0]
				}
				if got := port.ItemType().String(); got != ty {
					t.Errorf("%s type %v has port of %s", id, ty, got)
				}
			}
		}
	}
}

func TestSourcesAndSinksRefuseBadParameters(t *testing.T) {
	r := NewRegistry()
	dir := t.TempDir()
	for _, tc := range []struct {
		id  string
		raw map[string]any
	}{
		{"constant_source", map[string]any{"type": "int8", "value": 300}},
		{"constant_source", map[string]any{"type": "uint8", "value": 1.5}},
		{"constant_source", map[string]any{"type": "float32", "value": []any{1, 2}}},
		{"null_source", map[string]any{"type": "string"}},
		{"vector_source", map[string]any{"type": "int16", "values": []any{1, 70000}}},
		{"vector_source", map[string]any{"values": []any{}, "repeat": true}},
		{"signal_source", map[string]any{"sample_rate": 0}},
		{"signal_source", map[string]any{"sample_rate": -1}},
		{"signal_source", map[string]any{"waveform": "noise"}},
		{"signal_source", map[string]any{"type": "int8"}},
		{"noise_source", map[string]any{"noise": "pink"}},
		{"noise_source", map[string]any{"seed": -1}},
		{"file_source", map[string]any{"path": dir + "/x", "offset": -1}},
		{"file_source", map[string]any{"path": ""}},
		{"wav_source", map[string]any{"path": dir + "/x", "channel": -2}},
		{"wav_sink", map[string]any{"path": dir + "/x", "channels": 0}},
		{"probe", map[string]any{"window": 0}},
		{"count_sink", map[string]any{"expect": -5}},
		{"file_sink", map[string]any{"path": dir + "/x", "append": "yes"}},
	} {
		if _, err := r.Build(tc.id, tc.raw); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: error %v, want one wrapping ErrBadParam", tc.id, tc.raw, err)
		}
	}
}

// srcBenchSource measures a source's Work per item, its output drained.
func srcBenchSource[T any](b *testing.B, blk block.Block, out *block.Out[T]) {
	if err := out.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	var peer block.In[T]
	if err := out.Attach(&peer, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer peer.Close()
	if in, ok := blk.(block.Initializer); ok {
		if err := in.Init(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	if de, ok := blk.(block.Deinitializer); ok {
		defer de.Deinit()
	}
	io := block.NewIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := blk.Work(io); err != nil {
			b.Fatal(err)
		}
		n := len(peer.Slice())
		peer.Consume(n)
		items += n
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}

func BenchmarkSignalSourceComplexCosine(b *testing.B) {
	src, _ := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkSignalSourceFloatSine(b *testing.B) {
	src, _ := NewSignalSource[float32](SignalConfig{Waveform: Sine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkSignalSourceFloatSquare(b *testing.B) {
	src, _ := NewSignalSource[float32](SignalConfig{Waveform: Square, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkNoiseSourceComplexGaussian(b *testing.B) {
	src := NewNoiseSource[complex64](Gaussian, 1, 1)
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkConstantSourceComplex(b *testing.B) {
	src := NewConstantSource[complex64](1 + 1i)
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkVectorSourceRepeat(b *testing.B) {
	src, _ := NewVectorSource(make([]float32, 1000), true, buffer.Tag{Offset: 0, Key: "sof"})
	srcBenchSource(b, src, &src.Out)
}

func TestSignalConfigZeroWaveformIsCosineAndSampleRateIsRequired(t *testing.T) {
	def, err := NewSignalSource[complex64](SignalConfig{Frequency: 1, SampleRate: 8, Amplitude: 1})
	if err != nil {
		t.Fatal(err)
	}
	cos, _ := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: 1, SampleRate: 8, Amplitude: 1})
	got, _, _ := srcTake(t, def, &def.Out, 16, 64)
	want, _, _ := srcTake(t, cos, &cos.Out, 16, 64)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := NewSignalSource[float32](SignalConfig{Frequency: 1, Amplitude: 1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("zero sample rate: error %v, want one wrapping ErrBadParam", err)
	}
}
