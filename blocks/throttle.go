package blocks

import (
	"math"
	"time"

	"github.com/flowrun/flowrun/block"
)

// Throttle passes its input at no more than a given average rate, so that a
// graph without hardware runs in real time. The rate is measured from the
// first Work call and the total of items passed, so it does not drift
// however long the graph runs; between bursts the block sleeps until a
// deadline (block.IO.WakeAt) and never busy-waits.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, unchanged, at no more than sample_rate items per second.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"sample_rate": value} or a pair
//     ["sample_rate", value] (block.MsgIn.SetParamHandler), applied between
//     Work calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
//   - sample_rate: the rate limit (Hz, items per second, > 0); settable
//     while running (the rate is measured anew from the change).
//
// # Tags
//
// Tags keep their offsets; set:sample_rate on the first item after a
// change while running.
//
// # Usage
//
//	thr, err := blocks.NewThrottle[complex64](48e3)
//	if err != nil { ... }
//	g.Add("throttle", thr)
//	flowgraph.Connect(g, &src.Out, &thr.In)
type Throttle[T any] struct {
	In    block.In[T]
	Out   block.Out[T]
	Set   block.MsgIn // parameter changes
	rate  float64
	chunk uint64 // items to wait for before waking: about 1 ms worth
	start time.Time
	sent  uint64
}

// NewThrottle returns a Throttle limiting to rate items per second; rate
// must be positive and finite.
func NewThrottle[T any](rate float64) (*Throttle[T], error) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, streamBadParam("sample_rate %g must be positive and finite", rate)
	}
	b := &Throttle[T]{rate: rate, chunk: max(1, uint64(rate/1000))}
	b.Set.SetParamHandler(b)
	return b, nil
}

// SetSampleRate changes the rate limit; the rate is measured anew from the
// next Work call. Call it between Work calls: through flowgraph.Graph.Set
// while the graph runs.
func (b *Throttle[T]) SetSampleRate(rate float64) error {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return streamBadParam("sample_rate %g must be positive and finite", rate)
	}
	b.rate, b.chunk = rate, max(1, uint64(rate/1000))
	b.start, b.sent = time.Time{}, 0
	return nil
}

// SetParam implements block.Settable: sample_rate.
func (b *Throttle[T]) SetParam(name string, v any) error {
	if name != "sample_rate" {
		return block.UnknownParam(name)
	}
	f, err := block.ParamAs[float64](name, v)
	if err != nil {
		return err
	}
	return b.SetSampleRate(f)
}

// Param implements block.Settable.
func (b *Throttle[T]) Param(name string) (any, error) {
	if name != "sample_rate" {
		return nil, block.UnknownParam(name)
	}
	return b.rate, nil
}

// Work implements block.Block.
func (b *Throttle[T]) Work(io *block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	now := time.Now()
	if b.start.IsZero() {
		b.start = now
	}
	allowed := uint64(now.Sub(b.start).Seconds() * b.rate)
	if allowed <= b.sent {
		io.WakeAt(b.at(b.sent + b.chunk))
		return nil
	}
	out := b.Out.Slice()
	n := min(len(in), len(out))
	if uint64(n) > allowed-b.sent {
		n = int(allowed - b.sent)
	}
	if n == 0 {
		return nil // output full: woken when space is freed
	}
	streamPass(&b.In, &b.Out, in, out, n)
	b.sent += uint64(n)
	return nil
}

// at returns the time at which items in total may have passed.
func (b *Throttle[T]) at(items uint64) time.Time {
	return b.start.Add(time.Duration(float64(items) / b.rate * float64(time.Second)))
}

func throttleFrom[T any](p block.Params) (block.Block, error) {
	b, err := NewThrottle[T](p.Float("sample_rate"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// throttleSpec is the registry entry of throttle.
func throttleSpec() block.Spec {
	return block.Spec{
		ID:  "throttle",
		Doc: "limit the item rate to sample_rate, for graphs without hardware",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "sample_rate", Type: block.ParamFloat, Unit: "Hz", Min: block.Bound(0), Max: block.Bound(1e12), Settable: true,
				Doc: "largest average rate, in items per second (> 0)"}},
		New: streamAllTypes(throttleFrom[float32], throttleFrom[complex64], throttleFrom[int8], throttleFrom[uint8], throttleFrom[int16]),
	}
}
