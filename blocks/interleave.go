package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Interleave merges N streams into one, taking B items from each input in
// turn: out = in0[0:B], in1[0:B], ..., in(N-1)[0:B], in0[B:2B], ... It
// finishes when an input can no longer give a whole turn of B items.
//
// # Stream Inputs
//
//   - In0 … In(N-1) (the In slice): items of type T.
//
// # Stream Outputs
//
//   - Out: the interleaved items.
//
// # Parameters
//
//   - streams: N, the number of inputs (>= 1).
//   - blocksize: B, items taken from each input per turn (items, >= 1).
//
// # Tags
//
// A tag stays on its item: item j of input i (turn t = j/B, r = j%B)
// becomes output item (t*N+i)*B + r.
//
// # Usage
//
//	il, err := blocks.NewInterleave[float32](2, 1) // I, Q -> I Q I Q ...
//	if err != nil { ... }
//	flowgraph.Connect(g, &re.Out, &il.In[0])
//	flowgraph.Connect(g, &im.Out, &il.In[1])
type Interleave[T any] struct {
	In    []block.In[T]
	Out   block.Out[T]
	block int
	ins   [][]T
}

// NewInterleave returns an Interleave of streams >= 1 inputs taking
// blocksize >= 1 items from each per turn.
func NewInterleave[T any](streams, blocksize int) (*Interleave[T], error) {
	if streams < 1 {
		return nil, streamBadParam("streams %d must be at least 1", streams)
	}
	if blocksize < 1 {
		return nil, streamBadParam("blocksize %d must be at least 1", blocksize)
	}
	b := &Interleave[T]{In: make([]block.In[T], streams), block: blocksize, ins: make([][]T, streams)}
	for i := range b.In {
		b.In[i].SetTagPolicy(block.TagsCustom)
		b.In[i].SetMinItems(blocksize)
	}
	b.Out.SetMultiple(streams * blocksize)
	return b, nil
}

// Work implements block.Block.
func (b *Interleave[T]) Work(*block.IO) error {
	nb, bs := len(b.In), b.block
	out := b.Out.Slice()
	turns := len(out) / (nb * bs)
	for i := range b.In {
		b.ins[i] = b.In[i].Slice()
		turns = min(turns, len(b.ins[i])/bs)
	}
	if turns == 0 {
		for i := range b.In {
			if len(b.ins[i]) < bs && streamEnded(&b.In[i]) {
				return block.ErrDone
			}
		}
		return nil
	}
	base := b.Out.Offset()
	for i, src := range b.ins {
		if bs == 1 {
			for t := range turns {
				out[t*nb+i] = src[t]
			}
		} else {
			for t := range turns {
				copy(out[(t*nb+i)*bs:][:bs], src[t*bs:][:bs])
			}
		}
		start := b.In[i].Offset()
		for _, tag := range b.In[i].Tags() {
			rel := int(tag.Offset - start)
			if rel >= turns*bs {
				break
			}
			tag.Offset = base + uint64((rel/bs*nb+i)*bs+rel%bs)
			b.Out.AddTag(tag)
		}
		b.In[i].Consume(turns * bs)
		b.ins[i] = nil
	}
	b.Out.Produce(turns * nb * bs)
	return nil
}

func interleaveFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewInterleave[T](p.Int("streams"), p.Int("blocksize"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// interleaveSpec is the registry entry of interleave.
func interleaveSpec() registry.Spec {
	return registry.Spec{
		ID:     "interleave",
		Doc:    "merge N streams into one, blocksize items from each in turn",
		Params: streamInterleaveParams("inputs"),
		New: streamAllTypes(interleaveFrom[float32], interleaveFrom[complex64], interleaveFrom[int8],
			interleaveFrom[uint8], interleaveFrom[int16]),
	}
}

// RateChange implements block.RateChanger: streams output items per item of each input.
func (b *Interleave[T]) RateChange() (interpolation, decimation int) { return len(b.In), 1 }
