package fft

import (
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMulWindowScalesEachValue(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(21, 22))
		for n := range 70 {
			x := randComplex(r, n+3) // src and w may be longer than dst
			w := make([]float32, n+5)
			xr := make([]float32, n+1)
			for i := range w {
				w[i] = float32(r.NormFloat64())
			}
			for i := range xr {
				xr[i] = float32(r.NormFloat64())
			}
			want := make([]complex64, n)
			wantReal := make([]complex64, n)
			for i := range want {
				// float32 products are exactly rounded: results must be equal.
				want[i] = complex(real(x[i])*w[i], imag(x[i])*w[i])
				wantReal[i] = complex(xr[i]*w[i], 0)
			}
			got := make([]complex64, n)
			MulWindow(got, x, w)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d: MulWindow = %v, want %v", n, got, want)
			}
			in := slices.Clone(x[:n])
			MulWindow(in, in, w)
			if !slices.Equal(in, want) {
				t.Fatalf("n=%d: in-place MulWindow = %v, want %v", n, in, want)
			}
			MulWindowReal(got, xr, w)
			if !slices.Equal(got, wantReal) {
				t.Fatalf("n=%d: MulWindowReal = %v, want %v", n, got, wantReal)
			}
		}
	})
}

func TestMulWindowPanicsOnShortInput(t *testing.T) {
	for _, c := range []struct{ src, w int }{{7, 8}, {8, 7}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("len(dst)=8 len(src)=%d len(w)=%d: no panic", c.src, c.w)
				}
			}()
			MulWindow(make([]complex64, 8), make([]complex64, c.src), make([]float32, c.w))
		}()
	}
}

func TestMulWindowDoesNotAllocate(t *testing.T) {
	x, w := make([]complex64, 2048), make([]float32, 2048)
	if a := testing.AllocsPerRun(10, func() { MulWindow(x, x, w) }); a != 0 {
		t.Fatalf("%v allocations per call", a)
	}
}

func BenchmarkMulWindow(b *testing.B) {
	const n = 2048
	x, w := randComplex(rand.New(rand.NewPCG(1, 1)), n), make([]float32, n)
	y := make([]complex64, n)
	b.SetBytes(8 * n)
	for b.Loop() {
		MulWindow(y, x, w)
	}
}

func TestMulMultipliesSpectra(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(23, 24))
		for n := range 70 {
			a, b := randComplex(r, n+2), randComplex(r, n+9)
			want := make([]complex128, n)
			for i := range want {
				want[i] = complex128(a[i]) * complex128(b[i])
			}
			check := func(what string, got []complex64) {
				t.Helper()
				for i := range want {
					// Each part is a two-term sum of float32 products: a few
					// ulps of |a|·|b| ≤ 2.
					if d := cmplx.Abs(complex128(got[i]) - want[i]); d > 1e-6 {
						t.Fatalf("n=%d %s: [%d] = %v, want %v", n, what, i, got[i], want[i])
					}
				}
			}
			got := make([]complex64, n)
			Mul(got, a, b)
			check("out of place", got)
			in := slices.Clone(a[:n])
			Mul(in, in, b)
			check("dst = a", in)
			in = slices.Clone(b[:n])
			Mul(in, a, in)
			check("dst = b", in)
		}
	})
}

// BenchmarkMulWindowReal times MulWindowReal of 2048 values.
func BenchmarkMulWindowReal(b *testing.B) {
	const n = 2048
	x, w := make([]float32, n), make([]float32, n)
	y := make([]complex64, n)
	b.SetBytes(8 * n)
	for b.Loop() {
		MulWindowReal(y, x, w)
	}
}

// BenchmarkMul times Mul of 2048 values.
func BenchmarkMul(b *testing.B) {
	const n = 2048
	r := rand.New(rand.NewPCG(1, 1))
	x, w := randComplex(r, n), randComplex(r, n)
	y := make([]complex64, n)
	b.SetBytes(8 * n)
	for b.Loop() {
		Mul(y, x, w)
	}
}
