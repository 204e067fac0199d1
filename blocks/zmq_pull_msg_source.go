package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPullMsgSource posts every message a ZeroMQ PUSH socket sends it
// (zmq_push_msg_sink, or GNU Radio's push_msg_sink), each a serialized PMT
// read with pmt.Deserialize, as GNU Radio's zeromq pull_msg_source does.
//
// It waits, reconnects, handles bad messages and ends as
// zmq_sub_msg_source does. A full output queue makes it wait, the
// received messages queue up (HWM of them), and then the sender waits.
//
// # Message Outputs
//
//   - Out: the messages received.
//
// # Parameters
//
//   - address, bind (default false), timeout (ms), hwm: as for
//     zmq_sub_msg_source.
//
// # Usage
//
//	pull, err := blocks.NewZMQPullMsgSource("tcp://127.0.0.1:5559", false, blocks.ZMQOptions{})
//	if err != nil { ... }
//	flowgraph.ConnectMessage(g, &pull.Out, &dbg.In)
type ZMQPullMsgSource struct {
	zmqMsgSource
}

// NewZMQPullMsgSource returns a PULL message source on address, listening
// if bind, else connecting; the socket opens in Init.
func NewZMQPullMsgSource(address string, bind bool, o ZMQOptions) (*ZMQPullMsgSource, error) {
	b := &ZMQPullMsgSource{}
	if err := b.setup("zmq_pull_msg_source", grzmq.Pull, address, bind, o); err != nil {
		return nil, err
	}
	return b, nil
}

func zmqPullMsgSourceSpec() registry.Spec {
	return registry.Spec{
		ID:     "zmq_pull_msg_source",
		Doc:    "posts each serialized PMT a ZeroMQ PUSH socket sends (GNU Radio zeromq pull_msg_source)",
		Params: zmqParams(false, false),
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewZMQPullMsgSource(p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
		},
	}
}
