package blocks

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

// NullSink consumes and discards every item.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	src := blocks.NewNullSource[float32]()
//	snk := blocks.NewNullSink[float32]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NullSink[T any] struct {
	In block.In[T]
}

// NewNullSink returns a sink that discards its input.
func NewNullSink[T any]() *NullSink[T] { return &NullSink[T]{} }

// Work implements block.Block.
func (b *NullSink[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	b.In.Consume(len(in))
	return nil
}

// VectorSink collects every item and tag of its input in memory.
//
// # Stream Inputs
//
// In: items of type T, kept.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// Kept, at their absolute offsets (the index of the item in Items).
//
// # Usage
//
//	src, _ := blocks.NewVectorSource([]int16{1, 2, 3}, false)
//	snk := blocks.NewVectorSink[int16]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
//	// after g.Run: snk.Items() == []int16{1, 2, 3}
type VectorSink[T any] struct {
	In    block.In[T]
	mu    sync.Mutex
	items []T
	tags  []buffer.Tag
}

// NewVectorSink returns an empty vector sink.
func NewVectorSink[T any]() *VectorSink[T] { return &VectorSink[T]{} }

// Work implements block.Block.
func (b *VectorSink[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	b.mu.Lock()
	b.items = append(b.items, in...)
	b.tags = append(b.tags, b.In.Tags()...)
	b.mu.Unlock()
	b.In.Consume(len(in))
	return nil
}

// Items returns a copy of the items received so far; safe from any
// goroutine, complete once the graph's Run has returned.
func (b *VectorSink[T]) Items() []T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.items)
}

// Tags returns a copy of the tags received so far, in offset order; safe
// from any goroutine.
func (b *VectorSink[T]) Tags() []buffer.Tag {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.tags)
}

// TagDebug prints every tag of its input, one line each:
// "name offset key value", and discards the items.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// name: the first word of each line, to tell several TagDebug apart.
// The Go constructor takes the io.Writer (os.Stdout from a registry).
//
// # Tags
//
// Printed, value formatted with %v; write errors stop the graph.
//
// # Usage
//
//	dbg := blocks.NewTagDebug[complex64]("after_sync", os.Stderr)
//	g.Add("dbg", dbg)
//	flowgraph.Connect(g, &sync.Out, &dbg.In)
type TagDebug[T any] struct {
	In   block.In[T]
	name string
	w    io.Writer
}

// NewTagDebug returns a tag printer writing to w (os.Stdout if nil).
func NewTagDebug[T any](name string, w io.Writer) *TagDebug[T] {
	if w == nil {
		w = os.Stdout
	}
	return &TagDebug[T]{name: name, w: w}
}

