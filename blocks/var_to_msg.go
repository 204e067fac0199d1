package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// VarToMsg posts a message each time its value changes while the graph
// runs, as GNU Radio's var_to_msg_pair does when the variable it watches
// changes: the pair [name, value]. Nothing is posted for the value the
// block starts with (GNU Radio's block is called only from the variable's
// setter). A graph file makes the value follow a variable by writing it as
// the variable's expression (value: freq).
//
// # Message Outputs
//
//   - Out: [name, value] pairs, the value a float, or an int when the block
//     posts integers and the value is whole.
//
// # Parameters
//
// name: the first element of each pair (default "freq"); value: the
// watched value, settable while running (the Value field); integer: post a
// whole value as an int, as GNU Radio posts a Python int (default false).
//
// # Usage
//
//	v := blocks.NewVarToMsg("freq", 1000, false)
//	flowgraph.ConnectMessage(g, &v.Out, &src.Set)
//	// while running: v.Value.Set(2000) posts ["freq", 2000.0]
type VarToMsg struct {
	Out block.MsgOut
	// Value is the watched value, parameter "value".
	Value   block.Setting[float64]
	name    string
	integer bool
}

// NewVarToMsg returns a VarToMsg posting [name, value] pairs.
func NewVarToMsg(name string, value float64, integer bool) *VarToMsg {
	b := &VarToMsg{name: name, integer: integer}
	b.Value.Set(value)
	b.Value.Changed() // the starting value is not a change
	return b
}

// Work posts the value if it was set since the last call.
func (b *VarToMsg) Work(*block.IO) error {
	if b.Value.Changed() {
		v := b.Value.Get()
		msg := pmt.Float(v)
		if b.integer && v == math.Trunc(v) && math.Abs(v) < 1<<63 {
			msg = pmt.Int(int64(v))
		}
		b.Out.Post(pmt.List(pmt.String(b.name), msg))
	}
	return nil
}

// varToMsgSpec is the registry entry of var_to_msg.
func varToMsgSpec() registry.Spec {
	return registry.Spec{
		ID:  "var_to_msg",
		Doc: "posts [name, value] each time its value is set while running (GNU Radio var_to_msg_pair)",
		Params: []registry.Param{
			{Name: "name", Type: registry.ParamString, Default: "freq", Doc: "first element of each pair"},
			{Name: "value", Type: registry.ParamFloat, Default: 0.0, Settable: true, Doc: "the watched value"},
			{Name: "integer", Type: registry.ParamBool, Default: false, Doc: "post whole values as ints"},
		},
		New: func(p registry.Params) (block.Block, error) {
			return NewVarToMsg(p.String("name"), p.Float("value"), p.Bool("integer")), nil
		},
	}
}
