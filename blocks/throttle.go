package blocks

import (
	"math"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Throttle passes its input at no more than a given average rate, so that a
// graph without hardware runs in real time. The rate is measured from the
// first Work call and the total of items passed, so it does not drift
// however long the graph runs. Items pass in batches of about 1 ms worth
// (or all that wait, if fewer), between which the block sleeps until a
// deadline (block.IO.WakeAt): it never busy-waits, and a neighbour that
// wakes it early does not make it pass a few items per Work call.
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
//   - set: setting changes (block.Setting), a map {"sample_rate": value} or
//     a pair ["sample_rate", value], applied between Work calls and tagged
//     like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. The graph makes this
//     input for every block with settings; it may stay unconnected.
//
// # Parameters
//
//   - sample_rate: the rate limit (Hz, items per second, > 0, finite);
//     settable while running: the SampleRate field (b.SampleRate.Set(r)
//     from Go code, flowgraph.Graph.Set, or a message to set). The rate is
//     measured anew from the change.
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
	In  block.In[T]
	Out block.Out[T]
	// SampleRate is the rate limit in items per second, > 0 and finite:
	// parameter "sample_rate".
	SampleRate block.Setting[float64] `param:"sample_rate"`

	// Work's state, reset when SampleRate changes.
	rate  float64   // SampleRate as of the last change
	chunk uint64    // items to wait for before waking: about 1 ms worth
	start time.Time // when the rate is measured from (zero: the next Work call)
	sent  uint64    // items passed since start
}

// NewThrottle returns a Throttle limiting to rate items per second; rate
// must be positive and finite.
func NewThrottle[T any](rate float64) (*Throttle[T], error) {
	b := &Throttle[T]{}
	b.SampleRate.SetCheck(func(rate float64) error {
		if !(rate > 0) || math.IsInf(rate, 0) {
			return streamBadParam("sample_rate %g must be positive and finite", rate)
		}
		return nil
	})
	if err := b.SampleRate.Set(rate); err != nil {
		return nil, err
	}
	return b, nil
}

// Work implements block.Block.
func (b *Throttle[T]) Work(io *block.IO) error {
	if b.SampleRate.Changed() {
		// A new rate is measured anew from this call.
		rate := b.SampleRate.Get()
		b.rate, b.chunk = rate, max(1, uint64(rate/1000))
		b.start, b.sent = time.Time{}, 0
	}
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
	// Items go in batches of about 1 ms (chunk), or all that wait if fewer:
	// released one by one whenever a neighbour woke the block, they cost a
	// Work call each on both sides (2.4 MS/s made 2 M calls a second).
	if allowed < b.sent+min(b.chunk, uint64(len(in))) {
		io.WakeAt(b.at(b.sent + min(b.chunk, uint64(len(in)))))
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

func throttleFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewThrottle[T](p.Float("sample_rate"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// throttleSpec is the registry entry of throttle.
func throttleSpec() registry.Spec {
	return registry.Spec{
		ID:  "throttle",
		Doc: "limit the item rate to sample_rate, for graphs without hardware",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "sample_rate", Type: registry.ParamFloat, Unit: "Hz", Min: registry.Bound(0), Max: registry.Bound(1e12), Settable: true,
				Doc: "largest average rate, in items per second (> 0)"}},
		New: streamWithInt32(streamAllTypes(throttleFrom[float32], throttleFrom[complex64], throttleFrom[int8], throttleFrom[uint8], throttleFrom[int16]), throttleFrom[int32]),
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (b *Throttle[T]) RateChange() (interpolation, decimation int) { return 1, 1 }

// ItemRate implements block.Rated: the rate limit, the rate the items pass
// at when the input keeps up.
func (b *Throttle[T]) ItemRate() float64 { return b.SampleRate.Get() }
