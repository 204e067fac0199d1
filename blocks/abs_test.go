package blocks_test

import (
	"math"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestAbsOfFloatsAndShorts(t *testing.T) {
	f := mathRun(t, blocks.NewAbs[float32](), blocktest.Stream{Items: []float32{-1.5, 0, 2, float32(math.Inf(-1))}})
	mathCheck(t, f[0].Items.([]float32), []float32{1.5, 0, 2, float32(math.Inf(1))}, 0)
	s := mathRun(t, blocks.NewAbs[int16](), blocktest.Stream{Items: []int16{-7, 7, 0, -32768, 32767}})
	mathCheck(t, s[0].Items.([]int16), []int16{7, 7, 0, -32768, 32767}, 0)
}
