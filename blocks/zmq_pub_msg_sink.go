package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPubMsgSink publishes every message it receives on a ZeroMQ PUB
// socket, serialized as a PMT (pmt.Serialize), one ZeroMQ message each, as
// GNU Radio's zeromq pub_msg_sink does; zmq_sub_msg_source or GNU Radio's
// sub_msg_source receives them.
//
// As for zmq_pub_sink, a message for a subscriber whose queue holds HWM
// messages is dropped for it (Stats().Dropped), and without subscribers
// messages are lost. A message that does not serialize (a string longer
// than 65535 bytes) is dropped, counted (Stats().BadMessages) and logged.
//
// # Message Inputs
//
//   - In: any message; queue of block.DefaultMsgCapacity.
//
// # Parameters
//
//   - address: tcp://host:port (tcp://*:port listens on every interface)
//     or ipc://path.
//   - bind: listen on address (the default); false connects to it.
//   - timeout (ms): unused, as in GNU Radio; accepted for its graphs.
//   - hwm: messages queued per subscriber (-1 or 0: 1000).
//
// # Usage
//
//	pub, err := blocks.NewZMQPubMsgSink("tcp://*:5558", true, blocks.ZMQOptions{})
//	if err != nil { ... }
//	flowgraph.ConnectMessage(g, &strobe.Out, &pub.In)
type ZMQPubMsgSink struct {
	zmqMsgSink
}

// NewZMQPubMsgSink returns a PUB message sink on address, listening if
// bind, else connecting; the socket opens in Init.
func NewZMQPubMsgSink(address string, bind bool, o ZMQOptions) (*ZMQPubMsgSink, error) {
	b := &ZMQPubMsgSink{}
	if err := b.setup("zmq_pub_msg_sink", grzmq.Pub, address, bind, o); err != nil {
		return nil, err
	}
	b.In.SetHandler(b.handle)
	return b, nil
}

func zmqPubMsgSinkSpec() registry.Spec {
	return registry.Spec{
		ID:     "zmq_pub_msg_sink",
		Doc:    "publishes each message as a serialized PMT on a ZeroMQ PUB socket (GNU Radio zeromq pub_msg_sink)",
		Params: zmqParams(false, true),
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewZMQPubMsgSink(p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
		},
	}
}
