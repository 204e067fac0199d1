// Package clip is a user's block, written outside flowrun's own packages
// with nothing but package block: Clip limits float32 samples to a range.
// Command customblock (the package above) registers it beside the standard
// blocks and runs graph files that use it through package cli.
package clip

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Clip limits each float32 sample to [-Limit, Limit], as an amplifier that
// saturates does. It is block.Map with one function, so ports, chunking,
// end of stream and tags are the helper's business.
//
// # Stream Inputs
//
// In: float32 samples.
//
// # Stream Outputs
//
// Out: max(-Limit, min(Limit, x)), one per input; NaN stays NaN.
//
// # Parameters
//
// limit: the largest magnitude passed, >= 0; settable while the graph runs
// (c.Limit.Set in Go, flowgraph.Graph.Set, the control API, or a message to
// the automatic "set" input), each change tagged set:limit where it took
// effect.
//
// # Tags
//
// Forwarded to the same item.
//
// # Usage
//
//	c, err := clip.New(0.5)
//	flowgraph.Connect(g, &src.Out, &c.In)
//
// or, in a graph file run by a flowrun that registered Spec:
//
//	blocks:
//	  - {name: clip, id: clip, parameters: {limit: 0.5}}
type Clip struct {
	*block.MapBlock[float32, float32]
	Limit block.Setting[float32]
}

// New returns a Clip to [-limit, limit]; a negative limit is an error
// wrapping block.ErrBadParam.
func New(limit float32) (*Clip, error) {
	c := &Clip{}
	c.Limit.SetCheck(func(l float32) error {
		if !(l >= 0) {
			return fmt.Errorf("limit %v: want >= 0", l)
		}
		return nil
	})
	c.MapBlock = block.Map(func(in, out []float32) {
		l := c.Limit.Get()
		for i, x := range in {
			out[i] = max(-l, min(l, x))
		}
	})
	return c, c.Limit.Set(limit)
}

// Spec describes the block for a registry, under the id "clip":
//
//	reg := blocks.NewRegistry()
//	reg.MustRegister(clip.Spec())
func Spec() registry.Spec {
	return registry.Spec{
		ID:  "clip",
		Doc: "limits float32 samples to [-limit, limit]",
		Params: []registry.Param{
			{Name: "limit", Type: registry.ParamFloat, Default: 1.0, Min: registry.Bound(0), Settable: true,
				Doc: "largest magnitude passed"},
		},
		New: func(p registry.Params) (block.Block, error) { return New(float32(p.Float("limit"))) },
	}
}
