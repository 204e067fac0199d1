package blocks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// TCPSink writes raw items to a TCP connection, as GNU Radio's
// network.tcp_sink: the items back to back in the host's byte order
// (complex64 as interleaved float32 I/Q), with nothing else on the wire, so
// a GNU Radio tcp_source of the same item type (or any program reading raw
// samples) reads it.
//
// # Stream Inputs
//
// In: the items to send.
//
// # Parameters
//
//   - mode: "client" connects to address when the graph starts (Init fails
//     if nothing listens there); "server" listens on address when the graph
//     starts (port 0 picks a free port: see Addr) and serves one client at a
//     time.
//   - address: host:port, such as 127.0.0.1:2000 or [::1]:2000.
//   - wait (server): while no client is connected, keep the items (true,
//     the default: the graph waits, nothing is lost, as GNU Radio's
//     blocks.tcp_server_sink with noblock off) or drop them (false, as
//     GNU Radio's network.tcp_sink in server mode, for a live source that
//     must not be held up); dropped items are counted (DroppedItems).
//
// # Peers that go
//
// A client sink whose server closes or resets the connection finishes (its
// upstream then stops), as GNU Radio's tcp_sink returns WORK_DONE. A server
// sink whose client goes waits for the next client, as GNU Radio's does,
// keeping or dropping items by wait meanwhile; the next client starts on an
// item boundary (the rest of an item cut off is dropped and counted). Items
// in the socket buffers when a peer goes are lost with it. A second client
// that connects while one is served waits, connected, until the first goes.
//
// # Waiting
//
// Items are written straight from the input buffer. Work waits for the
// socket at most 50 ms at a time (a peer that does not read holds the graph
// back, by TCP's flow control), so the graph's cancellation ends a wait at
// once. The connection is closed by Deinit, after the last item, which ends
// the peer's stream.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	snk, err := blocks.NewTCPSink[complex64](blocks.NetClient, "127.0.0.1:2000", true)
//	if err != nil { ... }
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type TCPSink[T sourcesItem] struct {
	In block.In[T]
	s  netSender
}

// NewTCPSink returns a TCP sink; mode is NetClient or NetServer, wait
// applies to a server (see the type's doc).
func NewTCPSink[T sourcesItem](mode, address string, wait bool) (*TCPSink[T], error) {
	server, err := netCheckMode("tcp_sink", mode, address)
	if err != nil {
		return nil, err
	}
	var zero T
	return &TCPSink[T]{s: netSender{netStream: netStream{id: "tcp_sink", server: server, address: address},
		unit: len(sourcesBytes([]T{zero})), wait: wait}}, nil
}

// Addr returns the address the server listens on, or the client's local
// address; nil before Init. Safe from any goroutine.
func (b *TCPSink[T]) Addr() net.Addr { return b.s.Addr() }

// Connections returns the number of connections made so far.
func (b *TCPSink[T]) Connections() uint64 { return b.s.peers.Load() }

// DroppedItems returns the items dropped so far: while no client was
// connected (wait false), or cut off when a peer went.
func (b *TCPSink[T]) DroppedItems() uint64 { return b.s.dropped.Load() }

// Init listens (server) or connects (client).
func (b *TCPSink[T]) Init(ctx context.Context) error { return b.s.open(ctx, false) }

// Work implements block.Block.
func (b *TCPSink[T]) Work(io *block.IO) error {
	if b.s.ctx == nil {
		return errors.New("tcp_sink: not initialized")
	}
	in := b.In.Slice()
	if len(in) == 0 {
		return b.In.Idle()
	}
	n, err := b.s.send(io.Context(), sourcesBytes(in))
	b.In.Consume(n)
	if err != nil {
		return fmt.Errorf("%w: tcp_sink: the server closed the connection", block.ErrDone)
	}
	if n == 0 {
		io.WakeAt(time.Now())
	}
	return nil
}

// Deinit closes the connection and the listener.
func (b *TCPSink[T]) Deinit() error {
	return netCloseErr("tcp_sink", b.s.close())
}

// tcpSinkSpec is the registry entry of tcp_sink.
func tcpSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "tcp_sink",
		Doc: "writes raw items (host byte order) to a TCP client or server connection (GNU Radio network.tcp_sink)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "mode", Type: registry.ParamString, Default: NetClient, Allowed: netModes,
				Doc: "client: connect to address; server: listen on address and serve one client at a time"},
			{Name: "address", Type: registry.ParamString, Default: "127.0.0.1:2000", Doc: "host:port to connect to or listen on"},
			{Name: "wait", Type: registry.ParamBool, Default: true,
				Doc: "server: keep the items while no client is connected (false: drop them, as GNU Radio's tcp_sink)"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, sourcesAll(tcpSinkFrom[float32], tcpSinkFrom[complex64],
				tcpSinkFrom[int8], tcpSinkFrom[uint8], tcpSinkFrom[int16]))
		},
	}
}

func tcpSinkFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewTCPSink[T](p.String("mode"), p.String("address"), p.Bool("wait")))
}
