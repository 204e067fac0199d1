package fft

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"
)

// Error bound. A float32 FFT of n = 2^L points has a root-mean-square error
// of about ε·sqrt(L)·rms(X) (ε = 2^-24 ≈ 6e-8) from rounding the data and
// the twiddle factors in each of its L levels. The tests allow a maximum
// absolute error of tolBase·sqrt(L)·max|X|, over a hundred times that rms,
// so that they catch wrong results and not rounding.
const tolBase = 1e-5

// tolerance returns the largest absolute error allowed for a transform of
// n points whose exact result has the largest magnitude maxAbs.
func tolerance(n int, maxAbs float64) float64 {
	return tolBase * math.Sqrt(float64(bits.TrailingZeros(uint(n)))) * maxAbs
}

// naiveDFT is the O(n²) DFT in float64: X[k] = Σ x[j]·e^{sign·2πi·jk/n}.
func naiveDFT(x []complex64, sign float64) []complex128 {
	n := len(x)
	out := make([]complex128, n)
	for k := range n {
		var s complex128
		for j, v := range x {
			s += complex128(v) * cmplx.Rect(1, sign*2*math.Pi*float64((j*k)%n)/float64(n))
		}
		out[k] = s
	}
	return out
}

// refFFT is a float64 recursive radix-2 FFT, the reference for sizes where
// the naive DFT is too slow.
func refFFT(x []complex64, sign float64) []complex128 {
	y := make([]complex128, len(x))
	for i, v := range x {
		y[i] = complex128(v)
	}
	var rec func(x []complex128) []complex128
	rec = func(x []complex128) []complex128 {
		n := len(x)
		if n == 1 {
			return []complex128{x[0]}
		}
		even, odd := make([]complex128, n/2), make([]complex128, n/2)
		for i := range n / 2 {
			even[i], odd[i] = x[2*i], x[2*i+1]
		}
		e, o := rec(even), rec(odd)
		out := make([]complex128, n)
		for k := range n / 2 {
			t := cmplx.Rect(1, sign*2*math.Pi*float64(k)/float64(n)) * o[k]
			out[k], out[k+n/2] = e[k]+t, e[k]-t
		}
		return out
	}
	return rec(y)
}

// reference returns the exact transform of x, by naiveDFT or refFFT.
func reference(x []complex64, inv bool) []complex128 {
	sign := -1.0
	if inv {
		sign = 1
	}
	if len(x) <= 512 {
		return naiveDFT(x, sign)
	}
	return refFFT(x, sign)
}

func randComplex(r *rand.Rand, n int) []complex64 {
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(r.Float64()*2-1), float32(r.Float64()*2-1))
	}
	return x
}

// checkClose fails t unless got is want within tolerance.
func checkClose(t testing.TB, what string, got []complex64, want []complex128) {
	t.Helper()
	var maxAbs, maxErr float64
	worst := 0
	for i := range want {
		maxAbs = max(maxAbs, cmplx.Abs(want[i]))
		if e := cmplx.Abs(complex128(got[i]) - want[i]); e > maxErr {
			maxErr, worst = e, i
		}
	}
	if tol := tolerance(len(want), maxAbs); maxErr > tol || math.IsNaN(maxErr) {
		t.Fatalf("%s: n=%d: |error| %.3g at index %d (got %v, want %v) > %.3g",
			what, len(want), maxErr, worst, got[worst], want[worst], tol)
	}
}

// transformFunc is Forward or Inverse of a plan.
func transformFunc(p *Plan, inv bool) func(dst, src []complex64) {
	if inv {
		return p.Inverse
	}
	return p.Forward
}

// impl is one implementation of the passes and the selector values that
// choose it.
type impl struct {
	name        string
	asm, avx512 bool // the values of useAsm and use512
	available   bool // whether this build and machine can run it
}

// impls lists every implementation, fastest first: AVX-512, the other
// assembly passes (AVX2+FMA or NEON; named "asm"), Go.
func impls() []impl {
	return []impl{
		{"avx512", true, true, have512},
		{"asm", true, false, haveAsm},
		{"go", false, false, true},
	}
}

// use selects the implementation and returns a function that restores
// the previous selection.
func (m impl) use() (restore func()) {
	saved, saved512 := useAsm, use512
	useAsm, use512 = m.asm, m.avx512
	return func() { useAsm, use512 = saved, saved512 }
}

// forEachPath runs f once per implementation of the passes, as subtests
// named after them; those this machine cannot run are skipped.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, m := range impls() {
		t.Run(m.name, func(t *testing.T) {
			if !m.available {
				t.Skipf("no %s passes on this machine", m.name)
			}
			defer m.use()()
			f(t)
		})
	}
}

