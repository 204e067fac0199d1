package blocks_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestIIRFilterEqualsDifferenceEquation(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 25))
	x := filtersRandF(r, 3000)
	cases := []struct {
		ff, fb   []float64
		oldstyle bool
	}{
		{[]float64{0.1}, []float64{1, 0.9}, true},
		{[]float64{0.2, 0.3, -0.1}, []float64{1, 0.5, -0.3}, true},
		// a biquad low-pass (RBJ, fc = 0.1·fs, Q = 0.707) in MATLAB convention
		{[]float64{0.0674553, 0.1349105, 0.0674553}, []float64{1, -1.1429805, 0.4128016}, false},
		{[]float64{1, -1}, []float64{1}, true},
	}
	for ci, c := range cases {
		f, err := blocks.NewIIRFilter(c.ff, c.fb, c.oldstyle)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := runFilter(t, f, 17, x, nil)
		y := make([]float64, len(x))
		sign := 1.0
		if !c.oldstyle {
			sign = -1
		}
		for n := range x {
			for k, b := range c.ff {
				if n-k >= 0 {
					y[n] += b * float64(x[n-k])
				}
			}
			for k := 1; k < len(c.fb); k++ {
				if n-k >= 0 {
					y[n] += sign * c.fb[k] * y[n-k]
				}
			}
		}
		if len(got) != len(y) {
			t.Fatalf("case %d: %d items, want %d", ci, len(got), len(y))
		}
		for i := range y {
			if math.Abs(float64(got[i])-y[i]) > 1e-6*(1+math.Abs(y[i])) {
				t.Fatalf("case %d: item %d = %v, want %v", ci, i, got[i], y[i])
			}
		}
	}
	if _, err := blocks.NewIIRFilter(nil, []float64{1}, true); err == nil {
		t.Error("no feed-forward taps accepted")
	}
}
