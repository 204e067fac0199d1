package blocks_test

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/registry"
)

// mathRun runs b on the given inputs with a small output buffer, so that
// Work is called many times with partial chunks.
func mathRun(t *testing.T, b block.Block, ins ...blocktest.Stream) []blocktest.Stream {
	t.Helper()
	outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: 64}, ins...)
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

// mathClose reports whether a and b agree within a relative tolerance tol
// (absolute near zero).
func mathClose(a, b complex128, tol float64) bool {
	if a == b {
		return true // also for infinities
	}
	if cmplx.IsNaN(a) || cmplx.IsNaN(b) {
		return cmplx.IsNaN(a) && cmplx.IsNaN(b)
	}
	return cmplx.Abs(a-b) <= tol*max(1, cmplx.Abs(b))
}

func mathCheck[T float32 | complex64 | int16](t *testing.T, got, want []T, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d", len(got), len(want))
	}
	for i := range got {
		var g, w complex128
		switch gv := any(got[i]).(type) {
		case float32:
			g, w = complex(float64(gv), 0), complex(float64(any(want[i]).(float32)), 0)
		case complex64:
			g, w = complex128(gv), complex128(any(want[i]).(complex64))
		case int16:
			g, w = complex(float64(gv), 0), complex(float64(any(want[i]).(int16)), 0)
		}
		if !mathClose(g, w, tol) {
			t.Fatalf("item %d = %v, want %v", i, got[i], want[i])
		}
	}
}

// mathRamp returns n items derived from seed, with signs and magnitudes
// that vary, for type T.
func mathRamp[T float32 | complex64 | int16](n int, seed float64) []T {
	out := make([]T, n)
	for i := range out {
		x := math.Sin(float64(i)*0.37+seed) * 3
		y := math.Cos(float64(i)*0.21+2*seed) * 2
		switch p := any(&out[i]).(type) {
		case *float32:
			*p = float32(x)
		case *complex64:
			*p = complex(float32(x), float32(y))
		case *int16:
			*p = int16(x * 10000) // products and sums overflow: they must wrap
		}
	}
	return out
}

func mathNaryCase[T float32 | complex64 | int16](t *testing.T, op string) {
	const n = 300
	a, b, c := mathRamp[T](n, 0.1), mathRamp[T](n+7, 1.3), mathRamp[T](n+20, 2.9)
	want := make([]T, n)
	for i := range want {
		switch op {
		case "add":
			want[i] = a[i] + b[i] + c[i]
		case "subtract":
			want[i] = a[i] - b[i] - c[i]
		case "multiply":
			want[i] = a[i] * b[i] * c[i]
		}
	}
	var blk block.Block
	var err error
	switch op {
	case "add":
		blk, err = blocks.NewAdd[T](3)
	case "subtract":
		blk, err = blocks.NewSubtract[T](3)
	case "multiply":
		blk, err = blocks.NewMultiply[T](3)
	}
	if err != nil {
		t.Fatal(err)
	}
	tags := [][]buffer.Tag{{{Offset: 0, Key: "a"}, {Offset: 150, Key: "a2"}}, nil, {{Offset: 63, Key: "c"}, {Offset: 299, Key: "c2"}}}
	outs := mathRun(t, blk, blocktest.Stream{Items: a, Tags: tags[0]}, blocktest.Stream{Items: b}, blocktest.Stream{Items: c, Tags: tags[2]})
	mathCheck(t, outs[0].Items.([]T), want, 1e-6)
	wantTags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 63, Key: "c"}, {Offset: 150, Key: "a2"}, {Offset: 299, Key: "c2"}}
	got := slices.Clone(outs[0].Tags)
	slices.SortStableFunc(got, func(x, y buffer.Tag) int { return int(x.Offset) - int(y.Offset) })
	if !slices.Equal(got, wantTags) {
		t.Fatalf("tags %v, want %v", got, wantTags)
	}
}

func TestNaryArithmeticWithThreeInputsMatchesDirectFormula(t *testing.T) {
	for _, op := range []string{"add", "subtract", "multiply"} {
		t.Run(op+"/float32", func(t *testing.T) { mathNaryCase[float32](t, op) })
		t.Run(op+"/complex64", func(t *testing.T) { mathNaryCase[complex64](t, op) })
		t.Run(op+"/int16", func(t *testing.T) { mathNaryCase[int16](t, op) })
	}
}

func TestNaryRefusesFewerThanTwoInputs(t *testing.T) {
	if _, err := blocks.NewAdd[float32](1); !errors.Is(err, block.ErrBadParam) {
		t.Fatalf("err = %v, want ErrBadParam", err)
	}
}

