package blocks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// TCPSource reads raw items from a TCP connection, as GNU Radio's
// network.tcp_source: the items back to back in the host's byte order
// (complex64 as interleaved float32 I/Q), with nothing else on the wire, so
// a GNU Radio tcp_sink of the same item type (or any program writing raw
// samples) feeds it.
//
// # Stream Outputs
//
// Out: the items received, in order.
//
// # Parameters
//
//   - mode: "client" connects to address when the graph starts (Init fails
//     if nothing listens there); "server" listens on address when the graph
//     starts and accepts one client (port 0 picks a free port: see Addr).
//   - address: host:port, such as 127.0.0.1:2000 or [::1]:2000.
//   - keep_listening: when the peer closes, wait for the next one instead of
//     ending the stream — a server accepts the next client, a client
//     connects again every 50 ms until the server is back (and, if the
//     server is not there when the graph starts, until it comes).
//
// # End of stream
//
// Without keep_listening the stream ends (the block finishes) when the peer
// closes the connection, after the last whole item, as GNU Radio's
// tcp_source ends at end of file; a reset connection ends it too. A trailing
// partial item (the peer closed in the middle of one) is dropped and counted
// (DroppedBytes), never output and never an error, so that with
// keep_listening the next peer starts on an item boundary.
//
// # Waiting
//
// Items are read straight into the output buffer, without copying. Work
// waits for the socket at most 50 ms at a time (then asks to be called again
// at once), so setting changes and messages are applied while the peer is
// quiet, and the graph's cancellation ends a wait at once.
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src, err := blocks.NewTCPSource[complex64](blocks.NetServer, "127.0.0.1:2000", false)
//	if err != nil { ... }
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type TCPSource[T sourcesItem] struct {
	Out   block.Out[T]
	s     netStream
	keep  bool
	part  [16]byte // the first bytes of an item not yet complete
	npart int
	lost  atomic.Uint64 // bytes of trailing partial items dropped
}

// NewTCPSource returns a TCP source; mode is NetClient or NetServer.
func NewTCPSource[T sourcesItem](mode, address string, keepListening bool) (*TCPSource[T], error) {
	server, err := netCheckMode("tcp_source", mode, address)
	if err != nil {
		return nil, err
	}
	return &TCPSource[T]{s: netStream{id: "tcp_source", server: server, address: address}, keep: keepListening}, nil
}

// Addr returns the address the server listens on, or the client's local
// address; nil before Init. Safe from any goroutine.
func (b *TCPSource[T]) Addr() net.Addr { return b.s.Addr() }

// Connections returns the number of connections made so far.
func (b *TCPSource[T]) Connections() uint64 { return b.s.peers.Load() }

// DroppedBytes returns the bytes of partial items dropped when a peer
// closed in the middle of an item.
func (b *TCPSource[T]) DroppedBytes() uint64 { return b.lost.Load() }

// Init listens (server) or connects (client).
func (b *TCPSource[T]) Init(ctx context.Context) error {
	return b.s.open(ctx, b.keep)
}

// Work implements block.Block.
func (b *TCPSource[T]) Work(io *block.IO) error {
	ctx := io.Context()
	if b.s.conn == nil {
		if b.s.ctx == nil {
			return errors.New("tcp_source: not initialized")
		}
		if !b.s.server && !b.keep && b.s.peers.Load() > 0 {
			return block.ErrDone
		}
		if !b.s.connect(ctx, true) {
			io.WakeAt(time.Now())
			return nil
		}
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	buf := sourcesBytes(out)
	size := len(buf) / len(out)
	copy(buf, b.part[:b.npart])
	k, err := b.s.recv(ctx, buf[b.npart:])
	k += b.npart
	n := k / size
	b.npart = copy(b.part[:], buf[n*size:k])
	b.Out.Produce(n)
	if err != nil {
		b.lost.Add(uint64(b.npart))
		b.npart = 0
		if !b.keep {
			return fmt.Errorf("%w: tcp_source: %w", block.ErrDone, err)
		}
	}
	if n == 0 {
		io.WakeAt(time.Now())
	}
	return nil
}

// Deinit closes the connection and the listener.
func (b *TCPSource[T]) Deinit() error {
	return netCloseErr("tcp_source", b.s.close())
}

// tcpSourceSpec is the registry entry of tcp_source.
func tcpSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "tcp_source",
		Doc: "reads raw items (host byte order) from a TCP client or server connection (GNU Radio network.tcp_source)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "mode", Type: registry.ParamString, Default: NetServer, Allowed: netModes,
				Doc: "server: listen on address and accept a client; client: connect to address"},
			{Name: "address", Type: registry.ParamString, Default: "127.0.0.1:2000", Doc: "host:port to listen on or connect to"},
			{Name: "keep_listening", Type: registry.ParamBool, Default: false,
				Doc: "when the peer closes, wait for the next one (server) or connect again (client) instead of ending the stream"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, sourcesAll(tcpSourceFrom[float32], tcpSourceFrom[complex64],
				tcpSourceFrom[int8], tcpSourceFrom[uint8], tcpSourceFrom[int16]))
		},
	}
}

func tcpSourceFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewTCPSource[T](p.String("mode"), p.String("address"), p.Bool("keep_listening")))
}
