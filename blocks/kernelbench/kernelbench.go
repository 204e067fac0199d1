// Package kernelbench times the DSP kernels behind flowrun's blocks alone,
// outside any graph, and names the variant (SIMD or pure Go) that this
// process runs. flowrun bench uses it for its FFT size sweep against FFTW
// and its FIR kernel figure; the kernels themselves are internal to
// package blocks.
//
// Timings are wall-clock nanoseconds per call, the same data processed
// again and again (in the caches as far as it fits), the fastest of 20
// batches: a lower bound of what a block pays for the same work in a graph.
// FFTW's side of flowrun bench's sweep (internal/benchgraphs/fftw) times
// its transforms the same way.
package kernelbench

import (
	"math/rand/v2"
	"time"

	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/blocks/internal/kernel"
)

// FIRVariant names the FIR loops in use: "avx512", "avx2+fma", "neon" or
// "go".
func FIRVariant() string { return kernel.Variant() }

// FFTVariant names the FFT passes in use: "avx512", "avx2+fma", "neon" or "go".
func FFTVariant() string { return fft.Variant() }

// batches is how many batches a kernel's timing is split into; the fastest
// counts.
const batches = 20

// best runs f (which does `per` calls of the kernel per run) in batches
// for about budget in all and returns the fastest batch's nanoseconds per
// call.
func best(budget time.Duration, batches, per int, f func()) float64 {
	f() // warm the caches and the branch predictors
	start := time.Now()
	f()
	runs := max(1, int(budget/time.Duration(batches)/max(time.Since(start), 1)))
	ns := 0.0
	for b := range batches {
		t0 := time.Now()
		for range runs {
			f()
		}
		x := float64(time.Since(t0).Nanoseconds()) / float64(runs*per)
		if b == 0 || x < ns {
			ns = x
		}
	}
	return ns
}

// FFT times out-of-place forward transforms of n points (a power of two
// ≥ 2) on random complex64 data and returns the nanoseconds per transform.
func FFT(n int, budget time.Duration) (float64, error) {
	p, err := fft.NewPlan(n)
	if err != nil {
		return 0, err
	}
	src, dst := randComplex(n), make([]complex64, n)
	return best(budget, batches, 1, func() { p.Forward(dst, src) }), nil
}

// FIRComplexReal times the FIR filter of the fir_filter block on complex64
// items with ntaps real taps, without decimation, nout outputs per call,
// and returns the nanoseconds per output.
func FIRComplexReal(ntaps, nout int, budget time.Duration) float64 {
	in := randComplex(nout + ntaps - 1)
	taps := make([]float32, ntaps)
	for i := range taps {
		taps[i] = rand.Float32() - 0.5
	}
	out := make([]complex64, nout)
	return best(budget, batches, nout, func() { kernel.FIRComplexReal(out, in, taps, 1) })
}

func randComplex(n int) []complex64 {
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(rand.Float32()-0.5, rand.Float32()-0.5)
	}
	return x
}
