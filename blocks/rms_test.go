package blocks_test

import (
	"math"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestRMSFollowsTheOnePoleAverageOfThePower(t *testing.T) {
	x := mathRamp[complex64](500, 0.3)
	r, err := blocks.NewRMS[complex64](0.05)
	if err != nil {
		t.Fatal(err)
	}
	got := mathRun(t, r, blocktest.Stream{Items: x})[0].Items.([]float32)
	avg := 0.0
	for i, v := range x {
		avg = 0.95*avg + 0.05*float64(real(v)*real(v)+imag(v)*imag(v))
		if want := float32(math.Sqrt(avg)); got[i] != want {
			t.Fatalf("item %d: %v, want %v", i, got[i], want)
		}
	}
	// A constant input's RMS tends to its magnitude.
	c := make([]float32, 2000)
	for i := range c {
		c[i] = -2
	}
	rf, _ := blocks.NewRMS[float32](0.01)
	out := mathRun(t, rf, blocktest.Stream{Items: c})[0].Items.([]float32)
	if v := out[len(out)-1]; math.Abs(float64(v)-2) > 1e-6 {
		t.Errorf("RMS of -2 after 2000 items: %v, want 2", v)
	}
	for _, a := range []float64{0, -1, 1.5, math.NaN()} {
		if _, err := blocks.NewRMS[float32](a); err == nil {
			t.Errorf("alpha %v accepted", a)
		}
	}
}