func TestMatchesNaiveDFT(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for n := 2; n <= 4096; n *= 2 {
			p, err := NewPlan(n)
			if err != nil {
				t.Fatal(err)
			}
			for _, inv := range []bool{false, true} {
				x := randComplex(r, n)
				sign := -1.0
				if inv {
					sign = 1
				}
				got := make([]complex64, n)
				transformFunc(p, inv)(got, x)
				checkClose(t, fmt.Sprintf("inverse=%v", inv), got, naiveDFT(x, sign))
			}
		}
	})
}

func TestLargeSizesMatchReferenceFFT(t *testing.T) {
	sizes := []int{1 << 13, 1 << 16, 1 << 17}
	if !testing.Short() {
		sizes = append(sizes, 1<<20)
	}
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range sizes {
			p, err := NewPlan(n)
			if err != nil {
				t.Fatal(err)
			}
			x := randComplex(r, n)
			for _, inv := range []bool{false, true} {
				got := make([]complex64, n)
				transformFunc(p, inv)(got, x)
				checkClose(t, fmt.Sprintf("inverse=%v", inv), got, reference(x, inv))
			}
		}
	})
}

func TestInPlaceEqualsOutOfPlaceAndKeepsSource(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for n := 2; n <= 1<<14; n *= 2 {
			p, _ := NewPlan(n)
			for _, inv := range []bool{false, true} {
				x := randComplex(r, n)
				src := slices.Clone(x)
				out := make([]complex64, n)
				transformFunc(p, inv)(out, src)
				if !slices.Equal(src, x) {
					t.Fatalf("n=%d inverse=%v: out-of-place transform changed src", n, inv)
				}
				inPlace := slices.Clone(x)
				transformFunc(p, inv)(inPlace, inPlace)
				if !slices.Equal(inPlace, out) {
					t.Fatalf("n=%d inverse=%v: in-place result differs from out-of-place", n, inv)
				}
			}
		}
	})
}

func TestInverseOfForwardIsNTimesInput(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for n := 2; n <= 1<<16; n *= 2 {
			p, _ := NewPlan(n)
			x := randComplex(r, n)
			y := make([]complex64, n)
			p.Forward(y, x)
			p.Inverse(y, y)
			want := make([]complex128, n)
			for i, v := range x {
				want[i] = complex128(v) * complex(float64(n), 0)
			}
			checkClose(t, "inverse(forward)", y, want)
		}
	})
}

func TestIsLinear(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		const a, b = complex64(0.75 - 1.5i), complex64(-2 + 0.25i)
		for n := 2; n <= 4096; n *= 4 {
			p, _ := NewPlan(n)
			x, y := randComplex(r, n), randComplex(r, n)
			z := make([]complex64, n)
			for i := range z {
				z[i] = a*x[i] + b*y[i]
			}
			fx, fy, fz := make([]complex64, n), make([]complex64, n), make([]complex64, n)
			p.Forward(fx, x)
			p.Forward(fy, y)
			p.Forward(fz, z)
			want := make([]complex128, n)
			for i := range want {
				want[i] = complex128(a)*complex128(fx[i]) + complex128(b)*complex128(fy[i])
			}
			checkClose(t, "F(ax+by) vs aF(x)+bF(y)", fz, want)
		}
	})
}

func TestKeepsEnergy(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for n := 2; n <= 1<<16; n *= 2 {
			p, _ := NewPlan(n)
			x := randComplex(r, n)
			y := make([]complex64, n)
			p.Forward(y, x)
			var ex, ey float64
			for i := range x {
				ex += real(complex128(x[i]) * cmplx.Conj(complex128(x[i])))
				ey += real(complex128(y[i]) * cmplx.Conj(complex128(y[i])))
			}
			// Parseval: Σ|X|² = n·Σ|x|². The relative error of a sum of
			// squares is about twice that of the values.
			if rel := math.Abs(ey-float64(n)*ex) / (float64(n) * ex); rel > 2*tolBase {
				t.Fatalf("n=%d: Σ|X|² = %g, n·Σ|x|² = %g (relative difference %.3g)", n, ey, float64(n)*ex, rel)
			}
		}
	})
}

func TestImpulseGivesPhaseRamp(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for n := 2; n <= 4096; n *= 2 {
			p, _ := NewPlan(n)
			for _, at := range []int{0, 1, n / 2, n - 1} {
				for _, inv := range []bool{false, true} {
					x := make([]complex64, n)
					x[at] = 1
					y := make([]complex64, n)
					transformFunc(p, inv)(y, x)
					sign := -1.0
					if inv {
						sign = 1
					}
					want := make([]complex128, n)
					for k := range want {
						want[k] = cmplx.Rect(1, sign*2*math.Pi*float64(at*k%n)/float64(n))
					}
					checkClose(t, fmt.Sprintf("impulse at %d inverse=%v", at, inv), y, want)
					if at == 0 {
						for k, v := range y {
							if v != 1 {
								t.Fatalf("n=%d: impulse at 0 gives X[%d] = %v, want exactly 1", n, k, v)
							}
						}
					}
				}
			}
		}
	})
}

