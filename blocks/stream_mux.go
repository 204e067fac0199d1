package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// StreamMux merges N streams into one, taking lengths[0] items from input
// 0, then lengths[1] from input 1, and so on, round and round (GNU Radio
// stream_mux). A length of 0 skips its input. It copies whatever part of
// the current run is available, so the inputs need not keep pace with one
// another.
//
// # Stream Inputs
//
//   - In[0..N-1]: items of type T, N = len(lengths).
//
// # Stream Outputs
//
//   - Out: the runs, in turn.
//
// # Parameters
//
//   - lengths: items taken from each input per turn (whole numbers ≥ 0,
//     at least one > 0).
//
// # Tags
//
// Each tag follows its item to the output.
//
// # Usage
//
//	mux, err := blocks.NewStreamMux[float32]([]int{4, 1})
//	g.Add("mux", mux)
//	flowgraph.Connect(g, &a.Out, &mux.In[0])
//	flowgraph.Connect(g, &b.Out, &mux.In[1])
//	flowgraph.Connect(g, &mux.Out, &snk.In)
//
// The mux finishes when the input whose run it is has finished and has no
// items left.
type StreamMux[T any] struct {
	In      []block.In[T]
	Out     block.Out[T]
	lengths []int
	cur     int // the input whose run is being copied
	left    int // items left of its run
}

// NewStreamMux returns a StreamMux of len(lengths) inputs.
func NewStreamMux[T any](lengths []int) (*StreamMux[T], error) {
	if err := checkRunLengths(lengths); err != nil {
		return nil, err
	}
	b := &StreamMux[T]{In: make([]block.In[T], len(lengths)), lengths: append([]int(nil), lengths...), left: lengths[0]}
	for i := range b.In {
		b.In[i].SetTagPolicy(block.TagsCustom)
	}
	return b, nil
}

// checkRunLengths checks the lengths of stream_mux and stream_demux.
func checkRunLengths(lengths []int) error {
	if len(lengths) < 1 || len(lengths) > maxPorts {
		return streamBadParam("lengths: %d entries, want 1 to %d", len(lengths), maxPorts)
	}
	some := false
	for _, n := range lengths {
		if n < 0 || n > maxRun {
			return streamBadParam("lengths: %d is not in [0, %d]", n, maxRun)
		}
		some = some || n > 0
	}
	if !some {
		return streamBadParam("lengths: all 0, want at least one > 0")
	}
	return nil
}

// Work implements block.Block.
func (b *StreamMux[T]) Work(*block.IO) error {
	out := b.Out.Slice()
	base := b.Out.Offset()
	n := 0
	for n < len(out) {
		if b.left == 0 {
			b.cur = (b.cur + 1) % len(b.In)
			b.left = b.lengths[b.cur]
			continue
		}
		in := &b.In[b.cur]
		src := in.Slice()
		if len(src) == 0 {
			if n == 0 && in.Ended() {
				return block.ErrDone
			}
			break
		}
		m := min(b.left, len(src), len(out)-n)
		copy(out[n:], src[:m])
		start := in.Offset()
		for _, tag := range in.Tags() {
			rel := tag.Offset - start
			if rel >= uint64(m) {
				break
			}
			tag.Offset = base + uint64(n) + rel
			b.Out.AddTag(tag)
		}
		in.Consume(m)
		n += m
		b.left -= m
	}
	b.Out.Produce(n)
	return nil
}

// streamMuxSpec is the registry entry of stream_mux.
func streamMuxSpec() registry.Spec {
	return registry.Spec{
		ID:     "stream_mux",
		Doc:    "merge N streams into one, lengths[i] items from input i in turn (GNU Radio stream_mux)",
		Params: []registry.Param{typeParam(TypeComplex64), runLengthsParam("input")},
		New: streamAllTypes(streamMuxFrom[float32], streamMuxFrom[complex64], streamMuxFrom[int8],
			streamMuxFrom[uint8], streamMuxFrom[int16]),
	}
}

func runLengthsParam(port string) registry.Param {
	return registry.Param{Name: "lengths", Type: registry.ParamFloats, Unit: "items",
		Doc: "items per " + port + " per turn, one entry per " + port + " (whole numbers >= 0, one > 0 at least)"}
}

// runLengths reads the lengths parameter as whole numbers.
func runLengths(p registry.Params) ([]int, error) {
	fs := p.Floats("lengths")
	out := make([]int, len(fs))
	for i, f := range fs {
		if f != math.Trunc(f) || !(f >= 0 && f <= maxRun) {
			return nil, streamBadParam("lengths: %g is not a whole number in [0, %d]", f, maxRun)
		}
		out[i] = int(f)
	}
	return out, nil
}

func streamMuxFrom[T any](p registry.Params) (block.Block, error) {
	l, err := runLengths(p)
	if err != nil {
		return nil, err
	}
	return asBlock(NewStreamMux[T](l))
}
