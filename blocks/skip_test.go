package blocks_test

import (
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestSkipDropsTheFirstNAndShiftsTags(t *testing.T) {
	in := streamRamp(2000)
	tags := streamTags(0, 9, 10, 11, 1500, 1999)
	for _, n := range []int{0, 1, 10, 1999, 2000, 2500} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewSkip[float32](uint64(n)), size, in, tags)
				k := min(n, len(in))
				var want []buffer.Tag
				for _, tg := range tags {
					if tg.Offset >= uint64(k) {
						tg.Offset -= uint64(k)
						want = append(want, tg)
					}
				}
				streamCheck(t, got, in[k:], gotTags, want)
			})
		}
	}
}
