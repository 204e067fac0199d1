package blocks

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
)

// sigNaiveDFT is the textbook O(n²) DFT: X[k] = Σ x[n]·e^{sign·j2πkn/N}.
func sigNaiveDFT(x []complex128, sign float64) []complex128 {
	n := len(x)
	out := make([]complex128, n)
	for k := range n {
		var s complex128
		for i, v := range x {
			s += v * cmplx.Rect(1, sign*2*math.Pi*float64((k*i)%n)/float64(n))
		}
		out[k] = s
	}
	return out
}

func sigRandComplex(r *rand.Rand, n int) []complex64 {
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(r.Float64()*2-1), float32(r.Float64()*2-1))
	}
	return x
}

// sigMaxRelErr returns max|got-want| / max|want|.
func sigMaxRelErr(got []complex64, want []complex128) float64 {
	var e, m float64
	for i := range want {
		e = max(e, cmplx.Abs(complex128(got[i])-want[i]))
		m = max(m, cmplx.Abs(want[i]))
	}
	return e / m
}

func sigRun[T any](t *testing.T, b block.Block, o blocktest.Options, in []T, tags ...buffer.Tag) blocktest.Stream {
	t.Helper()
	outs, err := blocktest.RunWith(b, o, blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0]
}

// sigRefWindow computes the window weights from their textbook formulas.
func sigRefWindow(kind string, n int, beta float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		x := 2 * math.Pi * float64(i) / float64(n-1)
		switch kind {
		case "none":
			w[i] = 1
		case "hamming":
			w[i] = 0.54 - 0.46*math.Cos(x)
		case "hann":
			w[i] = 0.5 - 0.5*math.Cos(x)
		case "blackman":
			w[i] = 0.42 - 0.5*math.Cos(x) + 0.08*math.Cos(2*x)
		case "blackman_harris":
			w[i] = 0.35875 - 0.48829*math.Cos(x) + 0.14128*math.Cos(2*x) - 0.01168*math.Cos(3*x)
		case "kaiser":
			r := 2*float64(i)/float64(n-1) - 1
			w[i] = sigI0(beta*math.Sqrt(1-r*r)) / sigI0(beta)
		}
	}
	return w
}

// sigI0 is the Bessel I0 by its integral (1/π)∫₀^π e^{x cos t} dt, with
// the trapezoidal rule (spectrally accurate for this periodic integrand).
func sigI0(x float64) float64 {
	const m = 2000
	var s float64
	for i := 0; i <= m; i++ {
		f := math.Exp(x * math.Cos(math.Pi*float64(i)/m))
		if i == 0 || i == m {
			f /= 2
		}
		s += f
	}
	return s / m
}

func TestFFTMatchesNaiveDFT(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for size := 2; size <= 4096; size *= 2 {
		for _, dir := range []string{"forward", "reverse"} {
			t.Run(fmt.Sprint(size, dir), func(t *testing.T) {
				const vectors = 3
				x := sigRandComplex(r, vectors*size)
				b, err := NewFFT[complex64](size, FFTOptions{Inverse: dir == "reverse"})
				if err != nil {
					t.Fatal(err)
				}
				got := sigRun(t, b, blocktest.Options{OutputItems: size}, x).Items.([]complex64)
				if len(got) != len(x) {
					t.Fatalf("%d items out, want %d", len(got), len(x))
				}
				sign := -1.0
				if dir == "reverse" {
					sign = 1
				}
				for v := range vectors {
					in := make([]complex128, size)
					for i := range in {
						in[i] = complex128(x[v*size+i])
					}
					if e := sigMaxRelErr(got[v*size:(v+1)*size], sigNaiveDFT(in, sign)); e > 1e-5 {
						t.Fatalf("vector %d: relative error %g > 1e-5", v, e)
					}
				}
			})
		}
	}
}

func TestFFTForwardThenInverseGivesSizeTimesInput(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, shift := range []bool{false, true} {
		for _, size := range []int{2, 16, 1024} {
			x := sigRandComplex(r, 4*size)
			fwd, _ := NewFFT[complex64](size, FFTOptions{Shift: shift})
			inv, _ := NewFFT[complex64](size, FFTOptions{Inverse: true, Shift: shift})
			y := sigRun(t, fwd, blocktest.Options{}, x).Items.([]complex64)
			z := sigRun(t, inv, blocktest.Options{}, y).Items.([]complex64)
			for i := range x {
				want := complex(float32(size), 0) * x[i]
				if cmplx.Abs(complex128(z[i]-want)) > 1e-5*float64(size)*2 {
					t.Fatalf("size %d shift %v: item %d = %v, want %v", size, shift, i, z[i], want)
				}
			}
		}
	}
}

func TestFFTAppliesWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const size, beta = 64, 6.76
	for _, kind := range signalWindows {
		t.Run(kind, func(t *testing.T) {
			x := sigRandComplex(r, size)
			b, err := NewFFT[complex64](size, FFTOptions{Window: kind, Beta: beta})
			if err != nil {
				t.Fatal(err)
			}
			got := sigRun(t, b, blocktest.Options{}, x).Items.([]complex64)
			w := sigRefWindow(kind, size, beta)
			in := make([]complex128, size)
			for i := range in {
				in[i] = complex128(x[i]) * complex(w[i], 0)
			}
			if e := sigMaxRelErr(got, sigNaiveDFT(in, -1)); e > 1e-5 {
				t.Fatalf("relative error %g > 1e-5", e)
			}
		})
	}
}

