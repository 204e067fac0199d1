package blocks_test

import (
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

// muxReference merges the inputs by lengths, as GNU Radio's stream_mux,
// until the input whose run it is has no items left; tags follow items.
func muxReference(lengths []int, ins [][]float32, tags [][]buffer.Tag) ([]float32, []buffer.Tag) {
	var out []float32
	var outTags []buffer.Tag
	pos := make([]int, len(ins))
	for k := 0; ; k = (k + 1) % len(ins) {
		for r := 0; r < lengths[k]; r++ {
			if pos[k] == len(ins[k]) {
				return out, outTags
			}
			for _, tg := range tags[k] {
				if tg.Offset == uint64(pos[k]) {
					tg.Offset = uint64(len(out))
					outTags = append(outTags, tg)
				}
			}
			out = append(out, ins[k][pos[k]])
			pos[k]++
		}
	}
}

func TestStreamMuxTakesRunsInTurn(t *testing.T) {
	a, b, c := streamRamp(1000), streamRamp(700), streamRamp(30)
	for i := range b {
		b[i] += 10000
	}
	for i := range c {
		c[i] += 20000
	}
	tags := [][]buffer.Tag{streamTags(0, 5, 999), {{Offset: 3, Key: "b"}}, {{Offset: 29, Key: "c"}}}
	lengths := []int{7, 3, 0}
	for _, size := range streamOutputSizes {
		t.Run(fmt.Sprintf("out=%d", size), func(t *testing.T) {
			m, err := blocks.NewStreamMux[float32](lengths)
			if err != nil {
				t.Fatal(err)
			}
			outs, err := blocktest.RunWith(m, blocktest.Options{OutputItems: size},
				blocktest.Stream{Items: a, Tags: tags[0]}, blocktest.Stream{Items: b, Tags: tags[1]}, blocktest.Stream{Items: c, Tags: tags[2]})
			if err != nil {
				t.Fatal(err)
			}
			want, wantTags := muxReference(lengths, [][]float32{a, b, c}, tags)
			streamCheck(t, outs[0].Items.([]float32), want, outs[0].Tags, wantTags)
		})
	}
}

func TestStreamDemuxGivesRunsInTurn(t *testing.T) {
	in := streamRamp(1000)
	tags := streamTags(0, 6, 7, 999)
	lengths := []int{5, 0, 2}
	for _, size := range streamOutputSizes {
		t.Run(fmt.Sprintf("out=%d", size), func(t *testing.T) {
			d, err := blocks.NewStreamDemux[float32](lengths)
			if err != nil {
				t.Fatal(err)
			}
			outs, err := blocktest.RunWith(d, blocktest.Options{OutputItems: size}, blocktest.Stream{Items: in, Tags: tags})
			if err != nil {
				t.Fatal(err)
			}
			want := make([][]float32, 3)
			wantTags := make([][]buffer.Tag, 3)
			for i, k, left := 0, 0, lengths[0]; i < len(in); {
				if left == 0 {
					k = (k + 1) % 3
					left = lengths[k]
					continue
				}
				for _, tg := range tags {
					if tg.Offset == uint64(i) {
						tg.Offset = uint64(len(want[k]))
						wantTags[k] = append(wantTags[k], tg)
					}
				}
				want[k] = append(want[k], in[i])
				i++
				left--
			}
			for k := range outs {
				streamCheck(t, outs[k].Items.([]float32), want[k], outs[k].Tags, wantTags[k])
			}
		})
	}
}

func TestStreamMuxAndDemuxRefuseBadLengths(t *testing.T) {
	for _, l := range [][]int{nil, {0, 0}, {-1, 2}, {1 << 25}} {
		if _, err := blocks.NewStreamMux[float32](l); err == nil {
			t.Errorf("stream_mux took lengths %v", l)
		}
		if _, err := blocks.NewStreamDemux[float32](l); err == nil {
			t.Errorf("stream_demux took lengths %v", l)
		}
	}
}
