package blocks_test

import (
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestFFTFilterEqualsFIRFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 21))
	const n = 20000
	xf, xc := filtersRandF(r, n), filtersRandC(r, n)
	for _, ntaps := range []int{1, 31, 100, 257} {
		tf, tc := filtersRandF(r, ntaps), filtersRandC(r, ntaps)
		ref, _ := blocks.NewFIRFilter[float32](tf, 1)
		want, _ := runFilter(t, ref, 1<<15, xf, nil)
		ff, err := blocks.NewFFTFilter(tf)
		if err != nil {
			t.Fatal(err)
		}
		for _, outItems := range []int{1, 5000} {
			got, tags := runFilter(t, ff, outItems, xf, filtersTags(n))
			full := n / ff.BlockSize() * ff.BlockSize()
			if len(got) != full {
				t.Fatalf("taps=%d: %d items, want %d whole blocks", ntaps, len(got), full)
			}
			w := make([]complex128, len(got))
			for i := range w {
				w[i] = complex(float64(want[i]), 0)
			}
			closeTo(t, "fft fff taps="+itoa(ntaps), got, w, 1e-5)
			checkDecimatedTags(t, "fft fff", filtersTags(n), tags, len(got), 1)
			ff, _ = blocks.NewFFTFilter(tf)
		}

		refc, _ := blocks.NewFIRFilter[complex64](tc, 1)
		wantc, _ := runFilter(t, refc, 1<<15, xc, nil)
		fc, _ := blocks.NewFFTFilter(tc)
		gotc, _ := runFilter(t, fc, 4096, xc, nil)
		wc := make([]complex128, len(gotc))
		for i := range wc {
			wc[i] = complex128(wantc[i])
		}
		closeTo(t, "fft ccc taps="+itoa(ntaps), gotc, wc, 1e-5)
	}
}
