package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// UDPLostTag is the key of the tag a UDPSource puts on the first item
// received after a gap in the sequence numbers; its value, a uint64, is the
// number of datagrams lost.
const UDPLostTag = "rx_lost"

// udpMaxFill is the largest gap, in datagrams, that zero_fill fills: a
// larger jump is more likely a sender that restarted than a loss.
const udpMaxFill = 1 << 16

// UDPSource receives items in UDP datagrams, as GNU Radio's
// network.udp_source: each datagram is an optional header then raw items in
// the host's byte order, so GNU Radio's udp_sink with the same header and
// payload size (or any program sending raw samples) feeds it.
//
// # Stream Outputs
//
// Out: the items of the datagrams, in the order they arrived.
//
// # Parameters
//
//   - address: where to listen, host:port (":2000" for every interface;
//     port 0 picks a free port: see Addr).
//   - header: "none", "seqnum", "seqnum_size" or "ata", GNU Radio's header
//     types 0, 1, 2 and 5; see the UDPHeader constants. It must match the
//     sender's.
//   - payload_size: the sender's bytes per datagram, header included
//     (default 1472, GNU Radio's); with zero_fill, a lost datagram stands
//     for payload_size less the header of items.
//   - eof: an empty datagram ends the stream (a flowrun or GNU Radio
//     udp_sink with send_eof sends three when it ends; GNU Radio 3.10's
//     udp_source does not end).
//   - zero_fill: output the items of lost datagrams as zeros, so that the
//     stream keeps its timing (gaps of more than 65536 datagrams are not
//     filled). GNU Radio's udp_source only logs the loss; its "source zeros"
//     option, which outputs zeros whenever no datagram waits, is not
//     provided.
//
// The data of the datagrams is one byte stream, as in GNU Radio: an item
// may straddle two datagrams of a sender that does not send whole items;
// its start is dropped (and counted, DroppedBytes) when a loss comes
// between. A datagram shorter than the header is skipped, one longer than
// payload_size cut to it; both are counted (BadDatagrams).
//
// # Lost datagrams
//
// With a header, each sequence number more than one above the last counts
// the datagrams between as lost (LostDatagrams), as GNU Radio's
// udp_source does; a lower one (a sender that restarted) counts nothing. The
// first item of the datagram after the gap carries the tag rx_lost (see
// UDPLostTag) with the number lost; with zero_fill the zeros precede it.
//
// # Waiting
//
// Work reads every datagram that has arrived, up to 64 a call, and waits at
// most 50 ms for one when none has (then asks to be called again at once),
// so setting changes and messages are applied while the sender is quiet,
// and the graph's cancellation ends a wait at once. The socket's receive
// buffer is enlarged to 4 MiB where the system allows it.
//
// # Tags
//
// rx_lost, see above.
//
// # Usage
//
//	src, err := blocks.NewUDPSource[complex64](":2000", blocks.UDPHeaderSeqNum, blocks.UDPDefaultPayload)
//	if err != nil { ... }
//	src.SetZeroFill(true)
//	g.Add("src", src)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type UDPSource[T sourcesItem] struct {
	Out      block.Out[T]
	address  string
	header   string
	hdr      int
	payload  int
	eof      bool
	zeroFill bool

	conn    *net.UDPConn
	unwatch func() bool
	addr    atomic.Value

	buf   []byte // the datagrams read, one per slot of payload+1 bytes
	lens  []int  // their lengths
	count int    // datagrams in buf
	next  int    // the next datagram of buf to take apart

	data    []byte // data of the current datagram not yet output
	zeros   uint64 // zero items still to output for a gap (zero_fill)
	lostTag uint64 // datagrams lost, to tag on the next item; 0: no tag
	part    [16]byte
	npart   int
	seq     uint64 // the last sequence number
	started bool   // seq is set
	ended   bool   // an empty datagram came (eof)

	datagrams atomic.Uint64
	lost      atomic.Uint64
	bad       atomic.Uint64
	dropped   atomic.Uint64
}

