package blocks

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// MessageDebug prints every message it receives, one line each ("name:
// value", pmt.Value.String), and keeps them for Go callers (Messages).
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
	msgs []pmt.Value
}

// NewMessageDebug returns a message printer writing to w (nil: collect only).
func NewMessageDebug(name string, w io.Writer) *MessageDebug {
	d := &MessageDebug{name: name, w: w}
	d.In.SetHandler(d.handle)
	return d
}

func (d *MessageDebug) handle(v pmt.Value) error {
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
func (d *MessageDebug) Messages() []pmt.Value {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.msgs)
}

// Work does nothing: the block lives in its handler.
func (d *MessageDebug) Work(*block.IO) error { return nil }

// messageDebugSpec is the registry entry of message_debug.
func messageDebugSpec() registry.Spec {
	return registry.Spec{
		ID:  "message_debug",
		Doc: "prints and collects every message (message input in)",
		Params: []registry.Param{
			{Name: "name", Type: registry.ParamString, Default: "message_debug", Doc: "first word of each line"},
			{Name: "print", Type: registry.ParamBool, Default: true, Doc: "print to standard output; false: collect only"},
		},
		New: func(p registry.Params) (block.Block, error) {
			var w io.Writer
			if p.Bool("print") {
				w = os.Stdout
			}
			return NewMessageDebug(p.String("name"), w), nil
		},
	}
}
