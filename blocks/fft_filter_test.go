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
		for _, d := range []int{1, 3, 4, 7} {
			name := func(s string) string { return s + " taps=" + itoa(ntaps) + " dec=" + itoa(d) }
			ref, _ := blocks.NewFIRFilter[float32](tf, d)
			want, _ := runFilter(t, ref, 1<<15, xf, nil)
			for _, outItems := range []int{1, 5000} {
				ff, err := blocks.NewFFTFilter(tf, d)
				if err != nil {
					t.Fatal(err)
				}
				got, tags := runFilter(t, ff, outItems, xf, filtersTags(n))
				// Whole multiples of nsamples outputs, each from nsamples·D inputs.
				ns := ff.BlockSize()
				if full := n / (ns * d) * ns; len(got) != full {
					t.Fatalf("%s: %d items, want %d", name("fff"), len(got), full)
				}
				w := make([]complex128, len(got))
				for i := range w {
					w[i] = complex(float64(want[i]), 0)
				}
				closeTo(t, name("fft fff"), got, w, 1e-5)
				checkDecimatedTags(t, name("fft fff"), filtersTags(n), tags, len(got)*d, d)
			}

			refc, _ := blocks.NewFIRFilter[complex64](tc, d)
			wantc, _ := runFilter(t, refc, 1<<15, xc, nil)
			fc, _ := blocks.NewFFTFilter(tc, d)
			gotc, _ := runFilter(t, fc, 4096, xc, nil)
			if len(gotc) == 0 && n >= fc.BlockSize()*d {
				t.Fatalf("%s: no output", name("fft ccc"))
			}
			wc := make([]complex128, len(gotc))
			for i := range wc {
				wc[i] = complex128(wantc[i])
			}
			closeTo(t, name("fft ccc"), gotc, wc, 1e-5)
		}
	}
}

func TestFFTFilterRefusesBadArguments(t *testing.T) {
	if _, err := blocks.NewFFTFilter([]float32{}, 1); err == nil {
		t.Error("empty taps accepted")
	}
	if _, err := blocks.NewFFTFilter([]float32{1}, 0); err == nil {
		t.Error("decimation 0 accepted")
	}
}
