package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// The UDP header types of GNU Radio's network.udp_sink and udp_source
// (gr-network's packet_headers.h), in the host's byte order as GNU Radio
// copies them.
const (
	// UDPHeaderNone: the datagram is items only (GNU Radio header 0).
	UDPHeaderNone = "none"
	// UDPHeaderSeqNum: an 8-byte sequence number, 1 for the first datagram
	// (GNU Radio header 1, header_seq_num).
	UDPHeaderSeqNum = "seqnum"
	// UDPHeaderSeqNumSize: 16 bytes, the 8-byte sequence number, the
	// datagram size (payload_size) as a 2-byte signed integer and 6 bytes of
	// padding, the size of GNU Radio's header_seq_plus_size struct (header 2).
	UDPHeaderSeqNumSize = "seqnum_size"
	// UDPHeaderATA: GNU Radio's 64-byte ATA header (header 5), read by
	// udp_source only: its 4-byte sequence number at byte 20.
	UDPHeaderATA = "ata"
)

// udpHeaderBytes are the sizes of the header types.
var udpHeaderBytes = map[string]int{UDPHeaderNone: 0, UDPHeaderSeqNum: 8, UDPHeaderSeqNumSize: 16, UDPHeaderATA: 64}

// UDPDefaultPayload is GNU Radio's default datagram size: 1500-byte
// Ethernet MTU less the IP and UDP headers.
const UDPDefaultPayload = 1472

// udpMaxPayload is the largest UDP payload over IPv4.
const udpMaxPayload = 65507

// udpCheck checks the datagram layout of a UDP block and returns the header
// size.
func udpCheck(id, header string, payload, itemSize int) (int, error) {
	hdr, ok := udpHeaderBytes[header]
	if !ok || (id == "udp_sink" && header == UDPHeaderATA) {
		return 0, netBadParam(id, "unknown header type %q", header)
	}
	if payload < hdr+itemSize || payload > udpMaxPayload {
		return 0, netBadParam(id, "payload_size %d must hold the %d-byte header and an item of %d bytes, and be at most %d",
			payload, hdr, itemSize, udpMaxPayload)
	}
	if (payload-hdr)%itemSize != 0 {
		return 0, netBadParam(id, "payload_size %d less the %d-byte header is not a whole number of %d-byte items", payload, hdr, itemSize)
	}
	return hdr, nil
}

// UDPSink sends items in UDP datagrams, as GNU Radio's network.udp_sink:
// each datagram is an optional header then payload_size less the header of
// raw items in the host's byte order, so GNU Radio's udp_source with the
// same header and payload size (or any program reading raw samples) reads
// it.
//
// # Stream Inputs
//
// In: the items to send.
//
// # Parameters
//
//   - address: where to send, host:port.
//   - header: "none", "seqnum" (GNU Radio's 64-bit sequence number, 1 for
//     the first datagram) or "seqnum_size" (the sequence number and the
//     datagram size, 16 bytes); see the UDPHeader constants.
//   - payload_size: bytes per datagram, header included (default 1472, GNU
//     Radio's), a whole number of items after the header.
//   - send_eof: when the block ends, send three empty datagrams, which end
//     the stream of a flowrun udp_source (GNU Radio's udp_sink does the
//     same).
//
// Items are gathered until a datagram is full; at the end of the input the
// last, shorter datagram is sent too (GNU Radio drops it). UDP does not wait
// for the receiver: datagrams it cannot keep up with are lost (count them
// with a sequence header at the udp_source). Put a throttle before the
// sink when the source is not paced by hardware. A datagram the system
// refuses to send is dropped and counted (DroppedDatagrams).
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	snk, err := blocks.NewUDPSink[complex64]("127.0.0.1:2000", blocks.UDPHeaderSeqNum, blocks.UDPDefaultPayload, true)
//	if err != nil { ... }
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &thr.Out, &snk.In)
type UDPSink[T sourcesItem] struct {
	In      block.In[T]
	address string
	header  string
	hdr     int
	sendEOF bool

	conn    *net.UDPConn
	dest    netip.AddrPort
	stage   []byte // the datagram being filled: header, then data
	fill    int    // data bytes in stage
	seq     uint64
	sent    atomic.Uint64
	dropped atomic.Uint64
}

// NewUDPSink returns a UDP sink sending to address; header is one of
// UDPHeaderNone, UDPHeaderSeqNum and UDPHeaderSeqNumSize.
func NewUDPSink[T sourcesItem](address, header string, payloadSize int, sendEOF bool) (*UDPSink[T], error) {
	var zero T
	hdr, err := udpCheck("udp_sink", header, payloadSize, int(unsafe.Sizeof(zero)))
	if err != nil {
		return nil, err
	}
	if _, _, err := net.SplitHostPort(address); err != nil {
		return nil, netBadParam("udp_sink", "address %q: %v", address, err)
	}
	return &UDPSink[T]{address: address, header: header, hdr: hdr, sendEOF: sendEOF, stage: make([]byte, payloadSize)}, nil
}