// NewUDPSource returns a UDP source listening on address; header is one of
// the UDPHeader constants. The stream ends at an empty datagram; see
// SetEOF.
func NewUDPSource[T sourcesItem](address, header string, payloadSize int) (*UDPSource[T], error) {
	var zero T
	hdr, err := udpCheck("udp_source", header, payloadSize, int(unsafe.Sizeof(zero)))
	if err != nil {
		return nil, err
	}
	if _, _, err := net.SplitHostPort(address); err != nil {
		return nil, netBadParam("udp_source", "address %q: %v", address, err)
	}
	return &UDPSource[T]{address: address, header: header, hdr: hdr, payload: payloadSize, eof: true}, nil
}

// SetEOF sets whether an empty datagram ends the stream (true, the
// default). Call it before Init.
func (b *UDPSource[T]) SetEOF(eof bool) { b.eof = eof }

// SetZeroFill sets whether lost datagrams are output as zeros (false by
// default). Call it before Init.
func (b *UDPSource[T]) SetZeroFill(fill bool) { b.zeroFill = fill }

// Addr returns the address the socket is bound to, nil before Init. Safe
// from any goroutine.
func (b *UDPSource[T]) Addr() net.Addr {
	a, _ := b.addr.Load().(net.Addr)
	return a
}

// Datagrams returns the number of datagrams received so far, empty ones
// included.
func (b *UDPSource[T]) Datagrams() uint64 { return b.datagrams.Load() }

// LostDatagrams returns the number of datagrams found missing from the
// sequence numbers so far (0 without a header).
func (b *UDPSource[T]) LostDatagrams() uint64 { return b.lost.Load() }

// BadDatagrams returns the number of datagrams shorter than the header or
// longer than payload_size.
func (b *UDPSource[T]) BadDatagrams() uint64 { return b.bad.Load() }

// DroppedBytes returns the bytes of partial items dropped at a loss.
func (b *UDPSource[T]) DroppedBytes() uint64 { return b.dropped.Load() }

// Init binds the socket.
func (b *UDPSource[T]) Init(ctx context.Context) error {
	var lc net.ListenConfig
	pc, err := lc.ListenPacket(ctx, "udp", b.address)
	if err != nil {
		return fmt.Errorf("udp_source: %w", err)
	}
	conn := pc.(*net.UDPConn)
	conn.SetReadBuffer(4 << 20) // best effort: the system caps it
	slot := b.payload + 1       // one more byte tells a datagram that is too long
	batch := max(1, min(64, (256<<10)/slot))
	b.conn, b.buf, b.lens = conn, make([]byte, batch*slot), make([]int, batch)
	b.count, b.next, b.data, b.zeros, b.lostTag, b.npart, b.started, b.ended = 0, 0, nil, 0, 0, 0, false, false
	b.addr.Store(conn.LocalAddr())
	b.unwatch = context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Unix(1, 0)) })
	return nil
}

