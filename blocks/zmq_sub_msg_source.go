package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQSubMsgSource posts every message a ZeroMQ PUB socket publishes
// (zmq_pub_msg_sink, or GNU Radio's pub_msg_sink), each a serialized PMT
// read with pmt.Deserialize, as GNU Radio's zeromq sub_msg_source does. It
// subscribes to everything.
//
// It connects by default and reconnects while the peer is away; Work
// never waits (the socket wakes it when a message comes), so the block
// never spins, ends when the graph stops and never on its own.
// A message that does not deserialize (or has bytes after its PMT, or
// several parts) is dropped, counted (Stats().BadMessages) and logged.
//
// # Message Outputs
//
//   - Out: the messages received.
//
// # Parameters
//
//   - address: tcp://host:port or ipc://path.
//   - bind: listen on address instead of connecting (default false).
//   - timeout (ms): accepted for GNU Radio's parameter list; unused.
//   - hwm: messages received and not yet posted, at most (-1 or 0: 1000).
//
// # Usage
//
//	sub, err := blocks.NewZMQSubMsgSource("tcp://127.0.0.1:5558", false, blocks.ZMQOptions{})
//	if err != nil { ... }
//	flowgraph.ConnectMessage(g, &sub.Out, &dbg.In)
type ZMQSubMsgSource struct {
	zmqMsgSource
}

// NewZMQSubMsgSource returns a SUB message source on address, listening if
// bind, else connecting; the socket opens in Init.
func NewZMQSubMsgSource(address string, bind bool, o ZMQOptions) (*ZMQSubMsgSource, error) {
	b := &ZMQSubMsgSource{}
	o.Key = ""
	if err := b.setup("zmq_sub_msg_source", grzmq.Sub, address, bind, o); err != nil {
		return nil, err
	}
	return b, nil
}

func zmqSubMsgSourceSpec() registry.Spec {
	return registry.Spec{
		ID:     "zmq_sub_msg_source",
		Doc:    "posts each serialized PMT a ZeroMQ PUB socket publishes (GNU Radio zeromq sub_msg_source)",
		Params: zmqParams(false, false),
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewZMQSubMsgSource(p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
		},
	}
}