func TestToneFallsOnItsBin(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for n := 4; n <= 1<<16; n *= 2 {
			p, _ := NewPlan(n)
			for _, bin := range []int{0, 1, (n/4 + 3) % n, n - 1} {
				x := make([]complex64, n)
				for j := range x {
					x[j] = complex64(cmplx.Rect(1, 2*math.Pi*float64(bin*j%n)/float64(n)))
				}
				y := make([]complex64, n)
				p.Forward(y, x)
				want := make([]complex128, n)
				want[bin] = complex(float64(n), 0)
				checkClose(t, fmt.Sprintf("tone on bin %d", bin), y, want)
			}
		}
	})
}

// TestPathsAgree compares whole transforms of every size 2..2^18, both
// directions, on each pair of implementations: AVX-512 against AVX2 and
// against Go, AVX2 (or NEON) against Go.
func TestPathsAgree(t *testing.T) {
	all := impls()
	r := rand.New(rand.NewPCG(13, 14))
	for i, a := range all {
		for _, b := range all[i+1:] {
			t.Run(a.name+"_vs_"+b.name, func(t *testing.T) {
				for _, m := range []impl{a, b} {
					if !m.available {
						t.Skipf("no %s passes on this machine", m.name)
					}
				}
				for n := 2; n <= 1<<18; n *= 2 {
					p, _ := NewPlan(n)
					for _, inv := range []bool{false, true} {
						x := randComplex(r, n)
						got, ref := make([]complex64, n), make([]complex64, n)
						restore := a.use()
						transformFunc(p, inv)(got, x)
						restore()
						restore = b.use()
						transformFunc(p, inv)(ref, x)
						restore()
						want := make([]complex128, n)
						for i, v := range ref {
							want[i] = complex128(v)
						}
						checkClose(t, fmt.Sprintf("%s vs %s, inverse=%v", a.name, b.name, inv), got, want)
					}
				}
			})
		}
	}
}

func TestDoesNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, n := range []int{2, 8, 2048, 1 << 15} {
			p, _ := NewPlan(n)
			x, y := make([]complex64, n), make([]complex64, n)
			if a := testing.AllocsPerRun(10, func() {
				p.Forward(y, x)
				p.Inverse(y, y)
			}); a != 0 {
				t.Fatalf("n=%d: %v allocations per call", n, a)
			}
		}
	})
}

func TestNewPlanRejectsBadSizes(t *testing.T) {
	for _, n := range []int{-4, 0, 1, 3, 6, 1000, MaxSize + 1, MaxSize + 4} {
		if p, err := NewPlan(n); !errors.Is(err, ErrSize) || p != nil {
			t.Errorf("NewPlan(%d) = %v, %v; want an error wrapping ErrSize", n, p, err)
		}
	}
	if p, err := NewPlan(64); err != nil || p.Len() != 64 {
		t.Fatalf("NewPlan(64) = %v, %v", p, err)
	}
}

func TestWrongLengthPanics(t *testing.T) {
	p, _ := NewPlan(16)
	for _, c := range []struct{ dst, src int }{{8, 16}, {16, 8}, {32, 32}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("len(dst)=%d len(src)=%d: no panic", c.dst, c.src)
				}
			}()
			p.Forward(make([]complex64, c.dst), make([]complex64, c.src))
		}()
	}
}

// FuzzFFT checks transforms of sizes 2^1..2^12, the data taken from the
// fuzz bytes, against the float64 reference, in both directions, in place
// and out of place, on every path.
func FuzzFFT(f *testing.F) {
	f.Add(uint8(0), false, []byte{1, 2})
	f.Add(uint8(3), true, []byte{0x80, 0x7f, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add(uint8(10), false, []byte("a spectrum of bytes"))
	f.Add(uint8(11), true, make([]byte, 64))
	f.Fuzz(func(t *testing.T, logn uint8, inv bool, data []byte) {
		n := 2 << (logn % 12)
		x := make([]complex64, n)
		// Two bytes a point, cycled over the data; values in [-1, 1).
		if len(data) > 0 {
			for i := range x {
				re := int8(data[(2*i)%len(data)])
				im := int8(data[(2*i+1)%len(data)])
				x[i] = complex(float32(re)/128, float32(im)/128)
			}
		}
		want := reference(x, inv)
		p, err := NewPlan(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range impls() {
			if !m.available {
				continue
			}
			restore := m.use()
			y := make([]complex64, n)
			transformFunc(p, inv)(y, x)
			z := slices.Clone(x)
			transformFunc(p, inv)(z, z)
			restore()
			checkClose(t, fmt.Sprintf("%s inverse=%v out of place", m.name, inv), y, want)
			if !slices.Equal(y, z) {
				t.Fatalf("%s n=%d: in-place result differs from out-of-place", m.name, n)
			}
		}
	})
}
