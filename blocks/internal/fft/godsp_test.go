package fft

import (
	"fmt"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	dspfft "github.com/mjibson/go-dsp/fft"
)

// go-dsp (github.com/mjibson/go-dsp) is a second, independent reference:
// a complex128 radix-2 FFT (Bluestein for other sizes), normalised by 1/n
// in its inverse, written without knowledge of this package.

func TestForwardAndInverseMatchGoDSP(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := 2; n <= 1<<16; n *= 2 {
		p, err := NewPlan(n)
		if err != nil {
			t.Fatal(err)
		}
		x := randComplex(r, n)
		x128 := make([]complex128, n)
		for i, v := range x {
			x128[i] = complex128(v)
		}
		fwd, inv := make([]complex64, n), make([]complex64, n)
		p.Forward(fwd, x)
		p.Inverse(inv, x)
		wantF := dspfft.FFT(x128)
		wantI := dspfft.IFFT(x128)
		for i := range wantI {
			wantI[i] *= complex(float64(n), 0) // ours is unnormalised
		}
		// Inputs in [-1, 1]: outputs up to about √n; float32 rounding
		// through log2(n) passes stays below 1e-6 of the largest.
		if e := relErr(fwd, wantF); e > 1e-6 {
			t.Errorf("n=%d: Forward differs from go-dsp's FFT by %.3g of the largest output", n, e)
		}
		if e := relErr(inv, wantI); e > 1e-6 {
			t.Errorf("n=%d: Inverse differs from n·go-dsp's IFFT by %.3g of the largest output", n, e)
		}
	}
}

// relErr is max|got−want| / max|want|.
func relErr(got []complex64, want []complex128) float64 {
	var e, m float64
	for i, w := range want {
		e = max(e, cmplx.Abs(complex128(got[i])-w))
		m = max(m, cmplx.Abs(w))
	}
	return e / m
}

var goDSPSizes = []int{64, 256, 1024, 4096, 16384, 65536}

// BenchmarkVsGoDSP times a forward transform of n points: ours (complex64,
// planned, no allocation) and go-dsp's (complex128; each call allocates its
// output, a work array and a job channel, and starts its workers), the
// latter with its default worker pool (GOMAXPROCS goroutines per call,
// "godsp") and with one worker ("godsp1"). go-dsp's time includes no
// complex64 conversion.
func BenchmarkVsGoDSP(b *testing.B) {
	for _, n := range goDSPSizes {
		x := randComplex(rand.New(rand.NewPCG(1, 1)), n)
		b.Run(fmt.Sprintf("ours/n=%d", n), func(b *testing.B) {
			p, err := NewPlan(n)
			if err != nil {
				b.Fatal(err)
			}
			y := make([]complex64, n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				p.Forward(y, x)
			}
		})
		x128 := make([]complex128, n)
		for i, v := range x {
			x128[i] = complex128(v)
		}
		for _, workers := range []int{0, 1} {
			name := "godsp"
			if workers == 1 {
				name = "godsp1"
			}
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				dspfft.SetWorkerPoolSize(workers)
				defer dspfft.SetWorkerPoolSize(0)
				dspfft.FFT(x128) // its twiddle table, computed once per size
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					dspfft.FFT(x128)
				}
			})
		}
	}
}
