package blocks_test

import (
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestKeepOneInNKeepsTheLastOfEachGroupAndMovesTags(t *testing.T) {
	in := streamRamp(1003)
	tags := streamTags(0, 3, 4, 9, 10, 500, 999, 1000, 1002)
	for _, n := range []int{1, 2, 5, 10, 1003, 2000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				b, err := blocks.NewKeepOneInN[float32](n)
				if err != nil {
					t.Fatal(err)
				}
				got, gotTags := streamRun(t, b, size, in, tags)
				// Reference: a direct loop over groups.
				var want []float32
				var wantTags []buffer.Tag
				for g := 0; (g+1)*n <= len(in); g++ {
					want = append(want, in[g*n+n-1])
					for _, tg := range tags {
						if tg.Offset >= uint64(g*n) && tg.Offset < uint64((g+1)*n) {
							tg.Offset = uint64(g)
							wantTags = append(wantTags, tg)
						}
					}
				}
				streamCheck(t, got, want, gotTags, wantTags)
			})
		}
	}
}
