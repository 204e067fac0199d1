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
			mixed := make([]complex128, n)
			for i, v := range x {
				mixed[i] = complex128(v) * cmplx.Exp(complex(0, -2*math.Pi*fc/fs*float64(i)))
			}
			m := n / d
			want := make([]complex128, m)
			for i := range want {
				for k, tp := range taps {
					if j := i*d - k; j >= 0 {
						want[i] += complex(float64(tp), 0) * mixed[j]
					}
				}
			}
			closeTo(t, "xlating fc="+itoa(int(math.Abs(fc)))+" d="+itoa(d), got, want, 1e-5)
			checkDecimatedTags(t, "xlating", filtersTags(n), gotTags, m*d, d)
		}
	}
}
