package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestCopyPassesWhenEnabledAndDropsWhenDisabled(t *testing.T) {
	in := streamRamp(5000)
	tags := streamTags(0, 4095, 4096, 4999)
	for _, size := range streamOutputSizes {
		got, gotTags := streamRun(t, blocks.NewCopy[float32](true), size, in, tags)
		streamCheck(t, got, in, gotTags, tags)
		got, gotTags = streamRun(t, blocks.NewCopy[float32](false), size, in, tags)
		streamCheck(t, got, nil, gotTags, nil)
	}
	c := blocks.NewCopy[float32](false)
	if err := c.Enabled.Set(true); err != nil || !c.Enabled.Get() {
		t.Fatalf("Enabled.Set(true) did not enable: %v", err)
	}
	got, _ := streamRun(t, c, 64, in, nil)
	streamCheck(t, got, in, nil, nil)
}
