package fft

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

var benchSizes = []int{64, 256, 1024, 2048, 4096, 65536}

func BenchmarkForward(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			p, err := NewPlan(n)
			if err != nil {
				b.Fatal(err)
			}
			x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
			y := make([]complex64, n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				p.Forward(y, x)
			}
		})
	}
}

func BenchmarkInverseInPlace(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			p, _ := NewPlan(n)
			x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				p.Inverse(x, x)
			}
		})
	}
}

// BenchmarkForwardGo is BenchmarkForward on the pure-Go passes.
func BenchmarkForwardGo(b *testing.B) {
	defer impls()[len(impls())-1].use()()
	BenchmarkForward(b)
}

// BenchmarkGonum is gonum's complex128 FFT on the same sizes, with the
// conversions from and to complex64 that a complex64 user of it pays.
func BenchmarkGonum(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			f := fourier.NewCmplxFFT(n)
			x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
			y := make([]complex64, n)
			buf := make([]complex128, n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				for i, v := range x {
					buf[i] = complex128(v)
				}
				f.Coefficients(buf, buf)
				for i, v := range buf {
					y[i] = complex64(v)
				}
			}
		})
	}
}

// BenchmarkGonumOnly is gonum's complex128 FFT alone, without conversions.
func BenchmarkGonumOnly(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			f := fourier.NewCmplxFFT(n)
			x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
			buf := make([]complex128, n)
			for i, v := range x {
				buf[i] = complex128(v)
			}
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				f.Coefficients(buf, buf)
			}
		})
	}
}

// BenchmarkPass times each pass of the plans of benchSizes on its own
// (forward, out of place), to decide per pass shape which implementation
// is faster: run it with FFT_PATH set to each (see TestMain).
func BenchmarkPass(b *testing.B) {
	for _, n := range benchSizes {
		p, _ := NewPlan(n)
		x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
		y := make([]complex64, n)
		for i := range p.passes {
			ps := &p.passes[i]
			b.Run(fmt.Sprintf("n=%d/radix=%d/m=%d/s=%d", n, ps.radix, ps.m, ps.s), func(b *testing.B) {
				b.SetBytes(int64(8 * n))
				for b.Loop() {
					runPass(ps, y, x, false)
				}
			})
		}
	}
}
