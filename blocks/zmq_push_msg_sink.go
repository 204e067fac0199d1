package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPushMsgSink sends every message it receives on a ZeroMQ PUSH socket,
// serialized as a PMT (pmt.Serialize), one ZeroMQ message each, as GNU
// Radio's zeromq push_msg_sink does; zmq_pull_msg_source or GNU Radio's
// pull_msg_source receives them.
//
// PUSH does not drop: with no peer, or HWM messages queued, the handler
// waits for room (for as long as the graph runs), the input's queue fills
// and its senders wait. When the block finishes (its senders finished) it
// gives its queued messages a second to go out. A message that does not
// serialize is dropped, counted (Stats().BadMessages) and logged.
//
// # Message Inputs
//
//   - In: any message; queue of block.DefaultMsgCapacity, senders wait
//     when full.
//
// # Parameters
//
//   - address, bind (default true), timeout (ms, unused), hwm: as for
//     zmq_pub_msg_sink.
//
// # Usage
//
//	push, err := blocks.NewZMQPushMsgSink("tcp://*:5559", true, blocks.ZMQOptions{})
//	if err != nil { ... }
//	flowgraph.ConnectMessage(g, &strobe.Out, &push.In)
type ZMQPushMsgSink struct {
	zmqMsgSink
}

// NewZMQPushMsgSink returns a PUSH message sink on address, listening if
// bind, else connecting; the socket opens in Init.
func NewZMQPushMsgSink(address string, bind bool, o ZMQOptions) (*ZMQPushMsgSink, error) {
	b := &ZMQPushMsgSink{}
	if err := b.setup("zmq_push_msg_sink", grzmq.Push, address, bind, o); err != nil {
		return nil, err
	}
	b.In.SetHandler(b.handle)
	return b, nil
}

func zmqPushMsgSinkSpec() registry.Spec {
	return registry.Spec{
		ID:     "zmq_push_msg_sink",
		Doc:    "sends each message as a serialized PMT on a ZeroMQ PUSH socket (GNU Radio zeromq push_msg_sink)",
		Params: zmqParams(false, true),
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewZMQPushMsgSink(p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
		},
	}
}