// Work implements block.Block.
func (b *UDPSource[T]) Work(io *block.IO) error {
	if b.conn == nil {
		return errors.New("udp_source: not initialized")
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	ob := sourcesBytes(out)
	size := len(ob) / len(out)
	base := b.Out.Offset()
	var tags []buffer.Tag
	w := 0 // items written to out
	for w < len(out) {
		// What is pending first: zeros for a gap, then the data.
		if b.zeros > 0 {
			n := int(min(b.zeros, uint64(len(out)-w)))
			clear(ob[w*size : (w+n)*size])
			w += n
			b.zeros -= uint64(n)
			continue
		}
		if len(b.data) > 0 {
			// The start of an item from the last datagram, then this one's.
			dst := ob[w*size:]
			copy(dst, b.part[:b.npart])
			k := copy(dst[b.npart:], b.data)
			b.data = b.data[k:]
			have := b.npart + k
			n := have / size
			b.npart = copy(b.part[:], dst[n*size:have])
			if n > 0 && b.lostTag > 0 {
				tags = append(tags, buffer.Tag{Offset: base + uint64(w), Key: UDPLostTag, Value: b.lostTag})
				b.lostTag = 0
			}
			w += n
			continue
		}
		if b.next < b.count {
			b.take(b.buf[b.next*(b.payload+1):][:b.lens[b.next]])
			b.next++
			continue
		}
		if b.ended {
			break
		}
		// Read what has arrived; wait for it only if this call has nothing.
		if w == 0 {
			b.conn.SetReadDeadline(time.Now().Add(netPoll))
		} else {
			b.conn.SetReadDeadline(time.Time{})
		}
		if io.Context().Err() != nil {
			break
		}
		n, err := udpReadBatch(b.conn, b.buf, b.payload+1, b.lens, w == 0)
		if err != nil {
			return fmt.Errorf("udp_source: %w", err)
		}
		if n == 0 {
			break
		}
		b.count, b.next = n, 0
	}
	b.Out.Produce(w, tags...)
	switch {
	case b.ended && b.zeros == 0 && len(b.data) == 0 && b.next >= b.count:
		b.dropped.Add(uint64(b.npart))
		return block.ErrDone
	case w == 0:
		io.WakeAt(time.Now())
	}
	return nil
}

// take takes a datagram apart: its header's sequence number, then its data.
func (b *UDPSource[T]) take(d []byte) {
	b.datagrams.Add(1)
	if len(d) == 0 {
		if b.eof {
			b.ended = true
			b.count = b.next + 1 // the datagrams after it are not read
		}
		return
	}
	if len(d) < b.hdr {
		b.bad.Add(1)
		return
	}
	if len(d) > b.payload {
		b.bad.Add(1)
		d = d[:b.payload]
	}
	if b.hdr > 0 {
		var seq uint64
		if b.header == UDPHeaderATA {
			seq = uint64(binary.NativeEndian.Uint32(d[20:]))
		} else {
			seq = binary.NativeEndian.Uint64(d)
		}
		if b.started && seq > b.seq+1 {
			lost := seq - b.seq - 1
			b.lost.Add(lost)
			b.lostTag += lost
			b.dropped.Add(uint64(b.npart))
			b.npart = 0
			if b.zeroFill && lost <= udpMaxFill {
				var zero T
				b.zeros += lost * uint64(b.payload-b.hdr) / uint64(unsafe.Sizeof(zero))
			}
		}
		b.seq, b.started = seq, true
	}
	b.data = d[b.hdr:]
}

// Deinit closes the socket.
func (b *UDPSource[T]) Deinit() error {
	if b.conn == nil {
		return nil
	}
	b.unwatch()
	err := b.conn.Close()
	b.conn = nil
	if err != nil {
		return fmt.Errorf("udp_source: %w", err)
	}
	return nil
}

// udpSourceSpec is the registry entry of udp_source.
func udpSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "udp_source",
		Doc: "receives raw items (host byte order) in UDP datagrams with GNU Radio's optional sequence header; counts and tags lost datagrams (GNU Radio network.udp_source)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "address", Type: registry.ParamString, Default: ":2000", Doc: "host:port to listen on (empty host: every interface)"},
			{Name: "header", Type: registry.ParamString, Default: UDPHeaderNone,
				Allowed: []string{UDPHeaderNone, UDPHeaderSeqNum, UDPHeaderSeqNumSize, UDPHeaderATA},
				Doc:     "the sender's header: none, seqnum (64-bit sequence number), seqnum_size (sequence number and size, 16 bytes) or ata (64 bytes), as GNU Radio's"},
			{Name: "payload_size", Type: registry.ParamInt, Default: UDPDefaultPayload, Unit: "bytes", Min: registry.Bound(1), Max: registry.Bound(udpMaxPayload),
				Doc: "the sender's bytes per datagram, header included"},
			{Name: "eof", Type: registry.ParamBool, Default: true, Doc: "an empty datagram ends the stream"},
			{Name: "zero_fill", Type: registry.ParamBool, Default: false, Doc: "output lost datagrams (found from the sequence numbers) as zeros"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, sourcesAll(udpSourceFrom[float32], udpSourceFrom[complex64],
				udpSourceFrom[int8], udpSourceFrom[uint8], udpSourceFrom[int16]))
		},
	}
}

func udpSourceFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	b, err := NewUDPSource[T](p.String("address"), p.String("header"), p.Int("payload_size"))
	if err != nil {
		return nil, err
	}
	b.SetEOF(p.Bool("eof"))
	b.SetZeroFill(p.Bool("zero_fill"))
	return b, nil
}