func TestConstantBlocksMatchDirectFormula(t *testing.T) {
	xf := mathRamp[float32](500, 0.4)
	xc := mathRamp[complex64](500, 0.8)
	kc := complex64(complex(0.5, -1.25))
	const kf = float32(-2.5)
	wantAddF, wantMulF := make([]float32, len(xf)), make([]float32, len(xf))
	for i, v := range xf {
		wantAddF[i], wantMulF[i] = v+kf, v*kf
	}
	wantAddC, wantMulC := make([]complex64, len(xc)), make([]complex64, len(xc))
	for i, v := range xc {
		// complex product written out: an independent formula
		wantAddC[i] = complex(real(v)+real(kc), imag(v)+imag(kc))
		wantMulC[i] = complex(real(v)*real(kc)-imag(v)*imag(kc), real(v)*imag(kc)+imag(v)*real(kc))
	}
	tags := []buffer.Tag{{Offset: 3, Key: "x"}, {Offset: 499, Key: "y"}}
	t.Run("add_const/float32", func(t *testing.T) {
		outs := mathRun(t, blocks.NewAddConst(kf), blocktest.Stream{Items: xf, Tags: tags})
		mathCheck(t, outs[0].Items.([]float32), wantAddF, 1e-7)
		if !slices.Equal(outs[0].Tags, tags) {
			t.Fatalf("tags %v, want %v", outs[0].Tags, tags)
		}
	})
	t.Run("multiply_const/float32", func(t *testing.T) {
		outs := mathRun(t, blocks.NewMultiplyConst(kf), blocktest.Stream{Items: xf})
		mathCheck(t, outs[0].Items.([]float32), wantMulF, 1e-7)
	})
	t.Run("add_const/complex64", func(t *testing.T) {
		outs := mathRun(t, blocks.NewAddConst(kc), blocktest.Stream{Items: xc})
		mathCheck(t, outs[0].Items.([]complex64), wantAddC, 1e-7)
	})
	t.Run("multiply_const/complex64", func(t *testing.T) {
		outs := mathRun(t, blocks.NewMultiplyConst(kc), blocktest.Stream{Items: xc, Tags: tags})
		mathCheck(t, outs[0].Items.([]complex64), wantMulC, 1e-6)
		if !slices.Equal(outs[0].Tags, tags) {
			t.Fatalf("tags %v, want %v", outs[0].Tags, tags)
		}
	})
}

func TestSetKChangesTheConstant(t *testing.T) {
	m := blocks.NewMultiplyConst[float32](2)
	if err := m.K.Set(3); err != nil || m.K.Get() != 3 {
		t.Fatalf("K = %v after K.Set(3): %v", m.K.Get(), err)
	}
	outs := mathRun(t, m, blocktest.Stream{Items: []float32{1, -2}})
	if got := outs[0].Items.([]float32); !slices.Equal(got, []float32{3, -6}) {
		t.Fatalf("got %v", got)
	}
	a := blocks.NewAddConst[complex64](0)
	if err := a.K.Set(1i); err != nil {
		t.Fatal(err)
	}
	outs = mathRun(t, a, blocktest.Stream{Items: []complex64{1}})
	if got := outs[0].Items.([]complex64); got[0] != complex(1, 1) {
		t.Fatalf("got %v", got)
	}
}

func TestComplexToRealBlocksMatchDirectFormula(t *testing.T) {
	x := append(mathRamp[complex64](400, 0.3), 0, -1, 1i, -1i, complex(-1, -1e-30), complex(3e19, 4e19))
	mag, mag2, arg := make([]float32, len(x)), make([]float32, len(x)), make([]float32, len(x))
	conj := make([]complex64, len(x))
	for i, v := range x {
		c := complex128(v)
		mag[i] = float32(cmplx.Abs(c))
		mag2[i] = float32(real(c)*real(c) + imag(c)*imag(c))
		arg[i] = float32(cmplx.Phase(c))
		conj[i] = complex64(cmplx.Conj(c))
	}
	for _, tc := range []struct {
		name string
		b    block.Block
		want []float32
		tol  float64
	}{
		{"complex_to_mag", blocks.NewComplexToMag(), mag[:len(mag)-1], 1e-6}, // float32 re²+im² overflows for the last item, as in VOLK
		{"complex_to_mag_squared", blocks.NewComplexToMagSquared(), mag2[:len(mag2)-1], 1e-6},
		{"complex_to_arg", blocks.NewComplexToArg(), arg, 1e-6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := x[:len(tc.want)]
			outs := mathRun(t, tc.b, blocktest.Stream{Items: in, Tags: []buffer.Tag{{Offset: 7, Key: "k"}}})
			mathCheck(t, outs[0].Items.([]float32), tc.want, tc.tol)
			if len(outs[0].Tags) != 1 || outs[0].Tags[0].Offset != 7 {
				t.Fatalf("tags %v", outs[0].Tags)
			}
		})
	}
	t.Run("conjugate", func(t *testing.T) {
		outs := mathRun(t, blocks.NewConjugate(), blocktest.Stream{Items: x})
		mathCheck(t, outs[0].Items.([]complex64), conj, 0)
	})
	t.Run("complex_to_arg of -1-0j is -π", func(t *testing.T) {
		outs := mathRun(t, blocks.NewComplexToArg(), blocktest.Stream{Items: []complex64{complex(-1, float32(math.Copysign(0, -1)))}})
		if got := outs[0].Items.([]float32)[0]; got != -math.Pi {
			t.Fatalf("arg = %v, want -π", got)
		}
	})
}

