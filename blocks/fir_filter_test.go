package blocks_test

import (
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestFIRFilterEqualsDirectConvolution(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 20))
	const n = 3001
	xf, xc := filtersRandF(r, n), filtersRandC(r, n)
	tags := filtersTags(n)
	for _, ntaps := range []int{1, 3, 16, 33, 64} {
		for _, d := range []int{1, 2, 3, 5, 40} {
			for _, outItems := range []int{7, 4096} {
				tf, tc := filtersRandF(r, ntaps), filtersRandC(r, ntaps)
				name := func(s string) string {
					return s + "/taps=" + itoa(ntaps) + "/dec=" + itoa(d) + "/out=" + itoa(outItems)
				}
				ff, err := blocks.NewFIRFilter[float32](tf, d)
				if err != nil {
					t.Fatal(err)
				}
				got, gotTags := runFilter(t, ff, outItems, xf, tags)
				want := naiveFIR(xf, tf, d)
				closeTo(t, name("fff"), got, want, 1e-5)
				checkDecimatedTags(t, name("fff"), tags, gotTags, len(want)*d, d)

				fc, _ := blocks.NewFIRFilter[complex64](tf, d)
				gotc, gotTags := runFilter(t, fc, outItems, xc, tags)
				closeTo(t, name("ccf"), gotc, naiveFIR(xc, tf, d), 1e-5)
				checkDecimatedTags(t, name("ccf"), tags, gotTags, len(gotc)*d, d)

				fcc, _ := blocks.NewFIRFilter[complex64](tc, d)
				gotcc, _ := runFilter(t, fcc, outItems, xc, nil)
				closeTo(t, name("ccc"), gotcc, naiveFIR(xc, tc, d), 1e-5)
			}
		}
	}
}

func TestFIRFilterRefusesBadArguments(t *testing.T) {
	if _, err := blocks.NewFIRFilter[float32]([]float32{}, 1); err == nil {
		t.Error("empty taps accepted")
	}
	if _, err := blocks.NewFIRFilter[float32]([]float32{1}, 0); err == nil {
		t.Error("decimation 0 accepted")
	}
	if _, err := blocks.NewFIRFilter[float32]([]complex64{1}, 1); err == nil {
		t.Error("float32 items with complex taps accepted")
	}
}
