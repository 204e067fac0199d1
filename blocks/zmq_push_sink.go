package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPushSink sends its stream on a ZeroMQ PUSH socket, as GNU Radio's
// zeromq push_sink does: one message per batch of whole items in host
// byte order, led by gr-zeromq's tag header with pass_tags. A PULL source
// (zmq_pull_source, or GNU Radio's pull_source) receives it.
//
// The items go from the input buffer to the connection without a copy
// (one writev per message, its tag header first): they are consumed once
// written, with two messages in flight at most. PUSH does not drop: with
// no peer, or the messages not yet written, the stream backs up (GNU
// Radio's behaviour); Work never waits, the socket wakes it when a
// message is written or a peer comes. A peer that restarts is served
// again once it is back; a message whose connection broke while it was
// written is lost. When the stream ends the block finishes once its
// messages are written; when the graph stops it closes at once.
//
// # Stream Inputs
//
//   - In: items of type T, consumed once written to a connection.
//
// # Parameters
//
//   - address: tcp://host:port (tcp://*:port listens on every interface)
//     or ipc://path.
//   - bind: listen on address (the default, as GNU Radio's sinks do);
//     false connects to it, reconnecting after the peer restarts.
//   - timeout (ms): accepted for GNU Radio's parameter list; unused, since
//     Work never waits.
//   - hwm: accepted for GNU Radio's parameter list; the sink has two
//     messages in flight at most, and the kernel's socket buffer queues.
//   - pass_tags: send the tags (see Tags).
//   - vlen: the peer's vector length: messages hold whole vectors and tag
//     offsets count vectors.
//   - eos: mark the end of the stream (ZMQOptions.EOS), off by default.
//
// # Tags
//
// With pass_tags, every tag of the items of a message goes in its header:
// its offset (in vectors), key as a symbol, value as a PMT
// (pmt.Serialize; a value no PMT represents is dropped and counted in
// Stats().TagsDropped), and srcid false.
//
// # Usage
//
//	snk, err := blocks.NewZMQPushSink[complex64]("tcp://*:5555", true, blocks.ZMQOptions{PassTags: true})
//	if err != nil { ... }
//	g.Add("zmq", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQPushSink[T sourcesItem] struct {
	zmqSink[T]
}

// NewZMQPushSink returns a PUSH sink on address, listening if bind, else
// connecting; the socket opens in Init.
func NewZMQPushSink[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQPushSink[T], error) {
	b := &ZMQPushSink[T]{}
	if err := b.setup("zmq_push_sink", grzmq.Push, address, bind, o); err != nil {
		return nil, err
	}
	b.sendInPlace()
	b.In.SetMinItems(b.opt.VLen)
	return b, nil
}

// Work sends the items available as one message.
func (b *ZMQPushSink[T]) Work(io *block.IO) error { return b.tailWork(io) }

func zmqPushSinkSpec() registry.Spec {
	return zmqStreamSpec("zmq_push_sink", "sends the stream on a ZeroMQ PUSH socket (GNU Radio zeromq push_sink)", true,
		sourcesAll(zmqPushSinkFrom[float32], zmqPushSinkFrom[complex64], zmqPushSinkFrom[int8], zmqPushSinkFrom[uint8], zmqPushSinkFrom[int16]), zmqEOSParam)
}

func zmqPushSinkFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQPushSink[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