func TestFFTShiftPutsDCInTheMiddle(t *testing.T) {
	const size = 16
	x := sigRandComplex(rand.New(rand.NewPCG(7, 8)), size)
	plain, _ := NewFFT[complex64](size, FFTOptions{})
	shifted, _ := NewFFT[complex64](size, FFTOptions{Shift: true})
	p := sigRun(t, plain, blocktest.Options{}, x).Items.([]complex64)
	s := sigRun(t, shifted, blocktest.Options{}, x).Items.([]complex64)
	for k := range size {
		if s[k] != p[(k+size/2)%size] {
			t.Fatalf("shifted[%d] = %v, want plain[%d] = %v", k, s[k], (k+size/2)%size, p[(k+size/2)%size])
		}
	}
}

func TestFFTOfRealInputEqualsComplexDFT(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const size = 128
	x := make([]float32, size)
	in := make([]complex128, size)
	for i := range x {
		x[i] = float32(r.NormFloat64())
		in[i] = complex(float64(x[i]), 0)
	}
	b, _ := NewFFT[float32](size, FFTOptions{})
	got := sigRun(t, b, blocktest.Options{}, x).Items.([]complex64)
	if e := sigMaxRelErr(got, sigNaiveDFT(in, -1)); e > 1e-5 {
		t.Fatalf("relative error %g > 1e-5", e)
	}
}

func TestFFTKeepsTagOffsetsAndDropsPartialVector(t *testing.T) {
	const size = 32
	x := sigRandComplex(rand.New(rand.NewPCG(11, 12)), 5*size+7)
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 31, Key: "b"}, {Offset: 32, Key: "c"}, {Offset: 100, Key: "d"}, {Offset: 5*size - 1, Key: "e"}}
	b, _ := NewFFT[complex64](size, FFTOptions{})
	out := sigRun(t, b, blocktest.Options{OutputItems: size}, x, append(tags, buffer.Tag{Offset: 5*size + 3, Key: "dropped"})...)
	if n := len(out.Items.([]complex64)); n != 5*size {
		t.Fatalf("%d items out, want %d (whole vectors only)", n, 5*size)
	}
	if !slices.Equal(out.Tags, tags) {
		t.Fatalf("tags %v, want %v", out.Tags, tags)
	}
}

func TestFFTDoesNotAllocate(t *testing.T) {
	b, _ := NewFFT[complex64](2048, FFTOptions{Window: "hann", Shift: true})
	in, out := make([]complex64, 2048), make([]complex64, 2048)
	if a := testing.AllocsPerRun(10, func() { b.transform(out, in) }); a != 0 {
		t.Fatalf("%v allocations per vector", a)
	}
}

func TestSignalSpecsBuildWithDefaults(t *testing.T) {
	r := NewRegistry()
	for _, id := range []string{"fft", "rotator", "quadrature_demod", "am_demod", "agc", "power_spectrum"} {
		b, err := r.Build(id, nil)
		if err != nil || b == nil {
			t.Fatalf("%s: %v", id, err)
		}
		if _, err := port.Find(b); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	for _, typ := range []string{TypeFloat32, TypeComplex64} {
		for _, id := range []string{"fft", "agc"} {
			if _, err := r.Build(id, map[string]any{"type": typ}); err != nil {
				t.Fatalf("%s %s: %v", id, typ, err)
			}
		}
	}
}

func TestSignalSpecsRejectBadParams(t *testing.T) {
	r := NewRegistry()
	for _, c := range []struct {
		id  string
		raw map[string]any
	}{
		{"fft", map[string]any{"size": 1000}},
		{"fft", map[string]any{"size": 1}},
		{"fft", map[string]any{"window": "triangle"}},
		{"fft", map[string]any{"direction": "sideways"}},
		{"fft", map[string]any{"type": TypeInt16}},
		{"rotator", map[string]any{"phase_inc": "fast"}},
		{"quadrature_demod", map[string]any{"gain": 1e300}},
		{"am_demod", map[string]any{"dc_alpha": 1.5}},
		{"agc", map[string]any{"max_gain": -1}},
		{"agc", map[string]any{"type": TypeUint8}},
		{"power_spectrum", map[string]any{"size": 384}},
		{"power_spectrum", map[string]any{"averages": 0}},
		{"power_spectrum", map[string]any{"window": "hanning"}},
	} {
		if _, err := r.Build(c.id, c.raw); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: error %v, want one wrapping ErrBadParam", c.id, c.raw, err)
		}
	}
	if _, err := NewRotator(math.NaN()); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("NewRotator(NaN): %v", err)
	}
	if _, err := NewAGC[float32](AGCOptions{Rate: math.Inf(1)}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("NewAGC(rate=Inf): %v", err)
	}
	if _, err := NewFFT[complex64](64, FFTOptions{Window: "kaiser", Beta: -1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("kaiser beta -1: %v", err)
	}
}

func BenchmarkFFT2048(b *testing.B) {
	const size = 2048
	f, _ := NewFFT[complex64](size, FFTOptions{Window: "hann"})
	in := sigRandComplex(rand.New(rand.NewPCG(1, 1)), size)
	out := make([]complex64, size)
	b.ReportAllocs()
	for b.Loop() {
		f.transform(out, in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/sample")
}
