package kernel

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

func naiveDotReal(x, taps []float32) float32 {
	var s float32
	for k := range taps {
		s += x[k] * taps[k]
	}
	return s
}

func naiveDotComplexReal(x []complex64, taps []float32) complex64 {
	var s complex64
	for k := range taps {
		s += x[k] * complex(taps[k], 0)
	}
	return s
}

func naiveDotComplex(x, taps []complex64) complex64 {
	var s complex64
	for k := range taps {
		s += x[k] * taps[k]
	}
	return s
}

func randReal(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

func randComplex(r *rand.Rand, n int) []complex64 {
	s := make([]complex64, n)
	for i := range s {
		s[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	return s
}

// The reference sums in float64, so the tolerance covers float32 rounding
// of a sum of n products of unit-variance numbers.
func TestDotProductsMatchFloat64Sums(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 257} {
		xr, tr := randReal(r, n+3), randReal(r, n)
		xc, tc := randComplex(r, n+3), randComplex(r, n)
		var wr float64
		var wcr, wc complex128
		for k := range n {
			wr += float64(xr[k]) * float64(tr[k])
			wcr += complex128(xc[k]) * complex(float64(tr[k]), 0)
			wc += complex128(xc[k]) * complex128(tc[k])
		}
		tol := 1e-5 * float64(n+1)
		if got := DotReal(xr, tr); math.Abs(float64(got)-wr) > tol {
			t.Errorf("DotReal n=%d: %v, want %v", n, got, wr)
		}
		if got := DotComplexReal(xc, tr); cmplx.Abs(complex128(got)-wcr) > tol {
			t.Errorf("DotComplexReal n=%d: %v, want %v", n, got, wcr)
		}
		if got := DotComplex(xc, tc); cmplx.Abs(complex128(got)-wc) > tol {
			t.Errorf("DotComplex n=%d: %v, want %v", n, got, wc)
		}
	}
}

func TestFIRIsCorrelationOverTheWindowWithDecimation(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, ntaps := range []int{1, 5, 8, 13} {
		for _, decim := range []int{1, 2, 3} {
			nout := 20
			in := randReal(r, (nout-1)*decim+ntaps)
			inc := randComplex(r, len(in))
			taps, ctaps := randReal(r, ntaps), randComplex(r, ntaps)
			out := make([]float32, nout)
			outc := make([]complex64, nout)
			outcc := make([]complex64, nout)
			FIRReal(out, in, taps, decim)
			FIRComplexReal(outc, inc, taps, decim)
			FIRComplex(outcc, inc, ctaps, decim)
			for i := range nout {
				if d := math.Abs(float64(out[i] - naiveDotReal(in[i*decim:], taps))); d > 1e-4 {
					t.Fatalf("FIRReal ntaps=%d decim=%d out[%d] off by %g", ntaps, decim, i, d)
				}
				if d := cmplx.Abs(complex128(outc[i] - naiveDotComplexReal(inc[i*decim:], taps))); d > 1e-4 {
					t.Fatalf("FIRComplexReal ntaps=%d decim=%d out[%d] off by %g", ntaps, decim, i, d)
				}
				if d := cmplx.Abs(complex128(outcc[i] - naiveDotComplex(inc[i*decim:], ctaps))); d > 1e-4 {
					t.Fatalf("FIRComplex ntaps=%d decim=%d out[%d] off by %g", ntaps, decim, i, d)
				}
			}
		}
	}
}

func TestReverse(t *testing.T) {
	got := Reverse([]float32{1, 2, 3})
	if got[0] != 3 || got[1] != 2 || got[2] != 1 {
		t.Fatalf("Reverse = %v", got)
	}
}

func TestKernelsDoNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	in, taps, out := randReal(r, 200), randReal(r, 64), make([]float32, 100)
	inc, ctaps, outc := randComplex(r, 200), randComplex(r, 64), make([]complex64, 100)
	if a := testing.AllocsPerRun(10, func() {
		FIRReal(out, in, taps, 1)
		FIRComplexReal(outc, inc, taps, 1)
		FIRComplex(outc, inc, ctaps, 1)
	}); a != 0 {
		t.Fatalf("%v allocations per run", a)
	}
}

var sinkR float32
var sinkC complex64

func BenchmarkDotReal64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randReal(r, 64), randReal(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkR += DotReal(x, taps)
	}
}

func BenchmarkDotRealNaive64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randReal(r, 64), randReal(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkR += naiveDotReal(x, taps)
	}
}

func BenchmarkDotComplexReal64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randComplex(r, 64), randReal(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkC += DotComplexReal(x, taps)
	}
}

func BenchmarkDotComplexRealNaive64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randComplex(r, 64), randReal(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkC += naiveDotComplexReal(x, taps)
	}
}

func BenchmarkDotComplex64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randComplex(r, 64), randComplex(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkC += DotComplex(x, taps)
	}
}

func BenchmarkDotComplexNaive64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, taps := randComplex(r, 64), randComplex(r, 64)
	b.ReportAllocs()
	for b.Loop() {
		sinkC += naiveDotComplex(x, taps)
	}
}
