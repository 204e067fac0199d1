package blocks_test

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestFrequencyModulatorIntegratesThePhase(t *testing.T) {
	x := make([]float32, 3000)
	for i := range x {
		x[i] = float32(3 * math.Sin(float64(i)*0.01))
	}
	got := mathRun(t, blocks.NewFrequencyModulator(0.7), blocktest.Stream{Items: x})[0].Items.([]complex64)
	phase := 0.0
	for i, v := range x {
		phase += 0.7 * float64(v)
		want := cmplx.Exp(complex(0, phase))
		// The float32 phase of GNU Radio's formula drifts from the
		// float64 one by float32 roundings: a few 1e-5 over 3000 items.
		if d := cmplx.Abs(complex128(got[i]) - want); d > 1e-4 {
			t.Fatalf("item %d: %v, want %v (difference %g)", i, got[i], want, d)
		}
		if m := cmplx.Abs(complex128(got[i])); math.Abs(m-1) > 1e-6 {
			t.Fatalf("item %d: magnitude %v", i, m)
		}
	}
}
