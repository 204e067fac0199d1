package blocks_test

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestImpairmentsPutTheDCOffsetOnTheCarrierAndLeaveTheRest(t *testing.T) {
	in := make([]complex64, 64)
	for i := range in {
		in[i] = complex64(cmplx.Rect(1, float64(i)*0.3))
	}
	// Only a DC offset and a frequency offset: the carrier is taken off
	// and put back, so the input passes and the offset turns with the
	// carrier (a quarter turn per item).
	b := blocks.NewImpairments()
	if err := b.IOfs.Set(0.5); err != nil {
		t.Fatal(err)
	}
	if err := b.FreqOffset.Set(0.25); err != nil {
		t.Fatal(err)
	}
	out := mathRun(t, b, blocktest.Stream{Items: in})[0].Items.([]complex64)
	for i, x := range in {
		want := complex128(x) + 0.5*cmplx.Rect(1, math.Pi/2*float64(i))
		if d := cmplx.Abs(complex128(out[i]) - want); d > 1e-5 {
			t.Fatalf("item %d: %v, want %v", i, out[i], want)
		}
	}
	// IQ imbalance alone: 6.02 dB doubles I, 90° moves it all to Q.
	b = blocks.NewImpairments()
	if err := b.Magbal.Set(20 * math.Log10(2)); err != nil {
		t.Fatal(err)
	}
	if err := b.Phasebal.Set(90); err != nil {
		t.Fatal(err)
	}
	out = mathRun(t, b, blocktest.Stream{Items: []complex64{complex(1, 0.25)}})[0].Items.([]complex64)
	if d := cmplx.Abs(complex128(out[0]) - complex(0, 2.25)); d > 1e-5 {
		t.Errorf("IQ imbalance: %v, want (0+2.25i)", out[0])
	}
}
