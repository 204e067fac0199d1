package kernel

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// withGo runs f with the SIMD loops switched off.
func withGo(f func()) {
	saved := useSIMD
	useSIMD = false
	defer func() { useSIMD = saved }()
	f()
}

// The SIMD loops and the Go loops must agree with a float64 reference on
// every output count (tails of 0–63 outputs after the 64- and 8-wide
// blocks), tap count and input offset (unaligned loads), and must not write
// past len(out).
func TestFIRSIMDMatchesReferenceOnEveryShape(t *testing.T) {
	if !useSIMD {
		t.Log("no AVX2+FMA on this machine (or purego): the Go loops are checked alone")
	}
	r := rand.New(rand.NewPCG(7, 8))
	for _, ntaps := range []int{1, 2, 3, 7, 8, 9, 31, 64, 65, 127} {
		for _, nout := range []int{1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 128, 200, 257} {
			off := r.IntN(7)
			in := randReal(r, off+nout+ntaps-1)[off:]
			inc := randComplex(r, off+nout+ntaps-1)[off:]
			taps, ctaps := randReal(r, ntaps), randComplex(r, ntaps)
			// one guard item past len(out) must stay untouched
			out := make([]float32, nout+1)
			outc := make([]complex64, nout+1)
			outcc := make([]complex64, nout+1)
			out[nout], outc[nout], outcc[nout] = 42, 42, 42
			for _, impl := range []string{"default", "go"} {
				run := func() {
					FIRReal(out[:nout], in, taps, 1)
					FIRComplexReal(outc[:nout], inc, taps, 1)
					FIRComplex(outcc[:nout], inc, ctaps, 1)
				}
				if impl == "go" {
					withGo(run)
				} else {
					run()
				}
				name := fmt.Sprintf("%s ntaps=%d nout=%d", impl, ntaps, nout)
				if out[nout] != 42 || outc[nout] != 42 || outcc[nout] != 42 {
					t.Fatalf("%s: wrote past len(out)", name)
				}
				tol := 1e-5 * float64(ntaps+1)
				for i := range nout {
					var wr float64
					var wcr, wc complex128
					for k := range ntaps {
						wr += float64(in[i+k]) * float64(taps[k])
						wcr += complex128(inc[i+k]) * complex(float64(taps[k]), 0)
						wc += complex128(inc[i+k]) * complex128(ctaps[k])
					}
					if d := math.Abs(float64(out[i]) - wr); d > tol {
						t.Fatalf("%s: FIRReal out[%d] = %v, want %v", name, i, out[i], wr)
					}
					if d := cmplx.Abs(complex128(outc[i]) - wcr); d > tol {
						t.Fatalf("%s: FIRComplexReal out[%d] = %v, want %v", name, i, outc[i], wcr)
					}
					if d := cmplx.Abs(complex128(outcc[i]) - wc); d > tol {
						t.Fatalf("%s: FIRComplex out[%d] = %v, want %v", name, i, outcc[i], wc)
					}
				}
			}
		}
	}
}

// A short input panics the same way on either path instead of reading
// past it.
func TestFIRShortInputPanics(t *testing.T) {
	for _, impl := range []string{"default", "go"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic on a short input", impl)
				}
			}()
			out, in, taps := make([]float32, 64), make([]float32, 64), make([]float32, 8)
			if impl == "go" {
				withGo(func() { FIRReal(out, in, taps, 1) })
			} else {
				FIRReal(out, in, taps, 1)
			}
		}()
	}
}

func benchmarkFIR(b *testing.B, f func()) {
	b.ReportAllocs()
	for b.Loop() {
		f()
	}
}

// BenchmarkFIR filters 4096 outputs with 64 taps (the bench graphs' filter):
// ns/op / 4096 is the cost per output sample.
func BenchmarkFIR(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps = 4096, 64
	in, taps, out := randReal(r, n+ntaps-1), randReal(r, ntaps), make([]float32, n)
	inc, ctaps, outc := randComplex(r, n+ntaps-1), randComplex(r, ntaps), make([]complex64, n)
	for _, impl := range []string{"simd", "go"} {
		set := func(b *testing.B) {
			if impl == "go" {
				saved := useSIMD
				useSIMD = false
				b.Cleanup(func() { useSIMD = saved })
			} else if !useSIMD {
				b.Skip("no AVX2+FMA")
			}
		}
		b.Run("real/"+impl, func(b *testing.B) {
			set(b)
			b.SetBytes(n * 4)
			benchmarkFIR(b, func() { FIRReal(out, in, taps, 1) })
		})
		b.Run("complex_real/"+impl, func(b *testing.B) {
			set(b)
			b.SetBytes(n * 8)
			benchmarkFIR(b, func() { FIRComplexReal(outc, inc, taps, 1) })
		})
		b.Run("complex/"+impl, func(b *testing.B) {
			set(b)
			b.SetBytes(n * 8)
			benchmarkFIR(b, func() { FIRComplex(outc, inc, ctaps, 1) })
		})
	}
}

// BenchmarkFIRDecim4 is a decimating filter (64 taps, keep 1 in 4), which
// runs one dot product per output.
func BenchmarkFIRDecim4(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, ntaps = 1024, 64
	inc, taps, outc := randComplex(r, 4*n+ntaps), randReal(r, ntaps), make([]complex64, n)
	for _, impl := range []string{"simd", "go"} {
		b.Run("complex_real/"+impl, func(b *testing.B) {
			if impl == "go" {
				saved := useSIMD
				useSIMD = false
				b.Cleanup(func() { useSIMD = saved })
			}
			b.SetBytes(n * 8)
			benchmarkFIR(b, func() { FIRComplexReal(outc, inc, taps, 4) })
		})
	}
}

// FuzzFIR compares the default (SIMD where available) filters with the Go
// loops for arbitrary shapes, decimations and finite data.
func FuzzFIR(f *testing.F) {
	f.Add(uint8(64), uint16(100), uint8(1), uint64(1))
	f.Add(uint8(1), uint16(8), uint8(1), uint64(2))
	f.Add(uint8(13), uint16(31), uint8(3), uint64(3))
	f.Fuzz(func(t *testing.T, ntaps uint8, nout uint16, decim uint8, seed uint64) {
		nt, no, d := int(ntaps)%130+1, int(nout)%600, int(decim)%5+1
		r := rand.New(rand.NewPCG(seed, 11))
		nin := max(0, no-1)*d + nt
		in, inc := randReal(r, nin), randComplex(r, nin)
		taps, ctaps := randReal(r, nt), randComplex(r, nt)
		got := [3][]complex64{make([]complex64, no), make([]complex64, no), make([]complex64, no)}
		want := [3][]complex64{make([]complex64, no), make([]complex64, no), make([]complex64, no)}
		run := func(dst [3][]complex64) {
			out := make([]float32, no)
			FIRReal(out, in, taps, d)
			for i, v := range out {
				dst[0][i] = complex(v, 0)
			}
			FIRComplexReal(dst[1], inc, taps, d)
			FIRComplex(dst[2], inc, ctaps, d)
		}
		run(got)
		withGo(func() { run(want) })
		tol := 1e-5 * float64(nt+1)
		for j := range got {
			for i := range got[j] {
				if cmplx.Abs(complex128(got[j][i]-want[j][i])) > tol {
					t.Fatalf("kernel %d ntaps=%d nout=%d decim=%d out[%d]: %v, Go loops %v", j, nt, no, d, i, got[j][i], want[j][i])
				}
			}
		}
	})
}
