package blocks_test

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/blocks/window"
	dspfft "github.com/mjibson/go-dsp/fft"
	"github.com/mjibson/go-dsp/spectral"
	dspwindow "github.com/mjibson/go-dsp/window"
)

// go-dsp (github.com/mjibson/go-dsp) is a second reference besides GNU
// Radio, independent of this module: its FFT, windows and Welch estimate
// check ours. It is used by tests only.

func TestWindowsMatchGoDSP(t *testing.T) {
	for _, tc := range []struct {
		k   window.Kind
		ref func(int) []float64
	}{
		{window.Hamming, dspwindow.Hamming},
		{window.Hann, dspwindow.Hann},
		{window.Blackman, dspwindow.Blackman},
		{window.Rectangular, dspwindow.Rectangular},
	} {
		for _, n := range []int{2, 3, 16, 33, 1024} {
			got, want := tc.k.Coefficients(n, 0), tc.ref(n)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Errorf("%v(%d)[%d] = %v, go-dsp's %v", tc.k, n, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// TestFFTBlockMatchesGoDSP runs the fft block on 8 vectors and compares each
// output vector with go-dsp's transform of the (windowed) input vector.
func TestFFTBlockMatchesGoDSP(t *testing.T) {
	const size, vectors = 1024, 8
	r := rand.New(rand.NewPCG(5, 6))
	xc := make([]complex64, size*vectors)
	xf := make([]float32, size*vectors)
	for i := range xc {
		xc[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
		xf[i] = float32(r.NormFloat64())
	}
	for _, tc := range []struct {
		typ, direction, window string
		ref                    func(int) []float64
	}{
		{"complex64", "forward", "none", dspwindow.Rectangular},
		{"complex64", "reverse", "none", dspwindow.Rectangular},
		{"complex64", "forward", "hann", dspwindow.Hann},
		{"float32", "forward", "hamming", dspwindow.Hamming},
	} {
		b, err := blocks.NewRegistry().Build("fft", map[string]any{"type": tc.typ, "size": size, "direction": tc.direction, "window": tc.window})
		if err != nil {
			t.Fatal(err)
		}
		var in any = xc
		if tc.typ == "float32" {
			in = xf
		}
		outs, err := blocktest.Run(b, blocktest.Stream{Items: in})
		if err != nil {
			t.Fatal(err)
		}
		got := outs[0].Items.([]complex64)
		if len(got) != size*vectors {
			t.Fatalf("%+v: %d items, want %d", tc, len(got), size*vectors)
		}
		w := tc.ref(size)
		var worst float64
		for v := range vectors {
			x := make([]complex128, size)
			for i := range x {
				if tc.typ == "float32" {
					x[i] = complex(float64(xf[v*size+i])*w[i], 0)
				} else {
					x[i] = complex128(xc[v*size+i]) * complex(w[i], 0)
				}
			}
			var want []complex128
			if tc.direction == "forward" {
				want = dspfft.FFT(x)
			} else {
				want = dspfft.IFFT(x)
				for i := range want {
					want[i] *= size // the block, as GNU Radio's, does not normalise
				}
			}
			var e, m float64
			for i := range want {
				e = max(e, cmplx.Abs(complex128(got[v*size+i])-want[i]))
				m = max(m, cmplx.Abs(want[i]))
			}
			worst = max(worst, e/m)
		}
		// float32 items and windows against go-dsp's float64 arithmetic.
		if worst > 1e-6 {
			t.Errorf("%+v: differs from go-dsp by %.3g of the largest output", tc, worst)
		}
	}
}

// TestPowerSpectrumMatchesGoDSPPwelch compares power_spectrum with go-dsp's
// Welch estimate (spectral.Pwelch: Hann window, segments overlapping by
// half) of a real signal. Pwelch is one-sided and not divided by the size:
// its bin k holds size·(ours[k] + ours[size−k]) for 0 < k < size/2, and
// size·ours[k] at 0 and size/2.
func TestPowerSpectrumMatchesGoDSPPwelch(t *testing.T) {
	const size, averages = 256, 6
	span := (averages + 1) * size / 2
	r := rand.New(rand.NewPCG(9, 10))
	x := make([]float64, span)
	xc := make([]complex64, span)
	for i := range x {
		// A tone between bins on noise.
		v := float32(math.Cos(2*math.Pi*0.1234*float64(i)) + 0.3*r.NormFloat64())
		x[i], xc[i] = float64(v), complex(v, 0)
	}
	ps, err := blocks.NewPowerSpectrum(size, blocks.PowerSpectrumOptions{Window: "hann", Averages: averages})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.Run(ps, blocktest.Stream{Items: xc})
	if err != nil {
		t.Fatal(err)
	}
	got := outs[0].Items.([]float32)
	if len(got) != size {
		t.Fatalf("%d items, want one vector of %d", len(got), size)
	}
	want, _ := spectral.Pwelch(x, 1, &spectral.PwelchOptions{NFFT: size, Noverlap: size / 2, Window: dspwindow.Hann, Scale_off: true})
	var e, m float64
	for k, w := range want {
		g := float64(got[k])
		if k > 0 && k < size/2 {
			g += float64(got[size-k])
		}
		g *= size
		e = max(e, math.Abs(g-w))
		m = max(m, w)
	}
	if e/m > 1e-5 {
		t.Errorf("differs from go-dsp's Pwelch by %.3g of the largest bin", e/m)
	}
}
