package blocks

import (
	"fmt"
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
)

// streamNew builds one instantiation of a generic stream block from
// validated parameters.
type streamNew func(p block.Params) (block.Block, error)

// streamAllTypes returns a Spec.New that picks, by the "type" parameter, one
// of the constructors given for float32, complex64, int8, uint8 and int16.
func streamAllTypes(f32, c64, i8, u8, i16 streamNew) streamNew {
	return func(p block.Params) (block.Block, error) {
		return byType(p, map[string]func(block.Params) (block.Block, error){
			TypeFloat32: f32, TypeComplex64: c64, TypeInt8: i8, TypeUint8: u8, TypeInt16: i16,
		})
	}
}

// streamBadParam is a constructor error for a parameter value the registry's
// schema cannot express (such as an index bounded by another parameter).
func streamBadParam(format string, args ...any) error {
	return fmt.Errorf("%w: %s", block.ErrBadParam, fmt.Sprintf(format, args...))
}

// streamPass copies the first n items of in to out with their tags and
// moves both ports on by n. The tags go with their items whatever in's tag
// policy: blocks that drop or delay items (Skip, Delay, Selector) set
// block.TagsCustom and rely on this alone.
func streamPass[T any](in *block.In[T], out *block.Out[T], src, dst []T, n int) {
	copy(dst[:n], src[:n])
	if in.TagPolicy() == block.TagsCustom {
		from, to := in.Offset(), out.Offset()
		for _, t := range in.Tags() {
			if t.Offset-from >= uint64(n) {
				break
			}
			t.Offset = t.Offset - from + to
			out.AddTag(t)
		}
	}
	in.Consume(n)
	out.Produce(n)
}

// streamEnded reports whether in can give no more items: its upstream
// finished and fewer items than a Work call needs are left.
func streamEnded[T any](in *block.In[T]) bool { return in.Finished() || in.Starved() }

// Head passes the first N items of its input, then finishes, which ends its
// output stream and releases its upstream.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: the first N items of In.
//
// # Parameters
//
//   - items: N, the number of items to pass (items).
//
// # Tags
//
// Tags of the passed items keep their offsets; later tags are dropped.
//
// # Usage
//
//	head := blocks.NewHead[complex64](1_000_000)
//	g.Add("head", head)
//	flowgraph.Connect(g, &src.Out, &head.In)
//	flowgraph.Connect(g, &head.Out, &snk.In)
type Head[T any] struct {
	In   block.In[T]
	Out  block.Out[T]
	left uint64
}

// NewHead returns a Head that passes n items.
func NewHead[T any](n uint64) *Head[T] { return &Head[T]{left: n} }

// Work implements block.Block.
func (b *Head[T]) Work(*block.IO) error {
	if b.left == 0 {
		return block.ErrDone
	}
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in), len(out))
	if uint64(n) > b.left {
		n = int(b.left)
	}
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	b.left -= uint64(n)
	if b.left == 0 {
		return block.ErrDone
	}
	return nil
}

// Skip drops the first N items of its input and passes the rest.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In without its first N items.
//
// # Parameters
//
//   - items: N, the number of items to drop (items).
//
// # Tags
//
// Tags of dropped items are dropped; the others move N offsets earlier,
// staying on their item.
//
// # Usage
//
//	skip := blocks.NewSkip[float32](4096) // drop the settling transient
//	g.Add("skip", skip)
//	flowgraph.Connect(g, &filter.Out, &skip.In)
//	flowgraph.Connect(g, &skip.Out, &snk.In)
type Skip[T any] struct {
	In   block.In[T]
	Out  block.Out[T]
	left uint64
}

// NewSkip returns a Skip that drops n items.
func NewSkip[T any](n uint64) *Skip[T] {
	b := &Skip[T]{left: n}
	b.In.SetTagPolicy(block.TagsCustom) // tags move with the items it passes (streamPass)
	return b
}

