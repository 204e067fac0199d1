package blocks

import (
	"maps"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// AddSystemTime adds the time a PDU passes, in seconds since 1970 (a
// float), to its metadata under a key, as GNU Radio's add_system_time
// does. A message that is not a PDU is dropped, as GNU Radio drops (and
// logs) it.
//
// # Message Inputs
//
//   - In: pmt.PDU values or bare vectors.
//
// # Message Outputs
//
//   - Out: the PDUs, their metadata with key → the time.
//
// # Parameters
//
// key: the metadata key (default "system_time").
//
// # Usage
//
//	at := blocks.NewAddSystemTime("SYS_TIME")
//	flowgraph.ConnectMessage(g, &src.Out, &at.In)
//	flowgraph.ConnectMessage(g, &at.Out, &delta.In)
type AddSystemTime struct {
	In  block.MsgIn
	Out block.MsgOut
	key string
	now func() time.Time
}

// NewAddSystemTime returns an AddSystemTime writing under key.
func NewAddSystemTime(key string) *AddSystemTime {
	b := &AddSystemTime{key: key, now: time.Now}
	b.In.SetHandler(b.handle)
	return b
}

func (b *AddSystemTime) handle(v pmt.Value) error {
	p, ok := pmt.AsPDU(v)
	if !ok {
		return nil
	}
	t := b.now()
	meta := maps.Clone(p.Meta) // the sender's map is shared
	if meta == nil {
		meta = map[string]pmt.Value{}
	}
	meta[b.key] = pmt.Float(float64(t.UnixMicro()) / 1e6)
	b.Out.Post(pmt.PDU{Meta: meta, Data: p.Data}.Value())
	return nil
}

// Work has nothing to do: the handler does the work.
func (b *AddSystemTime) Work(*block.IO) error { return nil }

// addSystemTimeSpec is the registry entry of add_system_time.
func addSystemTimeSpec() registry.Spec {
	return registry.Spec{
		ID:  "add_system_time",
		Doc: "adds the time a PDU passes (s since 1970) to its metadata (GNU Radio add_system_time)",
		Params: []registry.Param{
			{Name: "key", Type: registry.ParamString, Default: "system_time", Doc: "metadata key"}},
		New: func(p registry.Params) (block.Block, error) { return NewAddSystemTime(p.String("key")), nil },
	}
}
