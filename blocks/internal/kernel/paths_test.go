package kernel

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"os"
	"testing"
)

// FLOWRUN_KERNEL_AVX512=0 in a test binary's environment turns the AVX-512
// loops off, so that one binary can time the AVX2 and AVX-512 loops in
// alternation (A B A B …) on the same machine. It is read here, in the
// tests, and nowhere in the product.
func init() {
	if os.Getenv("FLOWRUN_KERNEL_AVX512") == "0" {
		useAVX512 = false
	}
}

// kernelPaths are the loops a test can force: pure Go, the narrower SIMD
// loops (AVX2+FMA, or NEON on arm64) and the AVX-512 loops.
var kernelPaths = []string{"go", "simd", "avx512"}

// withPath runs f on the loops of path and reports whether it could: false
// when the machine (or the build) lacks them.
func withPath(path string, f func()) bool {
	simd, wide := useSIMD, useAVX512
	defer func() { useSIMD, useAVX512 = simd, wide }()
	switch path {
	case "go":
		useSIMD = false
	case "simd":
		if !simd {
			return false
		}
		useAVX512 = false
	case "avx512":
		if !wide {
			return false
		}
	default:
		panic("unknown kernel path " + path)
	}
	f()
	return true
}

// forEachPath runs f as a subtest on each kernel path, skipping the paths
// this machine lacks.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	for _, path := range kernelPaths {
		t.Run(path, func(t *testing.T) {
			if !withPath(path, func() { f(t) }) {
				t.Skipf("no %s loops on this machine or build", path)
			}
		})
	}
}

// firShape is one random FIR call of TestEveryPathMatchesReference.
type firShape struct {
	ntaps, nout, decim int
	in                 []float32
	inc                []complex64
	taps               []float32
	ctaps              []complex64
}

// randomFIRShapes covers every tap count from 1 to 300 (all the tap group
// remainders of the AVX-512 real loop, whose groups hold 32 or 64 taps) with
// output counts that reach every block size and tail of every loop (up to
// 2·256 + 255 outputs), decimations 1 to 4 and unaligned inputs.
func randomFIRShapes() []firShape {
	r := rand.New(rand.NewPCG(21, 22))
	var shapes []firShape
	for ntaps := 1; ntaps <= 300; ntaps++ {
		s := firShape{ntaps: ntaps, decim: 1}
		switch r.IntN(4) {
		case 0:
			s.nout = r.IntN(20) // short and odd
		case 1:
			s.decim = 2 + r.IntN(3)
			s.nout = r.IntN(100)
		default:
			s.nout = r.IntN(768)
		}
		off := r.IntN(17)
		nin := off + max(0, s.nout-1)*s.decim + ntaps
		s.in, s.inc = randReal(r, nin)[off:], randComplex(r, nin)[off:]
		s.taps, s.ctaps = randReal(r, ntaps), randComplex(r, ntaps)
		shapes = append(shapes, s)
	}
	return shapes
}

// Every path (Go, AVX2 or NEON, AVX-512) agrees with a float64 reference
// on random shapes, within the tolerance of the other tests, and writes
// nothing past len(out).
func TestEveryPathMatchesReference(t *testing.T) {
	shapes := randomFIRShapes()
	forEachPath(t, func(t *testing.T) {
		for _, s := range shapes {
			out := make([]float32, s.nout+1)
			outc := make([]complex64, s.nout+1)
			outcc := make([]complex64, s.nout+1)
			out[s.nout], outc[s.nout], outcc[s.nout] = 42, 42, 42
			FIRReal(out[:s.nout], s.in, s.taps, s.decim)
			FIRComplexReal(outc[:s.nout], s.inc, s.taps, s.decim)
			FIRComplex(outcc[:s.nout], s.inc, s.ctaps, s.decim)
			name := fmt.Sprintf("ntaps=%d nout=%d decim=%d", s.ntaps, s.nout, s.decim)
			if out[s.nout] != 42 || outc[s.nout] != 42 || outcc[s.nout] != 42 {
				t.Fatalf("%s: wrote past len(out)", name)
			}
			tol := 1e-5 * float64(s.ntaps+1)
			for i := range s.nout {
				var wr float64
				var wcr, wc complex128
				for k := range s.ntaps {
					j := i*s.decim + k
					wr += float64(s.in[j]) * float64(s.taps[k])
					wcr += complex128(s.inc[j]) * complex(float64(s.taps[k]), 0)
					wc += complex128(s.inc[j]) * complex128(s.ctaps[k])
				}
				if d := math.Abs(float64(out[i]) - wr); d > tol {
					t.Fatalf("%s: FIRReal out[%d] = %v, want %v", name, i, out[i], wr)
				}
				if d := cmplx.Abs(complex128(outc[i]) - wcr); d > tol {
					t.Fatalf("%s: FIRComplexReal out[%d] = %v, want %v", name, i, outc[i], wcr)
				}
				if d := cmplx.Abs(complex128(outcc[i]) - wc); d > 2*tol {
					t.Fatalf("%s: FIRComplex out[%d] = %v, want %v", name, i, outcc[i], wc)
				}
			}
		}
	})
}

