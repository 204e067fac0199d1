package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

// runMsgChain posts msgs through the message blocks chain (each block's
// input and output given as in and out) to a message_debug, runs the graph
// to its end and returns what the debug received.
func runMsgChain(t *testing.T, msgs []pmt.PDU, chain ...[3]any) []pmt.Value {
	t.Helper()
	g := flowgraph.New()
	src := &pduSource{pdus: msgs}
	dbg := blocks.NewMessageDebug("dbg", nil)
	_ = g.Add("src", src)
	_ = g.Add("dbg", dbg)
	prev := &src.Out
	for i, c := range chain {
		if err := g.Add(string(rune('a'+i)), c[0].(block.Block)); err != nil {
			t.Fatal(err)
		}
		if err := flowgraph.ConnectMessage(g, prev, c[1].(*block.MsgIn)); err != nil {
			t.Fatal(err)
		}
		prev = c[2].(*block.MsgOut)
	}
	if err := flowgraph.ConnectMessage(g, prev, &dbg.In); err != nil {
		t.Fatal(err)
	}
	runGraph(t, g)
	return dbg.Messages()
}