// Work implements block.Block.
func (b *TagDebug[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for _, t := range b.In.Tags() {
		if _, err := fmt.Fprintf(b.w, "%s %d %s %v\n", b.name, t.Offset, t.Key, t.Value); err != nil {
			return fmt.Errorf("tag_debug: %w", err)
		}
	}
	b.In.Consume(len(in))
	return nil
}

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
	In     block.In[T]
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
	return &Probe[T]{window: window, now: time.Now}
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

// Work implements block.Block.
func (b *Probe[T]) Work(*block.IO) error {
	in := b.In.Slice()
	n := len(in)
	if n == 0 {
		return b.In.Idle()
	}
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
	b.In.Consume(n)
	return nil
}

// CountSink counts the items of its input and, if told how many to expect,
// finishes after that many.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// expect (items): 0 to count forever; otherwise the sink consumes exactly
// expect items and finishes (which stops the blocks upstream, like a head
// followed by a sink), and fails if its input ends before.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	cnt := blocks.NewCountSink[complex64](1_000_000)
//	g.Add("cnt", cnt)
//	flowgraph.Connect(g, &src.Out, &cnt.In)
//	// cnt.Count() from any goroutine
type CountSink[T any] struct {
	In     block.In[T]
	expect uint64
	count  atomic.Uint64
}

// NewCountSink returns a counting sink that finishes after expect items (0: never).
func NewCountSink[T any](expect uint64) *CountSink[T] { return &CountSink[T]{expect: expect} }

// Count returns the items consumed so far; safe from any goroutine.
func (b *CountSink[T]) Count() uint64 { return b.count.Load() }

// Work implements block.Block.
func (b *CountSink[T]) Work(*block.IO) error {
	in := b.In.Slice()
	n := uint64(len(in))
	c := b.count.Load()
	if b.expect > 0 {
		n = min(n, b.expect-c)
	}
	if n == 0 {
		if b.In.Finished() {
			if b.expect > 0 && c < b.expect {
				return fmt.Errorf("count_sink: input ended after %d items, expected %d", c, b.expect)
			}
			return block.ErrDone
		}
		return nil
	}
	b.In.Consume(int(n))
	c = b.count.Add(n)
	if b.expect > 0 && c == b.expect {
		return block.ErrDone
	}
	return nil
}

// sinksGeneric registers a sink that exists for every item type and takes
// only the type parameter besides params.
func sinksGeneric(r *block.Registry, id, doc string, params []block.Param, ctors map[string]sourcesCtor) {
	r.MustRegister(block.Spec{
		ID: id, Doc: doc,
		Params: append([]block.Param{typeParam(TypeComplex64)}, params...),
		New:    func(p block.Params) (block.Block, error) { return byType(p, ctors) },
	})
}

func registerSinks(r *block.Registry) {
	sinksGeneric(r, "null_sink", "consumes and discards every item", nil, sourcesAll(
		func(block.Params) (block.Block, error) { return NewNullSink[float32](), nil },
		func(block.Params) (block.Block, error) { return NewNullSink[complex64](), nil },
		func(block.Params) (block.Block, error) { return NewNullSink[int8](), nil },
		func(block.Params) (block.Block, error) { return NewNullSink[uint8](), nil },
		func(block.Params) (block.Block, error) { return NewNullSink[int16](), nil },
	))
	sinksGeneric(r, "vector_sink", "collects every item and tag in memory", nil, sourcesAll(
		func(block.Params) (block.Block, error) { return NewVectorSink[float32](), nil },
		func(block.Params) (block.Block, error) { return NewVectorSink[complex64](), nil },
		func(block.Params) (block.Block, error) { return NewVectorSink[int8](), nil },
		func(block.Params) (block.Block, error) { return NewVectorSink[uint8](), nil },
		func(block.Params) (block.Block, error) { return NewVectorSink[int16](), nil },
	))
	sinksGeneric(r, "tag_debug", "prints every tag (name offset key value) to standard output",
		[]block.Param{{Name: "name", Type: block.ParamString, Default: "tag_debug", Doc: "first word of each line"}},
		sourcesAll(
			func(p block.Params) (block.Block, error) { return NewTagDebug[float32](p.String("name"), nil), nil },
			func(p block.Params) (block.Block, error) { return NewTagDebug[complex64](p.String("name"), nil), nil },
			func(p block.Params) (block.Block, error) { return NewTagDebug[int8](p.String("name"), nil), nil },
			func(p block.Params) (block.Block, error) { return NewTagDebug[uint8](p.String("name"), nil), nil },
			func(p block.Params) (block.Block, error) { return NewTagDebug[int16](p.String("name"), nil), nil },
		))
	window := func(p block.Params) time.Duration { return time.Duration(p.Float("window") * float64(time.Second)) }
	sinksGeneric(r, "probe", "keeps the latest item and measures the item rate",
		[]block.Param{{Name: "window", Type: block.ParamFloat, Default: 1.0, Unit: "s", Min: block.Bound(1e-3), Max: block.Bound(3600), Doc: "rate measurement window"}},
		sourcesAll(
			func(p block.Params) (block.Block, error) { return NewProbe[float32](window(p)), nil },
			func(p block.Params) (block.Block, error) { return NewProbe[complex64](window(p)), nil },
			func(p block.Params) (block.Block, error) { return NewProbe[int8](window(p)), nil },
			func(p block.Params) (block.Block, error) { return NewProbe[uint8](window(p)), nil },
			func(p block.Params) (block.Block, error) { return NewProbe[int16](window(p)), nil },
		))
	expect := func(p block.Params) uint64 { return uint64(p.Int("expect")) }
	sinksGeneric(r, "count_sink", "counts items; with expect, finishes after that many",
		[]block.Param{{Name: "expect", Type: block.ParamInt, Default: 0, Unit: "items", Min: block.Bound(0), Doc: "items after which to finish, 0 for never"}},
		sourcesAll(
			func(p block.Params) (block.Block, error) { return NewCountSink[float32](expect(p)), nil },
			func(p block.Params) (block.Block, error) { return NewCountSink[complex64](expect(p)), nil },
			func(p block.Params) (block.Block, error) { return NewCountSink[int8](expect(p)), nil },
			func(p block.Params) (block.Block, error) { return NewCountSink[uint8](expect(p)), nil },
			func(p block.Params) (block.Block, error) { return NewCountSink[int16](expect(p)), nil },
		))
	r.MustRegister(fileSinkSpec())
	r.MustRegister(wavSinkSpec())
}
