package blocks_test

import (
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestDelayPrependsZerosAndShiftsTags(t *testing.T) {
	in := streamRamp(1000)
	tags := streamTags(0, 1, 500, 999)
	for _, n := range []int{0, 1, 5, 1000, 3000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewDelay[float32](uint64(n)), size, in, tags)
				want := append(make([]float32, n), in...)
				var wantTags []buffer.Tag
				for _, tg := range tags {
					tg.Offset += uint64(n)
					wantTags = append(wantTags, tg)
				}
				streamCheck(t, got, want, gotTags, wantTags)
			})
		}
	}
}
