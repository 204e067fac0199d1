package blocks_test

import (
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestComplexToFloatSplitsWithTags(t *testing.T) {
	x := mathRamp[complex64](333, 1.7)
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 200, Key: "b"}}
	outs := mathRun(t, blocks.NewComplexToFloat(), blocktest.Stream{Items: x, Tags: tags})
	re, im := outs[0].Items.([]float32), outs[1].Items.([]float32)
	if len(re) != len(x) || len(im) != len(x) {
		t.Fatalf("%d, %d items, want %d", len(re), len(im), len(x))
	}
	for i, v := range x {
		if re[i] != real(v) || im[i] != imag(v) {
			t.Fatalf("item %d: %v, %v from %v", i, re[i], im[i], v)
		}
	}
	if !slices.Equal(outs[0].Tags, tags) || !slices.Equal(outs[1].Tags, tags) {
		t.Fatalf("tags %v, %v, want %v on both", outs[0].Tags, outs[1].Tags, tags)
	}
}
