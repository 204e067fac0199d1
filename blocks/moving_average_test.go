package blocks_test

import (
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestMovingAverageIsExactSum(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 24))
	const n = 10000
	x := make([]float32, n)
	xc := make([]complex64, n)
	for i := range x {
		x[i] = float32(r.IntN(200) - 100)
		xc[i] = complex(x[i], float32(r.IntN(50)))
	}
	for _, l := range []int{1, 2, 16, 100} {
		ma, err := blocks.NewMovingAverage[float32](l, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		got, tags := runFilter(t, ma, 37, x, filtersTags(n))
		mc, _ := blocks.NewMovingAverage[complex64](l, 0.5)
		gotc, _ := runFilter(t, mc, 5000, xc, nil)
		if len(got) != n || len(gotc) != n {
			t.Fatalf("length %d: %d/%d items, want %d", l, len(got), len(gotc), n)
		}
		for i := range got {
			var s float32
			var sc complex64
			for k := max(i-l+1, 0); k <= i; k++ {
				s += x[k]
				sc += xc[k]
			}
			if got[i] != s*0.5 || gotc[i] != sc*0.5 {
				t.Fatalf("length %d: item %d = %v, %v; want %v, %v", l, i, got[i], gotc[i], s*0.5, sc*0.5)
			}
		}
		checkDecimatedTags(t, "moving_average", filtersTags(n), tags, len(got), 1)
	}
	if _, err := blocks.NewMovingAverage[float32](0, 1); err == nil {
		t.Error("length 0 accepted")
	}
}
