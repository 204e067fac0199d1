package blocks

import (
	"reflect"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// PDUSplit posts the metadata and the data vector of each PDU on two
// outputs, as GNU Radio's pdu_split does: empty metadata and an empty
// vector are not posted unless pass_empty is set. A message that is not a
// PDU is dropped, as GNU Radio drops (and logs) it.
//
// # Message Inputs
//
//   - In: pmt.PDU values or bare vectors.
//
// # Message Outputs
//
//   - Dict: the metadata map.
//   - Vec: the data vector.
//
// # Parameters
//
// pass_empty: post empty metadata and empty vectors too (default false).
//
// # Usage
//
//	s := blocks.NewPDUSplit(false)
//	flowgraph.ConnectMessage(g, &src.Out, &s.In)
//	flowgraph.ConnectMessage(g, &s.Dict, &dbg.In)
type PDUSplit struct {
	In        block.MsgIn
	Dict      block.MsgOut
	Vec       block.MsgOut
	passEmpty bool
}

// NewPDUSplit returns a PDUSplit.
func NewPDUSplit(passEmpty bool) *PDUSplit {
	b := &PDUSplit{passEmpty: passEmpty}
	b.In.SetHandler(b.handle)
	return b
}

func (b *PDUSplit) handle(v pmt.Value) error {
	p, ok := pmt.AsPDU(v)
	if !ok {
		return nil
	}
	if len(p.Meta) > 0 || b.passEmpty {
		b.Dict.Post(pmt.Map(p.Meta))
	}
	if reflect.ValueOf(p.Data.Any()).Len() > 0 || b.passEmpty { // a vector: bytes, floats or complexes
		b.Vec.Post(p.Data)
	}
	return nil
}

// Work has nothing to do: the handler does the work.
func (b *PDUSplit) Work(*block.IO) error { return nil }

// pduSplitSpec is the registry entry of pdu_split.
func pduSplitSpec() registry.Spec {
	return registry.Spec{
		ID:  "pdu_split",
		Doc: "posts each PDU's metadata (output dict) and vector (output vec) apart (GNU Radio pdu_split)",
		Params: []registry.Param{
			{Name: "pass_empty", Type: registry.ParamBool, Default: false, Doc: "post empty metadata and vectors too"}},
		New: func(p registry.Params) (block.Block, error) { return NewPDUSplit(p.Bool("pass_empty")), nil },
	}
}
