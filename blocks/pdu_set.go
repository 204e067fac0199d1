package blocks

import (
	"maps"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// PDUSet sets one metadata entry of every PDU that passes, as GNU Radio's
// pdu_set does (dict_add: the entry is added, or replaced). A message that
// is not a PDU is dropped, as GNU Radio drops (and logs) it.
//
// # Message Inputs
//
//   - PDUs: pmt.PDU values ([meta map, vector], the map possibly null) or
//     bare vectors.
//
// # Message Outputs
//
//   - Out: the PDUs, their metadata with key → value.
//
// # Parameters
//
// key: the metadata key; value: its value, a typed value
// (registry.ParamValue; default null).
//
// # Usage
//
//	s := blocks.NewPDUSet("tx_time", pmt.List(pmt.Int(1), pmt.Float(0.1234)))
//	flowgraph.ConnectMessage(g, &strobe.Out, &s.PDUs)
//	flowgraph.ConnectMessage(g, &s.Out, &toStream.PDUs)
type PDUSet struct {
	PDUs  block.MsgIn
	Out   block.MsgOut
	key   string
	value pmt.Value
}

// NewPDUSet returns a PDUSet setting key to value.
func NewPDUSet(key string, value pmt.Value) *PDUSet {
	b := &PDUSet{key: key, value: value}
	b.PDUs.SetHandler(b.handle)
	return b
}

func (b *PDUSet) handle(v pmt.Value) error {
	p, ok := pmt.AsPDU(v)
	if !ok {
		return nil
	}
	meta := maps.Clone(p.Meta) // the sender's map is shared: leave it as it is
	if meta == nil {
		meta = map[string]pmt.Value{}
	}
	meta[b.key] = b.value
	b.Out.Post(pmt.PDU{Meta: meta, Data: p.Data}.Value())
	return nil
}

// Work has nothing to do: the handler does the work. The graph finishes
// the block when its message senders have finished.
func (b *PDUSet) Work(*block.IO) error { return nil }

// pduSetSpec is the registry entry of pdu_set.
func pduSetSpec() registry.Spec {
	return registry.Spec{
		ID:  "pdu_set",
		Doc: "sets one metadata entry of every PDU that passes (GNU Radio pdu_set; message ports pdus → out)",
		Params: []registry.Param{
			{Name: "key", Type: registry.ParamString, Default: "", Doc: "metadata key"},
			{Name: "value", Type: registry.ParamValue, Default: pmt.Null(), Doc: "its value"}},
		New: func(p registry.Params) (block.Block, error) {
			return NewPDUSet(p.String("key"), p.Value("value")), nil
		},
	}
}
