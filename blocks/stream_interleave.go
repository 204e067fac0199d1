package blocks

import "github.com/flowrun/flowrun/block"

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

func interleaveFrom[T any](p block.Params) (block.Block, error) {
	b, err := NewInterleave[T](p.Int("streams"), p.Int("blocksize"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

func deinterleaveFrom[T any](p block.Params) (block.Block, error) {
	b, err := NewDeinterleave[T](p.Int("streams"), p.Int("blocksize"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

func registerStreamInterleave(r *block.Registry, def block.Param) {
	params := func(ports string) []block.Param {
		return []block.Param{def,
			{Name: "streams", Type: block.ParamInt, Default: 2, Min: block.Bound(1), Max: block.Bound(maxPorts), Doc: "number of " + ports},
			{Name: "blocksize", Type: block.ParamInt, Default: 1, Unit: "items", Min: block.Bound(1), Max: block.Bound(maxRun),
				Doc: "items per stream per turn"}}
	}
	r.MustRegister(block.Spec{
		ID:     "interleave",
		Doc:    "merge N streams into one, blocksize items from each in turn",
		Params: params("inputs"),
		New: streamAllTypes(interleaveFrom[float32], interleaveFrom[complex64], interleaveFrom[int8],
			interleaveFrom[uint8], interleaveFrom[int16]),
	})
	r.MustRegister(block.Spec{
		ID:     "deinterleave",
		Doc:    "split one stream into N, blocksize items to each in turn",
		Params: params("outputs"),
		New: streamAllTypes(deinterleaveFrom[float32], deinterleaveFrom[complex64], deinterleaveFrom[int8],
			deinterleaveFrom[uint8], deinterleaveFrom[int16]),
	})
}
