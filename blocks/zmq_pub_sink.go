package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPubSink publishes its stream on a ZeroMQ PUB socket, as GNU Radio's
// zeromq pub_sink does: one message per batch of whole items, [key][items]
// with a key, led by gr-zeromq's tag header with pass_tags. Every SUB
// (zmq_sub_source, GNU Radio's sub_source) subscribed to a prefix of the
// key receives it.
//
// PUB never holds the stream back: a message for a subscriber whose queue
// holds HWM messages is dropped for it (counted in Stats().Dropped), and
// with no subscriber the stream is consumed and lost, as in GNU Radio
// (drop_on_hwm true, the default). With drop_on_hwm false the block waits
// for a slow subscriber instead. A subscriber that restarts gets the
// messages published after it is back.
//
// # Stream Inputs
//
//   - In: items of type T, consumed as they are published.
//
// # Parameters
//
//   - address, bind (default true), timeout (ms), hwm, pass_tags, vlen: as
//     for zmq_push_sink; hwm counts per subscriber.
//   - key: the topic, sent as the first part of each message ("" for
//     none: one-part messages).
//   - drop_on_hwm: drop messages for a subscriber at its high-water mark
//     (true, the default); false waits for room, up to the timeout per Work
//     call, holding the stream back.
//
// # Tags
//
// As zmq_push_sink: with pass_tags, every tag goes in the header of its
// message.
//
// # Usage
//
//	snk, err := blocks.NewZMQPubSink[float32]("tcp://*:5556", true, blocks.ZMQOptions{Key: "power"})
//	if err != nil { ... }
//	g.Add("pub", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQPubSink[T sourcesItem] struct {
	zmqSink[T]
	key []byte
}

// NewZMQPubSink returns a PUB sink on address, listening if bind, else
// connecting; the socket opens in Init.
func NewZMQPubSink[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQPubSink[T], error) {
	b := &ZMQPubSink[T]{}
	if err := b.setup("zmq_pub_sink", grzmq.Pub, address, bind, o); err != nil {
		return nil, err
	}
	if o.Key != "" {
		b.key = []byte(o.Key)
	}
	b.In.SetMinItems(b.opt.VLen)
	return b, nil
}

// Work publishes the items available as one message.
func (b *ZMQPubSink[T]) Work(io *block.IO) error { return b.pushWork(io, b.key) }

func zmqPubSinkSpec() registry.Spec {
	return zmqStreamSpec("zmq_pub_sink", "publishes the stream on a ZeroMQ PUB socket (GNU Radio zeromq pub_sink)", true,
		sourcesAll(zmqPubSinkFrom[float32], zmqPubSinkFrom[complex64], zmqPubSinkFrom[int8], zmqPubSinkFrom[uint8], zmqPubSinkFrom[int16]),
		zmqKeyParam,
		registry.Param{Name: "drop_on_hwm", Type: registry.ParamBool, Default: true,
			Doc: "drop messages for a subscriber whose queue is full; false waits for it, holding the stream back"})
}

func zmqPubSinkFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQPubSink[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
