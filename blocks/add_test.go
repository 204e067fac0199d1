package blocks_test

import (
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestAddInt16WrapsAroundLikeC(t *testing.T) {
	add, err := blocks.NewAdd[int16](2)
	if err != nil {
		t.Fatal(err)
	}
	outs := mathRun(t, add, blocktest.Stream{Items: []int16{30000, -30000, 1}}, blocktest.Stream{Items: []int16{30000, -30000, -1}})
	if got, want := outs[0].Items.([]int16), []int16{-5536, 5536, 0}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
