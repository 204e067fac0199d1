package blocks_test

import (
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestInterleaveMatchesANaiveMergeWithTagsOnTheirItems(t *testing.T) {
	for _, tc := range []struct{ streams, bs int }{{1, 1}, {2, 1}, {3, 2}, {4, 5}} {
		for _, size := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("n=%d/b=%d/out=%d", tc.streams, tc.bs, size), func(t *testing.T) {
				b, err := blocks.NewInterleave[int16](tc.streams, tc.bs)
				if err != nil {
					t.Fatal(err)
				}
				ins := make([]blocktest.Stream, tc.streams)
				items := make([][]int16, tc.streams)
				for i := range ins {
					items[i] = make([]int16, 100+7*i) // unequal lengths
					for j := range items[i] {
						items[i][j] = int16(1000*i + j)
					}
					ins[i] = blocktest.Stream{Items: items[i], Tags: streamTags(0, uint64(tc.bs), 13, 99)}
				}
				outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: size}, ins...)
				if err != nil {
					t.Fatal(err)
				}
				// Reference: naive turn-by-turn merge, remembering where each item came from.
				var want []int16
				var from []streamOrigin
				for turn := 0; ; turn++ {
					full := true
					for i := range items {
						full = full && (turn+1)*tc.bs <= len(items[i])
					}
					if !full {
						break
					}
					for i := range items {
						for r := range tc.bs {
							j := turn*tc.bs + r
							want = append(want, items[i][j])
							from = append(from, streamOrigin{i, j})
						}
					}
				}
				var wantTags []buffer.Tag
				for k, o := range from {
					for _, tg := range ins[o.stream].Tags {
						if tg.Offset == uint64(o.index) {
							tg.Offset = uint64(k)
							wantTags = append(wantTags, tg)
						}
					}
				}
				streamCheck(t, outs[0].Items.([]int16), want, outs[0].Tags, wantTags)
			})
		}
	}
}
