package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// rtlTCPChunk is the most complex64 samples converted at a time.
const rtlTCPChunk = 1 << 15

// rtlTCPMaxPending bounds the commands waiting to be posted: beyond, the
// oldest are dropped (a client that floods the sink).
const rtlTCPMaxPending = 1024

// RTLTCPSink is an rtl_tcp server fed by the graph: any rtl_tcp client
// (gr-osmosdr's rtl_tcp=host:port, SDR#, GQRX, SDR++, an RTLTCPSource)
// connects to it and receives the input's samples as if from an RTL-SDR
// dongle, as unsigned 8-bit interleaved I/Q after the 12-byte rtl_tcp
// header.
//
// # Stream Inputs
//
// In: the samples: complex64, converted to 8 bits as the inverse of
// gr-osmosdr's scaling, round(x·128 + 127.4) for each of I and Q, clipped
// to 0..255 (so that an RTLTCPSource reads back each value within 1/256);
// or uint8, interleaved I/Q bytes sent as they are (a trailing lone byte at
// the end of the stream is dropped).
//
// # Message Outputs
//
// commands: one message per command a client sends, a map from the name of
// the matching rtl_tcp_source parameter to its value ({"frequency": 1e8},
// {"sample_rate": 2.048e6}, {"gain": 19.7}, {"gain_mode": "manual"},
// {"agc": false}, {"ppm": -3}, ...; see RTLTCPCommand). Connect it to a
// block's set input to follow the client (a signal_source's frequency). It
// is posted by the next Work call, when samples flow; unconnected, it costs
// nothing.
//
// # Parameters
//
//   - address: where to listen, host:port (port 0 picks a free port: see
//     Addr).
//   - tuner_type and gain_count: what the header announces (default an
//     R820T, 5, with its 29 gains); clients use them to offer gains.
//   - wait: while no client is connected, keep the samples (true, the
//     default: the graph waits, nothing is lost) or drop them (false, as a
//     dongle's samples are lost while rtl_tcp has no client; counted,
//     DroppedSamples).
//
// The sink serves one client at a time, as rtl_tcp does: when it goes, the
// next one is served, from the next whole sample. A client that connects
// meanwhile waits, connected, without its header. The commands are not
// applied to anything (there is no dongle): each is counted, its last
// parameter kept (LastCommand) and posted as a message; none is an error.
//
// # Waiting
//
// Work waits for the socket at most 50 ms at a time (a client that does
// not read holds the graph back, by TCP's flow control), so the graph's
// cancellation ends a wait at once.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	snk, err := blocks.NewRTLTCPSink[complex64]("127.0.0.1:1234", blocks.RTLTunerR820T, 29, true)
//	if err != nil { ... }
//	g.Add("rtl_tcp", snk)
//	flowgraph.Connect(g, &thr.Out, &snk.In)
//	// then: rtl_tcp clients connect to 127.0.0.1:1234
type RTLTCPSink[T complex64 | uint8] struct {
	In       block.In[T]
	Commands block.MsgOut

	s      netSender
	header []byte
	bytes  []byte // complex64 converted to bytes

	client  *rtlTCPClient
	readers sync.WaitGroup

	mu      sync.Mutex
	pending []pmt.Value // commands to post
	count   atomic.Uint64
	last    [256]atomic.Uint64 // 1<<32 | param of the last command of each byte; 0: none yet
}

// rtlTCPClient is the state of the client being served, shared with its
// command reader.
type rtlTCPClient struct {
	gone atomic.Bool   // the reader saw the connection end
	done chan struct{} // closed when the reader returns
}

// NewRTLTCPSink returns an rtl_tcp server listening on address, announcing
// a tuner of type tuner with gains gains.
func NewRTLTCPSink[T complex64 | uint8](address string, tuner, gains uint32, wait bool) (*RTLTCPSink[T], error) {
	if _, _, err := net.SplitHostPort(address); err != nil {
		return nil, netBadParam("rtl_tcp_sink", "address %q: %v", address, err)
	}
	b := &RTLTCPSink[T]{header: rtlTCPHeader(tuner, gains)}
	if _, bytes := any(&b.In).(*block.In[uint8]); bytes {
		// Samples are pairs of items: the scheduler ends the block when
		// a lone byte is left at the end of the stream.
		b.In.SetMinItems(2)
	}
	b.s = netSender{netStream: netStream{id: "rtl_tcp_sink", server: true, address: address}, unit: 2, wait: wait,
		onConnect: b.connected, gone: func() bool { return b.client != nil && b.client.gone.Load() },
		closing: b.closing}
	return b, nil
}

// Addr returns the address the server listens on, nil before Init. Safe
// from any goroutine.
func (b *RTLTCPSink[T]) Addr() net.Addr { return b.s.Addr() }

// Connections returns the number of clients served so far.
func (b *RTLTCPSink[T]) Connections() uint64 { return b.s.peers.Load() }

// DroppedSamples returns the samples dropped while no client was connected
// (wait false) or cut off when a client went.
func (b *RTLTCPSink[T]) DroppedSamples() uint64 { return b.s.dropped.Load() }

// CommandCount returns the number of commands received from clients.
func (b *RTLTCPSink[T]) CommandCount() uint64 { return b.count.Load() }

// LastCommand returns the parameter of the last command c received, and
// whether one was. Safe from any goroutine.
func (b *RTLTCPSink[T]) LastCommand(c RTLTCPCommand) (param uint32, ok bool) {
	v := b.last[c].Load()
	return uint32(v), v != 0
}

