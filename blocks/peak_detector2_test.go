package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestPeakDetector2MarksTheLargestItemOfEachWindow(t *testing.T) {
	// GNU Radio 3.10.5.1's peak_detector2_fb(0.5, 3, 0.5) on this input:
	// windows of 3 open at items 0, 3 and 9 (their first largest item is
	// the peak); the one 20 opens is cut by the end and dropped.
	in := []float32{1, 1, 1, 4, 2, 1, 1, 1, 1, 9, 1, 1, 1, 1, 20, 1}
	for _, size := range streamOutputSizes {
		pd, err := blocks.NewPeakDetector2(0.5, 3, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := blocktest.RunWith(pd, blocktest.Options{OutputItems: size}, blocktest.Stream{Items: in})
		if err != nil {
			t.Fatal(err)
		}
		peaks, avg := outs[0].Items.([]int8), outs[1].Items.([]float32)
		streamCheck(t, peaks, []int8{1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, nil, nil)
		streamCheck(t, avg, []float32{0.5, 0.75, 0.875, 2.4375, 2.21875, 1.609375, 1.3046875,
			1.15234375, 1.076171875, 5.0380859375, 3.01904296875, 2.009521484375, 1.5047607421875, 1.25238037109375}, nil, nil)
	}
	if _, err := blocks.NewPeakDetector2(0.5, 0, 1); err == nil {
		t.Error("lookahead 0: no error")
	}
}
