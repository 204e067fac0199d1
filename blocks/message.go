package blocks

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/flowrun/flowrun/block"
)

// MessageStrobe posts the same message every period, like GNU Radio's
// message_strobe; between posts it sleeps until a deadline (block.IO.WakeAt).
// The first message goes out one period after the graph starts. A strobe
// that fell behind (a suspended process) posts once and starts a new period
// instead of bursting.
//
// # Message Outputs
//
//   - Out: the message.
//
// # Parameters
//
// The Go constructor takes the message, any block.Value. A graph file
// gives it as message, a typed value (block.ParamValue) written in YAML:
// a map {frequency: 1500} or a pair [frequency, 1500] for a block's set
// port, a number, a bool, a list; or, as before message existed, as value,
// a string. message wins when both are given; null (its default) leaves
// value in effect. period: seconds between messages. count: messages after
// which the block finishes, 0 for never.
//
// # Usage
//
//	s := blocks.NewMessageStrobe(block.StringValue("ping"), 100*time.Millisecond, 0)
//	flowgraph.ConnectMessage(g, &s.Out, &dbg.In)
//
// In a graph file, retuning a signal_source twice a second:
//
//	blocks:
//	  - {name: tune, id: message_strobe, parameters: {message: {frequency: 1500}, period: 0.5}}
//	  - {name: src, id: signal_source, parameters: {frequency: 1000}}
//	  ...
//	connections:
//	  - [tune, out, src, set]
type MessageStrobe struct {
	Out    block.MsgOut
	value  block.Value
	period time.Duration
	count  int
	sent   int
	next   time.Time
}

// NewMessageStrobe returns a strobe posting v every period, count times (0: forever).
func NewMessageStrobe(v block.Value, period time.Duration, count int) *MessageStrobe {
	return &MessageStrobe{value: v, period: max(period, time.Microsecond), count: count}
}

// Work posts when the period has passed and sets the next deadline.
func (s *MessageStrobe) Work(io *block.IO) error {
	now := time.Now()
	if s.next.IsZero() {
		s.next = now.Add(s.period)
	}
	if !now.Before(s.next) {
		s.Out.Post(s.value)
		s.sent++
		s.next = s.next.Add(s.period)
		if s.next.Before(now) {
			s.next = now.Add(s.period)
		}
	}
	if s.count > 0 && s.sent >= s.count {
		return block.ErrDone
	}
	io.WakeAt(s.next)
	return nil
}

// MessageDebug prints every message it receives, one line each ("name:
// value", block.Value.String), and keeps them for Go callers (Messages).
// It finishes when every sender has finished and its queue is drained.
//
// # Message Inputs
//
//   - In: any message; queue of block.DefaultMsgCapacity, senders wait when full.
//
// # Parameters
//
// name: first word of each line. print: false to only collect. The Go
// constructor takes the io.Writer (os.Stdout from a registry; nil: none).
//
// # Usage
//
//	dbg := blocks.NewMessageDebug("dbg", os.Stderr)
//	flowgraph.ConnectMessage(g, &strobe.Out, &dbg.In)
//	... g.Run(ctx) ...
//	msgs := dbg.Messages()
type MessageDebug struct {
	In   block.MsgIn
	name string
	w    io.Writer

	mu   sync.Mutex
	msgs []block.Value
}

// NewMessageDebug returns a message printer writing to w (nil: collect only).
func NewMessageDebug(name string, w io.Writer) *MessageDebug {
	d := &MessageDebug{name: name, w: w}
	d.In.SetHandler(d.handle)
	return d
}

func (d *MessageDebug) handle(v block.Value) error {
	d.mu.Lock()
	d.msgs = append(d.msgs, v)
	d.mu.Unlock()
	if d.w != nil {
		if _, err := fmt.Fprintf(d.w, "%s: %v\n", d.name, v); err != nil {
			return err
		}
	}
	return nil
}

// Messages returns a copy of the messages received so far; safe while the graph runs.
func (d *MessageDebug) Messages() []block.Value {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.msgs)
}

