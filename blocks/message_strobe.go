package blocks

import (
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
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
// The Go constructor takes the message, any pmt.Value. A graph file
// gives it as message, a typed value (registry.ParamValue) written in YAML:
// a map {frequency: 1500} or a pair [frequency, 1500] for a block's set
// port, a number, a bool, a list; or, as before message existed, as value,
// a string. message wins when both are given; null (its default) leaves
// value in effect. period: seconds between messages. count: messages after
// which the block finishes, 0 for never.
//
// # Usage
//
//	s := blocks.NewMessageStrobe(pmt.String("ping"), 100*time.Millisecond, 0)
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
	value  pmt.Value
	period time.Duration
	count  int
	sent   int
	next   time.Time
}

// NewMessageStrobe returns a strobe posting v every period, count times (0: forever).
func NewMessageStrobe(v pmt.Value, period time.Duration, count int) *MessageStrobe {
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

// messageStrobeSpec is the registry entry of message_strobe.
func messageStrobeSpec() registry.Spec {
	return registry.Spec{
		ID:  "message_strobe",
		Doc: "posts the same message periodically (message output out)",
		Params: []registry.Param{
			{Name: "value", Type: registry.ParamString, Default: "TEST", Doc: "the message, a string (when message is null)"},
			{Name: "message", Type: registry.ParamValue, Default: pmt.Null(),
				Doc: "the message as a typed value, e.g. {frequency: 1500} for a set port; wins over value unless null"},
			{Name: "period", Type: registry.ParamFloat, Default: 1.0, Unit: "s", Min: registry.Bound(1e-6), Max: registry.Bound(1e9), Doc: "time between messages"},
			{Name: "count", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0), Doc: "messages after which to finish, 0 for never"},
		},
		New: func(p registry.Params) (block.Block, error) {
			msg := p.Value("message")
			if msg.IsNull() {
				msg = pmt.String(p.String("value"))
			}
			return NewMessageStrobe(msg, time.Duration(p.Float("period")*float64(time.Second)), p.Int("count")), nil
		},
	}
}
