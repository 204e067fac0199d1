package blocks

import (
	"math/rand/v2"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// copyRandStream is the second word of every CopyRand's PCG seed; the first
// is the seed parameter.
const copyRandStream = 0x666c6f7772756e21 // "flowrun!"

// CopyRand passes its input to its output unchanged, a random number of
// items at a time: each Work call copies min(available input, output
// space, r) items, r uniform in [1, max], from a PRNG the block owns. It
// stresses the scheduler with small, irregular hand-offs, as FutureSDR's
// copy_rand does in its perf/fir benchmark.
//
// The draws are deterministic: a given seed gives the same sequence of r
// on every run (the items copied per call also depend on what the
// neighbours left in the buffers, which is up to the scheduler).
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, unchanged.
//
// # Parameters
//
//   - max: largest number of items per Work call (items, >= 1; default 512).
//   - seed: the PRNG seed (>= 0; default 0, a fixed seed like any other):
//     the block draws from math/rand/v2's PCG seeded with
//     (seed, 0x666c6f7772756e21).
//
// # Tags
//
// Tags keep their offsets.
//
// # Usage
//
//	cr, err := blocks.NewCopyRand[float32](512, 0)
//	if err != nil { ... }
//	g.Add("copy_rand", cr)
//	flowgraph.Connect(g, &src.Out, &cr.In)
//	flowgraph.Connect(g, &cr.Out, &fir.In)
type CopyRand[T any] struct {
	In  block.In[T]
	Out block.Out[T]
	max int
	pcg rand.PCG
	rng *rand.Rand // draws from pcg
}

// NewCopyRand returns a CopyRand passing at most maxItems items per Work
// call, in chunks whose sizes are drawn from a PCG generator seeded with
// (seed, 0x666c6f7772756e21). maxItems must be at least 1.
func NewCopyRand[T any](maxItems int, seed uint64) (*CopyRand[T], error) {
	if maxItems < 1 {
		return nil, streamBadParam("copy_rand max %d: want at least 1 item per Work call", maxItems)
	}
	b := &CopyRand[T]{max: maxItems}
	b.pcg.Seed(seed, copyRandStream)
	b.rng = rand.New(&b.pcg)
	return b, nil
}

// Max returns the largest number of items passed per Work call.
func (b *CopyRand[T]) Max() int { return b.max }

// Work implements block.Block.
func (b *CopyRand[T]) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, min(n, 1+b.rng.IntN(b.max)))
	return nil
}

func copyRandFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewCopyRand[T](p.Int("max"), uint64(p.Int("seed")))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// copyRandSpec is the registry entry of copy_rand.
func copyRandSpec() registry.Spec {
	return registry.Spec{
		ID:  "copy_rand",
		Doc: "pass items unchanged, a random 1..max of them per Work call (scheduler stress, as FutureSDR's copy_rand)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "max", Type: registry.ParamInt, Default: 512, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(1 << 30),
				Doc: "largest number of items per Work call"},
			{Name: "seed", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0),
				Doc: "PRNG seed; the same seed draws the same chunk sizes"}},
		New: streamAllTypes(copyRandFrom[float32], copyRandFrom[complex64], copyRandFrom[int8], copyRandFrom[uint8], copyRandFrom[int16]),
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (b *CopyRand[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
