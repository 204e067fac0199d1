package blocks_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func TestStreamToTaggedStreamTagsEveryPacketWithItsLength(t *testing.T) {
	in := streamRamp(1000)
	for _, size := range streamOutputSizes {
		t.Run(fmt.Sprintf("out=%d", size), func(t *testing.T) {
			b, err := blocks.NewStreamToTaggedStream[float32]("packet_len", 300)
			if err != nil {
				t.Fatal(err)
			}
			got, gotTags := streamRun(t, b, size, in, nil)
			var want []buffer.Tag
			for _, off := range []uint64{0, 300, 600, 900} {
				want = append(want, buffer.Tag{Offset: off, Key: "packet_len", Value: int64(300)})
			}
			if !slices.Equal(got, in) || !slices.Equal(gotTags, want) {
				t.Fatalf("items equal: %v; tags %v, want %v", slices.Equal(got, in), gotTags, want)
			}
		})
	}
}

func TestStreamToTaggedStreamRefusesEmptyPackets(t *testing.T) {
	if _, err := blocks.NewStreamToTaggedStream[float32]("packet_len", 0); err == nil {
		t.Error("packet_len 0 accepted")
	}
	if _, err := blocks.NewStreamToTaggedStream[float32]("", 10); err == nil {
		t.Error("an empty length tag accepted")
	}
}
