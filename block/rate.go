package block

// The rate helpers build the blocks whose rates are fixed, from one
// function over whole chunks: each declares its needs (SetMinItems,
// SetMinSpace), cuts the slices to whole groups, and lets Work's commit
// consume, produce and forward tags (all-to-all, rescaled to the rate). A
// block type embeds the helper's struct to get its ports and Work:
//
//	type Decimator struct {
//		*block.MapNBlock[float32, float32]
//	}
//
//	func NewDecimator(d int) *Decimator {
//		return &Decimator{block.MapN(d, 1, func(in, out []float32) {
//			for i := range out {
//				out[i] = in[i*d]
//			}
//		})}
//	}

// MapNBlock turns every n input items into m output items; see MapN.
type MapNBlock[A, B any] struct {
	In  In[A]
	Out Out[B]
	n   int
	m   int
	f   func(in []A, out []B)
}

// MapN returns a block that calls f with k groups at a time: len(in) = k*n
// and len(out) = k*m, group i of in becoming group i of out (a decimator
// by D is MapN(D, 1, f), an interpolator by I MapN(1, I, f), a
// stream-to-vector of N MapN(N, 1, f) over an array type). f must fill out
// entirely and keep neither slice. A tag on input item j lands on output
// item j*m/n. At the end of the stream, fewer than n items left are
// dropped. MapN panics if n or m is below 1.
func MapN[A, B any](n, m int, f func(in []A, out []B)) *MapNBlock[A, B] {
	if n < 1 || m < 1 {
		panic("block: MapN needs n >= 1 and m >= 1")
	}
	b := &MapNBlock[A, B]{n: n, m: m, f: f}
	b.In.SetMinItems(n)
	b.Out.SetMinSpace(m)
	return b
}

// Work implements Block.
func (b *MapNBlock[A, B]) Work(*IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	k := min(len(in)/b.n, len(out)/b.m)
	if k == 0 {
		return b.In.Idle()
	}
	b.f(in[:k*b.n], out[:k*b.m])
	b.In.Consume(k * b.n)
	b.Out.Produce(k * b.m)
	return nil
}

// RateChange implements RateChanger: m output items per n input items.
func (b *MapNBlock[A, B]) RateChange() (interpolation, decimation int) { return b.m, b.n }

// CombineBlock is a block with several inputs in step and one output; see
// Combine.
type CombineBlock[A, B any] struct {
	In  []In[A]
	Out Out[B]
	ins [][]A
	f   func(ins [][]A, out []B)
}

// Combine returns a block with k inputs read in step, item i of every input
// making item i of the output (add, multiply, float_to_complex). f is
// called with k slices of len(out) items each and must fill out entirely
// and keep no slice. Tags of every input land on the same output item. The
// block finishes when any input does. Combine panics if k is below 1.
func Combine[A, B any](k int, f func(ins [][]A, out []B)) *CombineBlock[A, B] {
	if k < 1 {
		panic("block: Combine needs at least 1 input")
	}
	return &CombineBlock[A, B]{In: make([]In[A], k), ins: make([][]A, k), f: f}
}

// Work implements Block.
func (b *CombineBlock[A, B]) Work(*IO) error {
	out := b.Out.Slice()
	n := len(out)
	for i := range b.In {
		b.ins[i] = b.In[i].Slice()
		n = min(n, len(b.ins[i]))
	}
	if n == 0 {
		for i := range b.In {
			if err := b.In[i].Idle(); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range b.ins {
		b.ins[i] = b.ins[i][:n]
	}
	b.f(b.ins, out[:n])
	for i := range b.In {
		b.In[i].Consume(n)
	}
	b.Out.Produce(n)
	return nil
}

// RateChange implements RateChanger: one output item per item of each input.
func (b *CombineBlock[A, B]) RateChange() (interpolation, decimation int) { return 1, 1 }

// SplitBlock is a block with one input and several outputs in step; see
// Split.
type SplitBlock[A, B any] struct {
	In   In[A]
	Out  []Out[B]
	outs [][]B
	f    func(in []A, outs [][]B)
}

// Split returns a block with k outputs written in step, item i of the
// input making item i of every output (complex_to_float, a splitter). f is
// called with len(in) items and k slices of as many, which it must fill
// entirely, and keeps no slice. Tags go to the same item of every output.
// Split panics if k is below 1.
func Split[A, B any](k int, f func(in []A, outs [][]B)) *SplitBlock[A, B] {
	if k < 1 {
		panic("block: Split needs at least 1 output")
	}
	return &SplitBlock[A, B]{Out: make([]Out[B], k), outs: make([][]B, k), f: f}
}

// Work implements Block.
func (b *SplitBlock[A, B]) Work(*IO) error {
	in := b.In.Slice()
	n := len(in)
	for i := range b.Out {
		b.outs[i] = b.Out[i].Slice()
		n = min(n, len(b.outs[i]))
	}
	if n == 0 {
		return b.In.Idle()
	}
	for i := range b.outs {
		b.outs[i] = b.outs[i][:n]
	}
	b.f(in[:n], b.outs)
	b.In.Consume(n)
	for i := range b.Out {
		b.Out[i].Produce(n)
	}
	return nil
}

// RateChange implements RateChanger: one item on each output per input item.
func (b *SplitBlock[A, B]) RateChange() (interpolation, decimation int) { return 1, 1 }
