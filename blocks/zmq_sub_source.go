package blocks

import (
	"context"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQSubSource outputs the stream a ZeroMQ PUB socket publishes
// (zmq_pub_sink, or GNU Radio's zeromq pub_sink), as GNU Radio's
// sub_source does: it subscribes to key and outputs the items of each
// message, [key][items] or, without a key, [items].
//
// It waits, reconnects, handles bad messages and ends as zmq_pull_source
// does. A publisher drops what a subscriber does not keep up with (or what
// is published while it is away): the stream then skips those items, and
// tag offsets count the items received.
//
// # Stream Outputs
//
//   - Out: the items received, of type T.
//
// # Parameters
//
//   - address, bind (default false), timeout (ms), hwm, pass_tags, vlen:
//     as for zmq_pull_source.
//   - key: the prefix subscribed to ("" for every message). With a key,
//     messages of one part are dropped as bad, as GNU Radio ignores them.
//
// # Tags
//
// As zmq_pull_source: with pass_tags, the tags of each message's header,
// on the items they came with.
//
// # Usage
//
//	src, err := blocks.NewZMQSubSource[float32]("tcp://127.0.0.1:5556", false, blocks.ZMQOptions{Key: "power"})
//	if err != nil { ... }
//	g.Add("sub", src)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQSubSource[T sourcesItem] struct {
	zmqSource[T]
}

// NewZMQSubSource returns a SUB source on address subscribed to o.Key,
// listening if bind, else connecting; the socket opens in Init.
func NewZMQSubSource[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQSubSource[T], error) {
	b := &ZMQSubSource[T]{}
	if err := b.setup("zmq_sub_source", grzmq.Sub, address, bind, o); err != nil {
		return nil, err
	}
	b.init()
	return b, nil
}

// Work outputs the messages received; the socket wakes it for more.
func (b *ZMQSubSource[T]) Work(io *block.IO) error {
	return b.work(io, func(ctx context.Context, wait time.Duration, _ int) ([][]byte, error) { return b.s.Recv(ctx, wait) })
}

func zmqSubSourceSpec() registry.Spec {
	return zmqStreamSpec("zmq_sub_source", "outputs the stream a ZeroMQ PUB socket publishes under key (GNU Radio zeromq sub_source)", false,
		sourcesAll(zmqSubSourceFrom[float32], zmqSubSourceFrom[complex64], zmqSubSourceFrom[int8], zmqSubSourceFrom[uint8], zmqSubSourceFrom[int16]),
		zmqKeyParam)
}

func zmqSubSourceFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQSubSource[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
