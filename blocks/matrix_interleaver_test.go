package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestMatrixInterleaverReadsColumnsAndDeinterleaverUndoesIt(t *testing.T) {
	// rows 2, cols 3: GNU Radio 3.10.5.1's order (1..14 in; the last 2
	// items make no whole block and are dropped).
	in := streamRamp(14)
	for _, size := range streamOutputSizes {
		il, err := blocks.NewMatrixInterleaver[float32](2, 3, false)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := streamRun(t, il, size, in, nil)
		streamCheck(t, got, []float32{1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, nil, nil)
		de, _ := blocks.NewMatrixInterleaver[float32](2, 3, true)
		back, _ := streamRun(t, de, size, got, nil)
		streamCheck(t, back, in[:12], nil, nil)
		de2, _ := blocks.NewMatrixInterleaver[float32](2, 3, true)
		got2, _ := streamRun(t, de2, size, in, nil)
		streamCheck(t, got2, []float32{1, 3, 5, 2, 4, 6, 7, 9, 11, 8, 10, 12}, nil, nil)
	}
	if _, err := blocks.NewMatrixInterleaver[float32](0, 3, false); err == nil {
		t.Error("rows 0: no error")
	}
}
