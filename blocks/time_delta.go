package blocks

import (
	"maps"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// TimeDelta adds to each PDU the milliseconds since the time its metadata
// holds under a time key (seconds since 1970, as AddSystemTime writes), as
// GNU Radio's time_delta does. A PDU without a real number under the time
// key, and a message that is not a PDU, are dropped, as GNU Radio drops
// (and logs) them. GNU Radio's also logs the deltas' mean and variance when
// the graph stops; this one keeps no statistics.
//
// # Message Inputs
//
//   - In: pmt.PDU values or bare vectors.
//
// # Message Outputs
//
//   - Out: the PDUs, their metadata with delta key → the milliseconds (a
//     float).
//
// # Parameters
//
// delta_key: the key written (default "time_delta_ms"); time_key: the key
// read (default "system_time").
//
// # Usage
//
//	d := blocks.NewTimeDelta("time_delta_ms", "SYS_TIME")
//	flowgraph.ConnectMessage(g, &at.Out, &d.In)
type TimeDelta struct {
	In      block.MsgIn
	Out     block.MsgOut
	delta   string
	timeKey string
	now     func() time.Time
}

// NewTimeDelta returns a TimeDelta writing under delta the time since the
// one under timeKey.
func NewTimeDelta(delta, timeKey string) *TimeDelta {
	b := &TimeDelta{delta: delta, timeKey: timeKey, now: time.Now}
	b.In.SetHandler(b.handle)
	return b
}

func (b *TimeDelta) handle(v pmt.Value) error {
	p, ok := pmt.AsPDU(v)
	if !ok {
		return nil
	}
	at, ok := p.Meta[b.timeKey].Float()
	if !ok {
		return nil
	}
	now := float64(b.now().UnixMicro()) / 1e6
	meta := maps.Clone(p.Meta) // the sender's map is shared
	meta[b.delta] = pmt.Float((now - at) * 1000)
	b.Out.Post(pmt.PDU{Meta: meta, Data: p.Data}.Value())
	return nil
}

// Work has nothing to do: the handler does the work.
func (b *TimeDelta) Work(*block.IO) error { return nil }

// timeDeltaSpec is the registry entry of time_delta.
func timeDeltaSpec() registry.Spec {
	return registry.Spec{
		ID:  "time_delta",
		Doc: "adds the milliseconds since a PDU's time key to its metadata (GNU Radio time_delta)",
		Params: []registry.Param{
			{Name: "delta_key", Type: registry.ParamString, Default: "time_delta_ms", Doc: "metadata key written"},
			{Name: "time_key", Type: registry.ParamString, Default: "system_time", Doc: "metadata key read (s since 1970)"}},
		New: func(p registry.Params) (block.Block, error) {
			return NewTimeDelta(p.String("delta_key"), p.String("time_key")), nil
		},
	}
}
