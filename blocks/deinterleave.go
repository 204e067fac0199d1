package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Deinterleave splits one stream into N, giving B items to each output in
// turn: out_i gets in[(t*N+i)*B : (t*N+i+1)*B] for turn t = 0, 1, ... A last
// partial turn at the end of the stream is dropped.
//
// # Stream Inputs
//
//   - In: items of type T, consumed in whole turns of N*B.
//
// # Stream Outputs
//
//   - Out0 … Out(N-1) (the Out slice): the deinterleaved items.
//
// # Parameters
//
//   - streams: N, the number of outputs (>= 1).
//   - blocksize: B, items given to each output per turn (items, >= 1).
//
// # Tags
//
// A tag stays on its item: input item j (turn t = j/(N*B), output
// i = j%(N*B)/B, r = j%B) becomes item t*B + r of output i.
//
// # Usage
//
//	dil, err := blocks.NewDeinterleave[int16](2, 1) // I Q I Q ... -> I, Q
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &dil.In)
//	flowgraph.Connect(g, &dil.Out[0], &i.In)
type Deinterleave[T any] struct {
	In    block.In[T]
	Out   []block.Out[T]
	block int
	outs  [][]T
}

// NewDeinterleave returns a Deinterleave to streams >= 1 outputs giving
// blocksize >= 1 items to each per turn.
func NewDeinterleave[T any](streams, blocksize int) (*Deinterleave[T], error) {
	if streams < 1 {
		return nil, streamBadParam("streams %d must be at least 1", streams)
	}
	if blocksize < 1 {
		return nil, streamBadParam("blocksize %d must be at least 1", blocksize)
	}
	b := &Deinterleave[T]{Out: make([]block.Out[T], streams), block: blocksize, outs: make([][]T, streams)}
	b.In.SetMinItems(streams * blocksize)
	b.In.SetTagPolicy(block.TagsCustom)
	for i := range b.Out {
		b.Out[i].SetMultiple(blocksize)
	}
	return b, nil
}

// Work implements block.Block.
func (b *Deinterleave[T]) Work(*block.IO) error {
	nb, bs := len(b.Out), b.block
	in := b.In.Slice()
	turns := len(in) / (nb * bs)
	for i := range b.Out {
		b.outs[i] = b.Out[i].Slice()
		turns = min(turns, len(b.outs[i])/bs)
	}
	if turns == 0 {
		if len(in) < nb*bs && streamEnded(&b.In) {
			return block.ErrDone
		}
		return nil
	}
	for i, dst := range b.outs {
		if bs == 1 {
			for t := range turns {
				dst[t] = in[t*nb+i]
			}
		} else {
			for t := range turns {
				copy(dst[t*bs:][:bs], in[(t*nb+i)*bs:][:bs])
			}
		}
	}
	start := b.In.Offset()
	for _, tag := range b.In.Tags() {
		rel := int(tag.Offset - start)
		if rel >= turns*nb*bs {
			break
		}
		t, i, r := rel/(nb*bs), rel%(nb*bs)/bs, rel%bs
		tag.Offset = b.Out[i].Offset() + uint64(t*bs+r)
		b.Out[i].AddTag(tag)
	}
	b.In.Consume(turns * nb * bs)
	for i := range b.Out {
		b.Out[i].Produce(turns * bs)
		b.outs[i] = nil
	}
	return nil
}

func deinterleaveFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewDeinterleave[T](p.Int("streams"), p.Int("blocksize"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// deinterleaveSpec is the registry entry of deinterleave.
func deinterleaveSpec() registry.Spec {
	return registry.Spec{
		ID:     "deinterleave",
		Doc:    "split one stream into N, blocksize items to each in turn",
		Params: streamInterleaveParams("outputs"),
		New: streamAllTypes(deinterleaveFrom[float32], deinterleaveFrom[complex64], deinterleaveFrom[int8],
			deinterleaveFrom[uint8], deinterleaveFrom[int16]),
	}
}

// RateChange implements block.RateChanger: each output gets one item per streams input items.
func (b *Deinterleave[T]) RateChange() (interpolation, decimation int) { return 1, len(b.Out) }
