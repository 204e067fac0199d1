package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// StreamDemux splits one stream into N, giving lengths[0] items to output
// 0, then lengths[1] to output 1, and so on, round and round (GNU Radio
// stream_demux). A length of 0 skips its output. It writes whatever part
// of the current run fits, waiting only for the output whose run it is.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out[0..N-1]: the runs, N = len(lengths).
//
// # Parameters
//
//   - lengths: items given to each output per turn (whole numbers ≥ 0, at
//     least one > 0).
//
// # Tags
//
// Each tag follows its item to its output.
//
// # Usage
//
//	demux, err := blocks.NewStreamDemux[float32]([]int{4, 1})
//	g.Add("demux", demux)
//	flowgraph.Connect(g, &src.Out, &demux.In)
//	flowgraph.Connect(g, &demux.Out[0], &a.In)
//	flowgraph.Connect(g, &demux.Out[1], &b.In)
type StreamDemux[T any] struct {
	In      block.In[T]
	Out     []block.Out[T]
	lengths []int
	cur     int // the output whose run is being written
	left    int // items left of its run
	tags    []buffer.Tag
}

// NewStreamDemux returns a StreamDemux of len(lengths) outputs.
func NewStreamDemux[T any](lengths []int) (*StreamDemux[T], error) {
	if err := checkRunLengths(lengths); err != nil {
		return nil, err
	}
	b := &StreamDemux[T]{Out: make([]block.Out[T], len(lengths)), lengths: append([]int(nil), lengths...), left: lengths[0]}
	b.In.SetTagPolicy(block.TagsCustom)
	return b, nil
}

// Work implements block.Block.
func (b *StreamDemux[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		return b.In.Idle()
	}
	start := b.In.Offset()
	tags := b.In.Tags()
	n := 0
	for n < len(in) {
		if b.left == 0 {
			b.cur = (b.cur + 1) % len(b.Out)
			b.left = b.lengths[b.cur]
			continue
		}
		o := &b.Out[b.cur]
		dst := o.Slice()
		m := min(b.left, len(in)-n, len(dst))
		if m == 0 {
			break // the current output is full: wait for its reader
		}
		copy(dst, in[n:n+m])
		b.tags = b.tags[:0]
		for len(tags) > 0 && tags[0].Offset-start < uint64(n+m) {
			tag := tags[0]
			tag.Offset = o.Offset() + (tag.Offset - start - uint64(n))
			b.tags = append(b.tags, tag)
			tags = tags[1:]
		}
		o.Produce(m, b.tags...)
		n += m
		b.left -= m
	}
	b.In.Consume(n)
	return nil
}

// streamDemuxSpec is the registry entry of stream_demux.
func streamDemuxSpec() registry.Spec {
	return registry.Spec{
		ID:     "stream_demux",
		Doc:    "split one stream into N, lengths[i] items to output i in turn (GNU Radio stream_demux)",
		Params: []registry.Param{typeParam(TypeComplex64), runLengthsParam("output")},
		New: streamAllTypes(streamDemuxFrom[float32], streamDemuxFrom[complex64], streamDemuxFrom[int8],
			streamDemuxFrom[uint8], streamDemuxFrom[int16]),
	}
}

func streamDemuxFrom[T any](p registry.Params) (block.Block, error) {
	l, err := runLengths(p)
	if err != nil {
		return nil, err
	}
	return asBlock(NewStreamDemux[T](l))
}
