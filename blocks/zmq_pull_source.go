package blocks

import (
	"context"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQPullSource outputs the stream a ZeroMQ PUSH socket sends it
// (zmq_push_sink, or GNU Radio's zeromq push_sink), as GNU Radio's
// pull_source does: the items of each message, in host byte order.
//
// It connects to its address by default (GNU Radio's sources connect) and
// reconnects, every 100 ms, while the peer is away. Work never waits: the
// socket wakes it (block.Waker) when a message comes, so the block never
// spins, answers a stop or a setting at once and adds no polling delay;
// it never ends on its own (but see eos). A
// full output makes the received messages queue up (HWM of them), then
// the sender wait.
//
// A message that is not a whole number of vectors, or whose tag header
// does not parse (with pass_tags), is dropped, counted
// (Stats().BadMessages) and logged (log/slog, at most once a second);
// GNU Radio stops the flowgraph there.
//
// # Stream Outputs
//
//   - Out: the items received, of type T.
//
// # Parameters
//
//   - address: tcp://host:port or ipc://path.
//   - bind: listen on address instead of connecting (default false).
//   - timeout (ms): accepted for GNU Radio's parameter list; unused, since
//     Work never waits.
//   - hwm: messages received and not yet output, at most (-1 or 0: 1000).
//   - pass_tags: expect gr-zeromq's tag header (see Tags).
//   - vlen: the peer's vector length: tag offsets count vectors.
//   - eos: an empty message ends the stream (ZMQOptions.EOS: a push sink
//     with eos sends one after its last items); off by default, since
//     GNU Radio's sources run until their graph stops. Without it the
//     block never finishes by itself.
//
// # Tags
//
// With pass_tags, the tags of each message's header, moved from the
// sender's item count to this stream's: a tag on the k-th item of a
// message lands on the k-th item this block outputs from it. Keys are the
// symbols' strings; values are what pmt.Deserialize gives, as Go values
// (Value.Any: int64, float64, string, []pmt.Value for a tuple...). A tag
// outside its message is dropped and counted (Stats().TagsDropped).
//
// # Usage
//
//	src, err := blocks.NewZMQPullSource[complex64]("tcp://127.0.0.1:5555", false, blocks.ZMQOptions{PassTags: true})
//	if err != nil { ... }
//	g.Add("zmq", src)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQPullSource[T sourcesItem] struct {
	zmqSource[T]
}

// NewZMQPullSource returns a PULL source on address, listening if bind,
// else connecting; the socket opens in Init.
func NewZMQPullSource[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQPullSource[T], error) {
	b := &ZMQPullSource[T]{}
	if err := b.setup("zmq_pull_source", grzmq.Pull, address, bind, o); err != nil {
		return nil, err
	}
	b.init()
	return b, nil
}

// Work outputs the messages received; the socket wakes it for more.
func (b *ZMQPullSource[T]) Work(io *block.IO) error {
	return b.work(io, func(ctx context.Context, wait time.Duration, _ int) ([][]byte, error) { return b.s.Recv(ctx, wait) })
}

func zmqPullSourceSpec() registry.Spec {
	return zmqStreamSpec("zmq_pull_source", "outputs the stream a ZeroMQ PUSH socket sends (GNU Radio zeromq pull_source)", false,
		sourcesAll(zmqPullSourceFrom[float32], zmqPullSourceFrom[complex64], zmqPullSourceFrom[int8], zmqPullSourceFrom[uint8], zmqPullSourceFrom[int16]), zmqEOSParam)
}

func zmqPullSourceFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQPullSource[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
