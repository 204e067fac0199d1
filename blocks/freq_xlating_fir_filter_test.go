package blocks_test

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestFreqXlatingEqualsMixFilterDecimate(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 22))
	const n, fs = 4000, 1e6
	x := filtersRandC(r, n)
	taps := filtersRandF(r, 41)
	for _, fc := range []float64{0, 125e3, -310e3} {
		for _, d := range []int{1, 4, 7} {
			xl, err := blocks.NewFreqXlatingFIRFilter(taps, fc, fs, d)
			if err != nil {
				t.Fatal(err)
			}
			got, gotTags := runFilter(t, xl, 13, x, filtersTags(n))
			// Mixing by e^{−jωn}, n = i·d−k, splits into e^{jωk} (the
			// shifted taps) and e^{−jωd·i} (the rotator). As GNU Radio, ω
			// and the rotator's step ω·d are rounded to float32, and the
			// mixer's phase is referred to the filter's centre,
			// (len(taps)-1)/2 items back.
			w := float64(float32(2 * math.Pi * fc / fs))
			wd := float64(float32(w) * float32(d))
			centre := cmplx.Exp(complex(0, -w*float64(len(taps)-1)/2))
			m := n / d
			want := make([]complex128, m)
			for i := range want {
				for k, tp := range taps {
					if j := i*d - k; j >= 0 {
						want[i] += complex(float64(tp), 0) * complex128(x[j]) * cmplx.Exp(complex(0, w*float64(k)))
					}
				}
				want[i] *= centre * cmplx.Exp(complex(0, -wd*float64(i)))
			}
			closeTo(t, "xlating fc="+itoa(int(math.Abs(fc)))+" d="+itoa(d), got, want, 1e-5)
			checkDecimatedTags(t, "xlating", filtersTags(n), gotTags, m*d, d)
		}
	}
}
