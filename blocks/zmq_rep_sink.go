package blocks

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/registry"
)

// ZMQRepSink answers the requests of ZeroMQ REQ sockets (zmq_req_source,
// or GNU Radio's zeromq req_source) with items of its stream, as GNU
// Radio's rep_sink does: a request is a u32 (little-endian), the most
// items (vectors) wanted; the reply holds up to that many of those
// available, in the format of zmq_push_sink's messages. A request shorter
// than 4 bytes gets every item available.
//
// The stream waits for requests: the block takes a request only when it
// has items, waiting for one up to the timeout per Work call. A requester
// that goes away loses the reply in flight.
//
// # Stream Inputs
//
//   - In: items of type T, consumed as they are sent.
//
// # Parameters
//
//   - address, bind (default true), timeout (ms), hwm, pass_tags, vlen: as
//     for zmq_push_sink.
//
// # Tags
//
// As zmq_push_sink: with pass_tags, every tag goes in the header of its
// reply.
//
// # Usage
//
//	snk, err := blocks.NewZMQRepSink[complex64]("tcp://*:5557", true, blocks.ZMQOptions{})
//	if err != nil { ... }
//	g.Add("rep", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ZMQRepSink[T sourcesItem] struct {
	zmqSink[T]
}

// NewZMQRepSink returns a REP sink on address, listening if bind, else
// connecting; the socket opens in Init.
func NewZMQRepSink[T sourcesItem](address string, bind bool, o ZMQOptions) (*ZMQRepSink[T], error) {
	b := &ZMQRepSink[T]{}
	if err := b.setup("zmq_rep_sink", grzmq.Rep, address, bind, o); err != nil {
		return nil, err
	}
	b.reuse()
	b.In.SetMinItems(b.opt.VLen)
	return b, nil
}

// Work answers one request, if one comes within the timeout, with the
// items available.
func (b *ZMQRepSink[T]) Work(io *block.IO) error {
	n, ended := b.ready(int(^uint(0) >> 1))
	if ended {
		return block.ErrDone
	}
	if n == 0 {
		return nil
	}
	parts, err := b.s.Recv(io.Context(), b.opt.Timeout)
	if zmqGiveWay(err) {
		io.WakeAt(time.Now())
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", b.id, err)
	}
	if len(parts) == 1 && len(parts[0]) >= 4 {
		n = min(n, int(binary.LittleEndian.Uint32(parts[0]))*b.opt.VLen)
	}
	// The reply queue has room unless the requester stopped reading; the
	// wait then ends when it goes away, or with the graph.
	if err := b.s.Send(io.Context(), -1, b.payload(n)); err != nil && !zmqGiveWay(err) {
		return fmt.Errorf("%s: %w", b.id, err)
	}
	b.sent(n)
	return nil
}

func zmqRepSinkSpec() registry.Spec {
	return zmqStreamSpec("zmq_rep_sink", "answers ZeroMQ REQ requests with items of the stream (GNU Radio zeromq rep_sink)", true,
		sourcesAll(zmqRepSinkFrom[float32], zmqRepSinkFrom[complex64], zmqRepSinkFrom[int8], zmqRepSinkFrom[uint8], zmqRepSinkFrom[int16]))
}

func zmqRepSinkFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewZMQRepSink[T](p.String("address"), p.Bool("bind"), zmqOptionsFrom(p)))
}
