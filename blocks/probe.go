package blocks

import (
	"sync"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Probe keeps the latest item of its input and measures the item rate,
// both readable from another goroutine while the graph runs.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// window (s): the rate is the items received over the last completed
// window of at least this duration.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	p := blocks.NewProbe[float32](time.Second)
//	g.Add("probe", p)
//	flowgraph.Connect(g, &power.Out, &p.In)
//	// while g.Run runs: p.Value(), p.Rate()
type Probe[T any] struct {
	*block.SinkBlock[T]
	window time.Duration
	now    func() time.Time

	mu       sync.Mutex
	last     T
	have     bool
	rate     float64
	winStart time.Time
	winItems uint64
}

// NewProbe returns a probe measuring the rate over windows of at least
// window (1 s if not positive).
func NewProbe[T any](window time.Duration) *Probe[T] {
	if window <= 0 {
		window = time.Second
	}
	b := &Probe[T]{window: window, now: time.Now}
	b.SinkBlock = block.Sink(b.work)
	return b
}

// Value returns the latest item received and whether there was one.
func (b *Probe[T]) Value() (T, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.have
}

// Rate returns the items per second received over the last completed
// window (0 before the first window completes).
func (b *Probe[T]) Rate() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rate
}

// work records the last item of in and counts in towards the rate.
func (b *Probe[T]) work(in []T) error {
	n := len(in)
	t := b.now()
	b.mu.Lock()
	b.last, b.have = in[n-1], true
	if b.winStart.IsZero() {
		b.winStart = t // these items arrived before the first window opened
	} else {
		b.winItems += uint64(n)
		if el := t.Sub(b.winStart); el >= b.window {
			b.rate = float64(b.winItems) / el.Seconds()
			b.winStart, b.winItems = t, 0
		}
	}
	b.mu.Unlock()
	return nil
}

// probeSpec is the registry entry of probe.
func probeSpec() registry.Spec {
	window := func(p registry.Params) time.Duration { return time.Duration(p.Float("window") * float64(time.Second)) }
	return sinksGenericSpec("probe", "keeps the latest item and measures the item rate",
		[]registry.Param{{Name: "window", Type: registry.ParamFloat, Default: 1.0, Unit: "s", Min: registry.Bound(1e-3), Max: registry.Bound(3600), Doc: "rate measurement window"}},
		sourcesAll(
			func(p registry.Params) (block.Block, error) { return NewProbe[float32](window(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewProbe[complex64](window(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewProbe[int8](window(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewProbe[uint8](window(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewProbe[int16](window(p)), nil },
		))
}