// Work does nothing: the block lives in its handler.
func (d *MessageDebug) Work(*block.IO) error { return nil }

// TagToMessage turns every tag of its input into a message: the map
// {key, offset, value} of block.TagValue (a tag value no block.Value holds
// is sent as its %v string). It consumes the stream: to keep the stream
// flowing elsewhere, connect the same output to the other consumer too (an
// output feeds any number of inputs at no cost).
//
// # Stream Inputs
//
//   - In: items of type T, consumed.
//
// # Message Outputs
//
//   - Out: one message per tag, in offset order.
type TagToMessage[T any] struct {
	In  block.In[T]
	Out block.MsgOut
}

// NewTagToMessage returns a tag-to-message block.
func NewTagToMessage[T any]() *TagToMessage[T] { return &TagToMessage[T]{} }

// Work posts the tags of the available items and consumes them.
func (b *TagToMessage[T]) Work(*block.IO) error {
	in := b.In.Slice()
	for _, t := range b.In.Tags() {
		v, err := block.TagValue(t)
		if err != nil {
			t.Value = fmt.Sprint(t.Value)
			v, _ = block.TagValue(t)
		}
		b.Out.Post(v)
	}
	b.In.Consume(len(in))
	if len(in) == 0 && b.In.Finished() {
		return block.ErrDone
	}
	return nil
}

func registerMessages(r *block.Registry) {
	r.MustRegister(block.Spec{
		ID:  "message_strobe",
		Doc: "posts the same message periodically (message output out)",
		Params: []block.Param{
			{Name: "value", Type: block.ParamString, Default: "TEST", Doc: "the message, a string (when message is null)"},
			{Name: "message", Type: block.ParamValue, Default: block.NullValue(),
				Doc: "the message as a typed value, e.g. {frequency: 1500} for a set port; wins over value unless null"},
			{Name: "period", Type: block.ParamFloat, Default: 1.0, Unit: "s", Min: block.Bound(1e-6), Max: block.Bound(1e9), Doc: "time between messages"},
			{Name: "count", Type: block.ParamInt, Default: 0, Min: block.Bound(0), Doc: "messages after which to finish, 0 for never"},
		},
		New: func(p block.Params) (block.Block, error) {
			msg := p.Value("message")
			if msg.IsNull() {
				msg = block.StringValue(p.String("value"))
			}
			return NewMessageStrobe(msg, time.Duration(p.Float("period")*float64(time.Second)), p.Int("count")), nil
		},
	})
	r.MustRegister(block.Spec{
		ID:  "message_debug",
		Doc: "prints and collects every message (message input in)",
		Params: []block.Param{
			{Name: "name", Type: block.ParamString, Default: "message_debug", Doc: "first word of each line"},
			{Name: "print", Type: block.ParamBool, Default: true, Doc: "print to standard output; false: collect only"},
		},
		New: func(p block.Params) (block.Block, error) {
			var w io.Writer
			if p.Bool("print") {
				w = os.Stdout
			}
			return NewMessageDebug(p.String("name"), w), nil
		},
	})
	r.MustRegister(block.Spec{
		ID:     "tag_to_message",
		Doc:    "consumes a stream and posts each tag as a {key, offset, value} message (message output out)",
		Params: []block.Param{typeParam(TypeComplex64)},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, map[string]func(block.Params) (block.Block, error){
				TypeFloat32:   func(block.Params) (block.Block, error) { return NewTagToMessage[float32](), nil },
				TypeComplex64: func(block.Params) (block.Block, error) { return NewTagToMessage[complex64](), nil },
				TypeInt8:      func(block.Params) (block.Block, error) { return NewTagToMessage[int8](), nil },
				TypeUint8:     func(block.Params) (block.Block, error) { return NewTagToMessage[uint8](), nil },
				TypeInt16:     func(block.Params) (block.Block, error) { return NewTagToMessage[int16](), nil },
			})
		},
	})
	registerPDU(r)
}
