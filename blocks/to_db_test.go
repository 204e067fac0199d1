package blocks_test

import (
	"math"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestToDBMatchesNlog10Semantics(t *testing.T) {
	const flt32Min = 1.1754943508222875e-38
	x := []float32{1, 10, 100, 0.5, 2e-3, 0, -4, float32(math.NaN()), float32(math.Inf(1))}
	for _, tc := range []struct{ factor, k float64 }{{10, 0}, {20, 0}, {10, -30}, {20, 3.5}} {
		want := make([]float32, len(x))
		for i, v := range x {
			w := float64(v)
			if w < flt32Min {
				w = flt32Min // nlog10_ff clamps to FLT_MIN
			}
			want[i] = float32(tc.factor*math.Log10(w) + tc.k)
		}
		outs := mathRun(t, blocks.NewToDB(float32(tc.factor), float32(tc.k)), blocktest.Stream{Items: x})
		mathCheck(t, outs[0].Items.([]float32), want, 1e-6)
	}
	// Spot values independent of the formula above.
	outs := mathRun(t, blocks.NewToDB(10, 0), blocktest.Stream{Items: []float32{100, 0}})
	got := outs[0].Items.([]float32)
	if math.Abs(float64(got[0])-20) > 1e-6 || math.Abs(float64(got[1])+379.29779) > 1e-3 {
		t.Fatalf("to_db(100, 0) = %v, want 20, -379.298", got)
	}
}
