package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQReqSource asks a ZeroMQ REP socket for items and outputs the replies
// (from zmq_rep_sink, or GNU Radio's zeromq rep_sink), as GNU Radio's
// req_source does: each request is a u32 (little-endian), the most items
// (vectors) its output has room for; each reply holds up to that many, in
// the format of zmq_push_sink's messages.
//
// It connects by default and reconnects while the peer is away. If the
// peer goes away before replying, the request is sent again once it is
// back (GNU Radio's would wait for ever). Work waits up to the timeout for
// a peer and for the reply, and never spins; it ends when the graph stops.
// Bad replies are dropped and counted as in zmq_pull_source.
//
// # Stream Outputs
//
//   - Out: the items received, of type T.
//
// # Parameters
//
//   - address, bind (default false), timeout (ms), hwm, pass_tags, vlen:
//     as for zmq_pull_source.
//
// # Tags
//
// As zmq_pull_source: with pass_tags, the tags of each reply's header, on
// the items they came with.
//
// # Usage
//
//	src, err := blocks.NewZMQReqSource[complex64]("tcp://127.0.0.1:5557", false, blocks.ZMQOptions{})
//	if err != nil { ... }
//	g.Add("req", src)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQReqSource[T sourcesItem] struct {
	zmqSource[T]
	asked bool // a request awaits its reply
}

// NewZMQReqSource returns a REQ source on address, listening if bind, else
// connecting; the socket opens in Init.
func NewZMQReqSource[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQReqSource[T], error) {
	b := &ZMQReqSource[T]{}
	if err := b.setup("zmq_req_source", grzmq.Req, address, bind, o); err != nil {
		return nil, err
	}
	b.init()
	b.waits, b.sock.Ready = true, nil // a request waits for its reply
	return b, nil
}

// Work asks for as many items as the output has room for and outputs the
// reply, waiting for it up to the timeout.
func (b *ZMQReqSource[T]) Work(io *block.IO) error { return b.work(io, b.get) }

func (b *ZMQReqSource[T]) get(ctx context.Context, wait time.Duration, room int) ([][]byte, error) {
	if !b.asked {
		req := binary.LittleEndian.AppendUint32(nil, uint32(min(room/b.opt.VLen, 1<<31-1)))
		if err := b.s.Send(ctx, wait, req); err != nil {
			return nil, err
		}
		b.asked = true
	}
	parts, err := b.s.Recv(ctx, wait)
	if errors.Is(err, grzmq.ErrPeerLost) {
		b.asked = false // ask again, another peer or the same one back
		return nil, grzmq.ErrTimeout
	}
	if err == nil {
		b.asked = false
	}
	return parts, err
}

func zmqReqSourceSpec() registry.Spec {
	return zmqStreamSpec("zmq_req_source", "asks a ZeroMQ REP socket for items and outputs them (GNU Radio zeromq req_source)", false,
		sourcesAll(zmqReqSourceFrom[float32], zmqReqSourceFrom[complex64], zmqReqSourceFrom[int8], zmqReqSourceFrom[uint8], zmqReqSourceFrom[int16]))
}

func zmqReqSourceFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQReqSource[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