// The dot products of every path agree with a float64 sum for every length
// up to 300 (all the remainders of their 64-, 32-, 16-, 8- and 4-wide
// steps) on unaligned inputs.
func TestEveryPathDotMatchesReference(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(23, 24))
		for n := 0; n <= 300; n++ {
			off := r.IntN(17)
			x, xc := randReal(r, off+n)[off:], randComplex(r, off+n)[off:]
			taps, ctaps := randReal(r, n), randComplex(r, n)
			var wr float64
			var wc, wcc complex128
			for k := range n {
				wr += float64(x[k]) * float64(taps[k])
				wc += complex128(xc[k]) * complex(float64(taps[k]), 0)
				wcc += complex128(xc[k]) * complex128(ctaps[k])
			}
			tol := 1e-5 * float64(n+1)
			if got := DotReal(x, taps); math.Abs(float64(got)-wr) > tol {
				t.Fatalf("DotReal n=%d: %v, want %v", n, got, wr)
			}
			if got := DotComplexReal(xc, taps); cmplx.Abs(complex128(got)-wc) > tol {
				t.Fatalf("DotComplexReal n=%d: %v, want %v", n, got, wc)
			}
			if got := DotComplex(xc, ctaps); cmplx.Abs(complex128(got)-wcc) > 2*tol {
				t.Fatalf("DotComplex n=%d: %v, want %v", n, got, wcc)
			}
		}
	})
}

// Variant names the AVX-512 loops when they run.
func TestVariantNamesThePath(t *testing.T) {
	withPath("go", func() {
		if v := Variant(); v != "go" {
			t.Errorf("Variant() = %q without SIMD", v)
		}
	})
	if !withPath("avx512", func() {
		if v := Variant(); v != "avx512" {
			t.Errorf("Variant() = %q with the AVX-512 loops", v)
		}
	}) {
		t.Logf("no AVX-512 here; Variant() = %q", Variant())
	}
}

// Kernel benchmarks on the default path: run the test binary with
// FLOWRUN_KERNEL_AVX512=0 to time the AVX2 loops instead.

// BenchmarkFIRComplexReal64 is the fir_filter block's kernel and the FIR
// kernel figure of flowrun bench: 64 real taps on complex64, 2048 outputs.
func BenchmarkFIRComplexReal64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps = 2048, 64
	in, taps, out := randComplex(r, n+ntaps-1), randReal(r, ntaps), make([]complex64, n)
	b.SetBytes(n * 8)
	benchmarkFIR(b, func() { FIRComplexReal(out, in, taps, 1) })
}

// BenchmarkFIRReal64 filters 4096 float32 outputs with 64 taps.
func BenchmarkFIRReal64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps = 4096, 64
	in, taps, out := randReal(r, n+ntaps-1), randReal(r, ntaps), make([]float32, n)
	b.SetBytes(n * 4)
	benchmarkFIR(b, func() { FIRReal(out, in, taps, 1) })
}

// BenchmarkFIRComplex256 filters 2048 complex64 outputs with 256 complex
// taps.
func BenchmarkFIRComplex256(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps = 2048, 256
	in, taps, out := randComplex(r, n+ntaps-1), randComplex(r, ntaps), make([]complex64, n)
	b.SetBytes(n * 8)
	benchmarkFIR(b, func() { FIRComplex(out, in, taps, 1) })
}

// BenchmarkFIRDecim10 is a decimating filter keeping 1 output in 10, which
// runs a dot product per output: 64 taps, 1024 outputs.
func BenchmarkFIRDecim10(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps, decim = 1024, 64, 10
	in, inc := randReal(r, decim*n+ntaps), randComplex(r, decim*n+ntaps)
	taps, ctaps := randReal(r, ntaps), randComplex(r, ntaps)
	out, outc := make([]float32, n), make([]complex64, n)
	b.Run("real", func(b *testing.B) {
		b.SetBytes(decim * n * 4)
		benchmarkFIR(b, func() { FIRReal(out, in, taps, decim) })
	})
	b.Run("complex_real", func(b *testing.B) {
		b.SetBytes(decim * n * 8)
		benchmarkFIR(b, func() { FIRComplexReal(outc, inc, taps, decim) })
	})
	b.Run("complex", func(b *testing.B) {
		b.SetBytes(decim * n * 8)
		benchmarkFIR(b, func() { FIRComplex(outc, inc, ctaps, decim) })
	})
}