// Work implements block.Block.
func (b *Skip[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if b.left > 0 && len(in) > 0 {
		d := len(in)
		if uint64(d) > b.left {
			d = int(b.left)
		}
		b.In.Consume(d)
		b.left -= uint64(d)
		in = in[d:]
	}
	out := b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

// Copy passes its input to its output unchanged while enabled, and drops
// it while disabled.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, while enabled; nothing while disabled.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"enabled": value} or a pair
//     ["enabled", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
//   - enabled: whether items pass (default true); SetEnabled changes it
//     while the graph runs.
//
// # Tags
//
// Tags of passed items keep their offsets; those of dropped items are
// dropped. A change while running tags the next item passed with
// set:enabled.
//
// # Usage
//
//	cp := blocks.NewCopy[complex64](true)
//	g.Add("gate", cp)
//	flowgraph.Connect(g, &src.Out, &cp.In)
//	// later, from any goroutine: cp.SetEnabled(false)
type Copy[T any] struct {
	In      block.In[T]
	Out     block.Out[T]
	Set     block.MsgIn // parameter changes
	enabled atomic.Bool
}

// NewCopy returns a Copy, enabled or not.
func NewCopy[T any](enabled bool) *Copy[T] {
	b := &Copy[T]{}
	b.Set.SetParamHandler(b)
	b.enabled.Store(enabled)
	return b
}

// SetEnabled makes items pass (true) or be dropped (false) from the next
// Work call on; it is safe to call from any goroutine.
func (b *Copy[T]) SetEnabled(on bool) { b.enabled.Store(on) }

// SetParam implements block.Settable: enabled.
func (b *Copy[T]) SetParam(name string, v any) error {
	if name != "enabled" {
		return block.UnknownParam(name)
	}
	on, err := block.ParamAs[bool](name, v)
	if err != nil {
		return err
	}
	b.SetEnabled(on)
	return nil
}

// Param implements block.Settable.
func (b *Copy[T]) Param(name string) (any, error) {
	if name != "enabled" {
		return nil, block.UnknownParam(name)
	}
	return b.Enabled(), nil
}

// Enabled reports whether items pass.
func (b *Copy[T]) Enabled() bool { return b.enabled.Load() }

// Work implements block.Block.
func (b *Copy[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if !b.enabled.Load() {
		if len(in) == 0 && b.In.Finished() {
			return block.ErrDone
		}
		b.In.Consume(len(in))
		return nil
	}
	out := b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

func headFrom[T any](p block.Params) (block.Block, error) {
	return NewHead[T](uint64(p.Int("items"))), nil
}

func skipFrom[T any](p block.Params) (block.Block, error) {
	return NewSkip[T](uint64(p.Int("items"))), nil
}

func copyFrom[T any](p block.Params) (block.Block, error) {
	return NewCopy[T](p.Bool("enabled")), nil
}

func registerStream(r *block.Registry) {
	def := typeParam(TypeComplex64)
	r.MustRegister(block.Spec{
		ID:  "head",
		Doc: "pass the first N items, then finish",
		Params: []block.Param{def,
			{Name: "items", Type: block.ParamInt, Unit: "items", Min: block.Bound(0), Doc: "number of items to pass"}},
		New: streamAllTypes(headFrom[float32], headFrom[complex64], headFrom[int8], headFrom[uint8], headFrom[int16]),
	})
	r.MustRegister(block.Spec{
		ID:  "skip",
		Doc: "drop the first N items, pass the rest",
		Params: []block.Param{def,
			{Name: "items", Type: block.ParamInt, Unit: "items", Min: block.Bound(0), Doc: "number of items to drop"}},
		New: streamAllTypes(skipFrom[float32], skipFrom[complex64], skipFrom[int8], skipFrom[uint8], skipFrom[int16]),
	})
	r.MustRegister(block.Spec{
		ID:  "copy",
		Doc: "pass items unchanged while enabled, drop them while disabled",
		Params: []block.Param{def,
			{Name: "enabled", Type: block.ParamBool, Default: true, Settable: true, Doc: "whether items pass"}},
		New: streamAllTypes(copyFrom[float32], copyFrom[complex64], copyFrom[int8], copyFrom[uint8], copyFrom[int16]),
	})
	registerStreamCopyRand(r, def)
	registerStreamThrottle(r, def)
	registerStreamRate(r, def)
	registerStreamVector(r, def)
	registerStreamInterleave(r, def)
	registerStreamSelector(r, def)
	registerStreamTags(r, def)
}