// Datagrams returns the number of datagrams sent so far.
func (b *UDPSink[T]) Datagrams() uint64 { return b.sent.Load() }

// DroppedDatagrams returns the number of datagrams the system refused.
func (b *UDPSink[T]) DroppedDatagrams() uint64 { return b.dropped.Load() }

// Init resolves the address (an empty host is localhost, as in GNU
// Radio) and opens the socket.
func (b *UDPSink[T]) Init(context.Context) error {
	address := b.address
	if h, p, _ := net.SplitHostPort(address); h == "" {
		address = net.JoinHostPort("localhost", p)
	}
	a, err := net.ResolveUDPAddr("udp", address)
	if err != nil {
		return fmt.Errorf("udp_sink: %w", err)
	}
	ap := a.AddrPort()
	dest := netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	network := "udp6"
	if dest.Addr().Is4() {
		network = "udp4"
	}
	conn, err := net.ListenUDP(network, nil)
	if err != nil {
		return fmt.Errorf("udp_sink: %w", err)
	}
	b.conn, b.dest, b.fill, b.seq = conn, dest, 0, 0
	return nil
}

// Work implements block.Block.
func (b *UDPSink[T]) Work(io *block.IO) error {
	if b.conn == nil {
		return errors.New("udp_sink: not initialized")
	}
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			if b.fill > 0 {
				b.conn.SetWriteDeadline(time.Now().Add(netPoll))
				b.send()
			}
			return block.ErrDone
		}
		return nil
	}
	b.conn.SetWriteDeadline(time.Now().Add(netPoll))
	data := sourcesBytes(in)
	for len(data) > 0 {
		k := copy(b.stage[b.hdr+b.fill:], data)
		b.fill += k
		data = data[k:]
		if b.hdr+b.fill == len(b.stage) {
			b.send()
		}
	}
	b.In.Consume(len(in))
	return nil
}

// send sends the datagram in stage, with its header.
func (b *UDPSink[T]) send() {
	if b.hdr > 0 {
		b.seq++
		binary.NativeEndian.PutUint64(b.stage, b.seq)
		if b.header == UDPHeaderSeqNumSize {
			binary.NativeEndian.PutUint16(b.stage[8:], uint16(len(b.stage)))
		}
	}
	if _, err := b.conn.WriteToUDPAddrPort(b.stage[:b.hdr+b.fill], b.dest); err != nil {
		b.dropped.Add(1)
	} else {
		b.sent.Add(1)
	}
	b.fill = 0
}

// Deinit sends the end-of-stream datagrams (send_eof) and closes the
// socket.
func (b *UDPSink[T]) Deinit() error {
	if b.conn == nil {
		return nil
	}
	if b.sendEOF {
		b.conn.SetWriteDeadline(time.Now().Add(netPoll))
		for range 3 {
			b.conn.WriteToUDPAddrPort(nil, b.dest)
		}
	}
	err := b.conn.Close()
	b.conn = nil
	if err != nil {
		return fmt.Errorf("udp_sink: %w", err)
	}
	return nil
}

// udpSinkSpec is the registry entry of udp_sink.
func udpSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "udp_sink",
		Doc: "sends raw items (host byte order) in UDP datagrams with GNU Radio's optional sequence header (GNU Radio network.udp_sink)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "address", Type: registry.ParamString, Default: "127.0.0.1:2000", Doc: "host:port to send to"},
			{Name: "header", Type: registry.ParamString, Default: UDPHeaderNone, Allowed: []string{UDPHeaderNone, UDPHeaderSeqNum, UDPHeaderSeqNumSize},
				Doc: "none, seqnum (64-bit sequence number) or seqnum_size (sequence number and datagram size, 16 bytes), as GNU Radio's"},
			{Name: "payload_size", Type: registry.ParamInt, Default: UDPDefaultPayload, Unit: "bytes", Min: registry.Bound(1), Max: registry.Bound(udpMaxPayload),
				Doc: "bytes per datagram, header included; a whole number of items after the header"},
			{Name: "send_eof", Type: registry.ParamBool, Default: true, Doc: "send three empty datagrams when the block ends (ends a udp_source's stream)"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, sourcesAll(udpSinkFrom[float32], udpSinkFrom[complex64],
				udpSinkFrom[int8], udpSinkFrom[uint8], udpSinkFrom[int16]))
		},
	}
}

func udpSinkFrom[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewUDPSink[T](p.String("address"), p.String("header"), p.Int("payload_size"), p.Bool("send_eof")))
}