// mathIDs are the ids registered by the math and conversion families.
var mathIDs = []string{
	"add", "subtract", "multiply", "add_const", "multiply_const", "conjugate",
	"complex_to_mag", "complex_to_mag_squared", "complex_to_arg", "complex_to_float",
	"float_to_complex", "to_db",
	"interleaved_char_to_complex", "interleaved_uchar_to_complex", "interleaved_short_to_complex",
	"complex_to_interleaved_short", "complex_to_interleaved_char", "float_to_short",
	"short_to_float", "float_to_char", "char_to_float", "uchar_to_float",
}

func TestMathSpecsBuildWithDefaultsAndEveryType(t *testing.T) {
	r := blocks.NewRegistry()
	for _, id := range mathIDs {
		s, ok := r.Lookup(id)
		if !ok {
			t.Fatalf("%s not registered", id)
		}
		if _, err := r.Build(id, nil); err != nil {
			t.Errorf("%s with defaults: %v", id, err)
		}
		for _, p := range s.Params {
			if p.Name != "type" {
				continue
			}
			for _, typ := range p.Allowed {
				b, err := r.Build(id, map[string]any{"type": typ})
				if err != nil || b == nil {
					t.Errorf("%s type %s: %v", id, typ, err)
				}
				if _, err := port.Find(b); err != nil {
					t.Errorf("%s type %s: %v", id, typ, err)
				}
			}
		}
	}
	b, err := r.Build("add", map[string]any{"type": "complex64", "inputs": 4})
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := port.Find(b); len(ps.In) != 4 || ps.InName[3] != "in3" {
		t.Fatalf("add with 4 inputs has inputs %v", ps.InName)
	}
	b, err = r.Build("multiply_const", map[string]any{"type": "complex64", "k": []any{0.0, 2.0}})
	if err != nil {
		t.Fatal(err)
	}
	if k := b.(*blocks.MultiplyConst[complex64]).K.Get(); k != 2i {
		t.Fatalf("k = %v, want 2i", k)
	}
	if s, _ := r.Lookup("multiply_const"); !slices.ContainsFunc(s.Params, func(p registry.Param) bool { return p.Name == "k" && p.Settable }) {
		t.Fatal("multiply_const k is not settable")
	}
}

func TestMathSpecsRefuseBadParameters(t *testing.T) {
	r := blocks.NewRegistry()
	for _, tc := range []struct {
		id  string
		raw map[string]any
	}{
		{"add", map[string]any{"inputs": 1}},
		{"multiply", map[string]any{"type": "int8"}},
		{"subtract", map[string]any{"inputs": 2.5}},
		{"add_const", map[string]any{"type": "float32", "k": []any{1.0, 1.0}}},
		{"multiply_const", map[string]any{"type": "float32", "k": 1i}},
		{"multiply_const", map[string]any{"k": "two"}},
		{"to_db", map[string]any{"factor": 0}},
		{"interleaved_char_to_complex", map[string]any{"scale": 0}},
		{"interleaved_short_to_complex", map[string]any{"scale": math.Inf(1)}},
		{"interleaved_uchar_to_complex", map[string]any{"offset": math.NaN()}},
		{"float_to_short", map[string]any{"scale": 0}},
		{"short_to_float", map[string]any{"scale": 0.0}},
		{"float_to_char", map[string]any{"scale": math.NaN()}},
		{"char_to_float", map[string]any{"scale": 0}},
		{"complex_to_interleaved_short", map[string]any{"scale": 0}},
		{"complex_to_interleaved_char", map[string]any{"scale": 0}},
	} {
		b, err := r.Build(tc.id, tc.raw)
		if !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: err = %v, want ErrBadParam", tc.id, tc.raw, err)
		}
		if b != nil {
			t.Errorf("%s %v: block %v with an error", tc.id, tc.raw, b)
		}
	}
}

// mathBenchWork measures Work of blk, whose ports are in and out, on
// chunks of a buffer kept full, in ns per sample, a sample being perSample
// output items.
func mathBenchWork[A, B any](b *testing.B, blk block.Block, bin *block.In[A], bout *block.Out[B], perSample int, fill func([]A)) {
	const chunk = 1 << 14
	in, out := port.InOf[A](bin), port.OutOf[B](bout)
	src := new(port.Out[A])
	snk := new(port.In[B])
	for _, err := range []error{
		src.Open(chunk), src.Attach(in, nil, nil),
		out.Open(chunk), out.Attach(snk, nil, nil),
	} {
		if err != nil {
			b.Fatal(err)
		}
	}
	defer func() { src.Close(); in.Close(); out.Close(); snk.Close() }()
	fill(src.Slice()) // the double-mapped buffer keeps these values as it wraps
	io := streamIO(context.Background())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src.Produce(len(src.Slice()))
		if err := blk.Work(io); err != nil {
			b.Fatal(err)
		}
		snk.Consume(len(snk.Slice()))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())*float64(perSample)/float64(out.Counted()), "ns/sample")
}
