package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestIntToFloatDividesByScale(t *testing.T) {
	b, err := blocks.NewIntToFloat(4)
	if err != nil {
		t.Fatal(err)
	}
	out := mathRun(t, b, blocktest.Stream{Items: []int32{0, 1, -6, 1 << 30, -1 << 31}})
	mathCheck(t, out[0].Items.([]float32), []float32{0, 0.25, -1.5, 1 << 28, -1 << 29}, 0)
	if _, err := blocks.NewIntToFloat(0); err == nil {
		t.Error("scale 0: no error")
	}
}