// Init listens.
func (b *RTLTCPSink[T]) Init(ctx context.Context) error { return b.s.open(ctx, false) }

// connected sends the header to a new client and starts reading its
// commands.
func (b *RTLTCPSink[T]) connected(c net.Conn) error {
	c.SetWriteDeadline(time.Now().Add(netPoll))
	if _, err := c.Write(b.header); err != nil {
		return err
	}
	cl := &rtlTCPClient{done: make(chan struct{})}
	b.client = cl
	b.readers.Go(func() { b.readCommands(c, cl) })
	return nil
}

// readCommands reads the commands of a client until it goes or the
// connection is closed.
func (b *RTLTCPSink[T]) readCommands(c net.Conn, cl *rtlTCPClient) {
	defer close(cl.done)
	defer cl.gone.Store(true)
	var cmd [5]byte
	for {
		if _, err := io.ReadFull(c, cmd[:]); err != nil {
			return
		}
		op, param := RTLTCPCommand(cmd[0]), binary.BigEndian.Uint32(cmd[1:])
		b.last[op].Store(1<<32 | uint64(param))
		b.count.Add(1)
		b.mu.Lock()
		if len(b.pending) == rtlTCPMaxPending {
			b.pending = b.pending[1:]
		}
		b.pending = append(b.pending, rtlTCPMessage(op, param))
		b.mu.Unlock()
	}
}

// closing lets the command reader take the commands a client sent before
// it went (a write fails as soon as the client has gone, when its last
// commands may not have been read yet): the reader ends by itself, the
// client having gone, at most netPoll later.
func (b *RTLTCPSink[T]) closing() {
	if b.client == nil {
		return
	}
	t := time.NewTimer(netPoll)
	defer t.Stop()
	select {
	case <-b.client.done:
	case <-t.C:
	}
}

// Work implements block.Block.
func (b *RTLTCPSink[T]) Work(io *block.IO) error {
	if b.s.ctx == nil {
		return errors.New("rtl_tcp_sink: not initialized")
	}
	b.post()
	in := b.In.Slice()
	var p []byte
	per := 1 // items per sample
	switch v := any(in).(type) {
	case []uint8:
		p, per = v[:len(v)&^1], 2
	case []complex64:
		v = v[:min(len(v), rtlTCPChunk)]
		if b.bytes == nil {
			b.bytes = make([]byte, 2*rtlTCPChunk)
		}
		p = b.bytes[:2*len(v)]
		rtlTCPBytes(p, v)
	}
	if len(p) == 0 {
		return b.In.Idle() // (a lone byte left at the end: see the constructor)
	}
	n, err := b.s.send(io.Context(), p)
	if err != nil {
		return fmt.Errorf("rtl_tcp_sink: %w", err)
	}
	b.In.Consume(n * per)
	if n == 0 {
		io.WakeAt(time.Now())
	}
	return nil
}

// post posts the commands received since the last call.
func (b *RTLTCPSink[T]) post() {
	b.mu.Lock()
	msgs := b.pending
	b.pending = nil
	b.mu.Unlock()
	for _, m := range msgs {
		b.Commands.Post(m)
	}
}

// rtlTCPBytes converts samples to unsigned 8-bit I/Q, the inverse of
// gr-osmosdr's (x − 127.4) / 128.
func rtlTCPBytes(dst []byte, src []complex64) {
	for i, v := range src {
		dst[2*i] = rtlTCPByte(real(v))
		dst[2*i+1] = rtlTCPByte(imag(v))
	}
}

func rtlTCPByte(x float32) byte {
	y := float32(math.Floor(float64(x*128 + 127.4 + 0.5)))
	switch {
	case y >= 255:
		return 255
	case y > 0:
		return byte(y)
	}
	return 0 // and NaN
}

// Deinit closes the connection and the listener and waits for the command
// reader.
func (b *RTLTCPSink[T]) Deinit() error {
	err := b.s.close()
	b.readers.Wait()
	b.client = nil
	return netCloseErr("rtl_tcp_sink", err)
}

// rtlTCPSinkSpec is the registry entry of rtl_tcp_sink.
func rtlTCPSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "rtl_tcp_sink",
		Doc: "rtl_tcp server: sends its input as 8-bit I/Q to any rtl_tcp client; posts the clients' commands as messages",
		Params: []registry.Param{typeParam(TypeComplex64, TypeComplex64, TypeUint8),
			{Name: "address", Type: registry.ParamString, Default: "127.0.0.1:1234", Doc: "host:port to listen on"},
			{Name: "tuner_type", Type: registry.ParamInt, Default: RTLTunerR820T, Min: registry.Bound(0), Max: registry.Bound(math.MaxUint32),
				Doc: "tuner type in the header (1 E4000, 2 FC0012, 3 FC0013, 4 FC2580, 5 R820T, 6 R828D)"},
			{Name: "gain_count", Type: registry.ParamInt, Default: 29, Min: registry.Bound(0), Max: registry.Bound(math.MaxUint32),
				Doc: "number of tuner gains in the header"},
			{Name: "wait", Type: registry.ParamBool, Default: true, Doc: "keep the samples while no client is connected (false: drop them)"}},
		New: func(p registry.Params) (block.Block, error) {
			tuner, gains := uint32(p.Int("tuner_type")), uint32(p.Int("gain_count"))
			if p.String("type") == TypeUint8 {
				return asBlock(NewRTLTCPSink[uint8](p.String("address"), tuner, gains, p.Bool("wait")))
			}
			return asBlock(NewRTLTCPSink[complex64](p.String("address"), tuner, gains, p.Bool("wait")))
		},
	}
}
