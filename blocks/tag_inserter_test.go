package blocks_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestTagInserterTagsPeriodicallyOrAtListedOffsets(t *testing.T) {
	in := streamRamp(1000)
	existing := streamTags(5, 500)
	key := func(offsets ...uint64) []buffer.Tag { return streamTagsKV("burst", "x", offsets...) }
	tests := []struct {
		name string
		b    func() block.Block
		want []buffer.Tag // inserted tags, in offset order
	}{
		{"once at 0", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 0, 0) }, key(0)},
		{"once at 999", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 999, 0) }, key(999)},
		{"beyond the stream", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 1000, 0) }, nil},
		{"every 250 from 3", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 3, 250) }, key(3, 253, 503, 753)},
		{"every item from 997", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 997, 1) }, key(997, 998, 999)},
		{"listed", func() block.Block { return blocks.NewTagInserterAt[float32]("burst", "x", []uint64{999, 7, 5, 2000}) }, key(5, 7, 999)},
		{"empty list", func() block.Block { return blocks.NewTagInserterAt[float32]("burst", "x", nil) }, nil},
	}
	for _, tc := range tests {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("%s/out=%d", tc.name, size), func(t *testing.T) {
				got, gotTags := streamRun(t, tc.b(), size, in, existing)
				want := slices.Clone(existing)
				want = append(want, tc.want...)
				// Reference order: by offset; inserted before existing on the same item.
				slices.SortStableFunc(want, func(a, b buffer.Tag) int {
					switch {
					case a.Offset != b.Offset:
						return int(a.Offset) - int(b.Offset)
					case a.Key == b.Key:
						return 0
					case a.Key == "burst":
						return -1
					}
					return 1
				})
				streamCheck(t, got, in, gotTags, want)
			})
		}
	}
}
