package blocks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// The zmq_* blocks speak gr-zeromq's wire format (blocks/internal/grzmq):
// a stream message is one ZeroMQ message of whole items in host byte
// order, [key][payload] with a PUB key, the payload led by GNU Radio's tag
// header with pass_tags; a message block sends one serialized PMT
// (pmt.Serialize) per ZeroMQ message.

// ZMQOptions are the settings the zmq_* blocks share besides the address
// and whether to bind; the zero value is GNU Radio's defaults.
type ZMQOptions struct {
	// PassTags sends the stream's tags in a header before the items of
	// each message (sinks), or expects the header and turns it back into
	// tags (sources). Both ends must agree.
	PassTags bool
	// HWM is the high-water mark: the most messages queued for sending (per
	// subscriber for PUB) or received and not yet output. 0 or less: 1000,
	// libzmq's default.
	HWM int
	// Timeout is how long one Work call waits: a PUB for room (with
	// BlockOnHWM), a REQ for a peer and its reply, a REP for a request
	// (GNU Radio's timeout). 0: 100 ms. The PUSH sink and the PULL and SUB
	// sources never wait in Work (their socket wakes them), and ignore it.
	Timeout time.Duration
	// VLen is the items of one GNU Radio vector item (its vlen): messages
	// carry whole vectors and tag offsets count vectors. 0: 1.
	VLen int
	// Key is the topic of a PUB sink, sent as a first message part, and
	// the prefix a SUB source subscribes to ("" for everything).
	Key string
	// BlockOnHWM makes a PUB sink wait for a slow subscriber instead of
	// dropping its messages (GNU Radio's drop_on_hwm false).
	BlockOnHWM bool
	// EOS marks the end of the stream, flowrun's own extension (GNU Radio
	// neither sends nor expects it, so it is off by default): a PUSH sink
	// whose input ended sends an empty message after its last items, and
	// a PULL source that receives one outputs what it holds and finishes,
	// ending its graph's stream as a local connection would. A graph split
	// over hosts turns it on for every connection between hosts.
	EOS bool
}

// ZMQStats are the counters of a zmq_* block, safe to read while the graph runs.
type ZMQStats struct {
	Messages    uint64 // ZeroMQ messages sent (sinks) or received and used (sources)
	Items       uint64 // stream items sent or received
	BadMessages uint64 // dropped: received ones not of whole items, with a bad tag header or PMT; values that do not serialize
	TagsDropped uint64 // tags not carried: a value no PMT represents, an offset outside its message
	Dropped     uint64 // PUB: messages dropped for a subscriber at the high-water mark
	Peers       int    // connected peers now
	Connects    uint64 // connections made to peers
	Disconnects uint64 // connections lost or refused
}

// zmqDefaultTimeout is GNU Radio's default timeout.
const zmqDefaultTimeout = 100 * time.Millisecond

// zmqLinger is how long a sink that finished waits for its queued
// messages to be written before closing (GNU Radio's ZMQ_LINGER).
const zmqLinger = time.Second

// zmqMaxMessageBytes bounds the items of one message a stream sink sends.
const zmqMaxMessageBytes = 4 << 20

// zmqBase is what every zmq_* block holds: its socket and counters.
type zmqBase struct {
	id   string // the registry id, for errors and logs
	sock grzmq.Options
	opt  ZMQOptions
	s    *grzmq.Socket
	ctx  context.Context

	mu      sync.Mutex // guards s for Stats
	msgs    atomic.Uint64
	items   atomic.Uint64
	bad     atomic.Uint64
	tagDrop atomic.Uint64
	logged  atomic.Int64 // unix nanoseconds of the last bad-message log line
	wake    atomic.Pointer[block.Waker]
}

// takeWaker takes the block's Waker on the first Work call, for the
// socket's goroutines to wake Work (wakeUp) instead of Work waiting.
func (b *zmqBase) takeWaker(io *block.IO) {
	if b.wake.Load() == nil {
		w := io.Waker()
		b.wake.Store(&w)
	}
}

// wakeUp wakes Work, once it has taken its Waker: the socket's Ready and
// Sent hooks.
func (b *zmqBase) wakeUp() {
	if w := b.wake.Load(); w != nil {
		w.Wake()
	}
}

// setup checks the settings of block id and fills in their defaults.
func (b *zmqBase) setup(id string, kind grzmq.Kind, address string, bind bool, o ZMQOptions) error {
	if _, _, err := grzmq.SplitEndpoint(address); err != nil {
		return fmt.Errorf("%w: %s: %v", block.ErrBadParam, id, err)
	}
	if o.Timeout < 0 || o.VLen < 0 {
		return fmt.Errorf("%w: %s: timeout %v and vlen %d must be >= 0", block.ErrBadParam, id, o.Timeout, o.VLen)
	}
	if o.Timeout == 0 {
		o.Timeout = zmqDefaultTimeout
	}
	if o.VLen == 0 {
		o.VLen = 1
	}
	if o.HWM < 0 {
		o.HWM = 0
	}
	if kind != grzmq.Pub && kind != grzmq.Sub {
		o.Key = ""
	}
	b.id, b.opt = id, o
	b.sock = grzmq.Options{Kind: kind, Endpoint: address, Bind: bind, HWM: o.HWM, Subscribe: o.Key, Block: o.BlockOnHWM,
		Ready: b.wakeUp} // for the blocks that take their Waker
	return nil
}

// Init binds or starts connecting the socket.
func (b *zmqBase) Init(ctx context.Context) error {
	s, err := grzmq.Open(b.sock)
	if err != nil {
		return fmt.Errorf("%s: %w", b.id, err)
	}
	b.mu.Lock()
	b.s, b.ctx = s, ctx
	b.mu.Unlock()
	return nil
}

// Deinit closes the socket; a block that finished (rather than stopped
// with its graph) first gives its queued messages zmqLinger to go out.
func (b *zmqBase) Deinit() error {
	b.mu.Lock()
	s := b.s
	b.mu.Unlock()
	if s == nil {
		return nil
	}
	if b.ctx.Err() == nil {
		s.Flush(zmqLinger)
	}
	return s.Close()
}

// Stats returns the block's counters.
func (b *zmqBase) Stats() ZMQStats {
	st := ZMQStats{Messages: b.msgs.Load(), Items: b.items.Load(), BadMessages: b.bad.Load(), TagsDropped: b.tagDrop.Load()}
	b.mu.Lock()
	s := b.s
	b.mu.Unlock()
	if s != nil {
		ss := s.Stats()
		st.Dropped, st.Peers, st.Connects, st.Disconnects = ss.Dropped, ss.Peers, ss.Connects, ss.Disconnects
	}
	return st
}

// Addr returns the address a binding block listens on, with the port the
// system chose for port 0 ("tcp://127.0.0.1:0"); "" before Init or for a
// connecting block.
func (b *zmqBase) Addr() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.s == nil || b.s.Addr() == nil {
		return ""
	}
	a := b.s.Addr()
	if a.Network() == "unix" {
		return "ipc://" + a.String()
	}
	return "tcp://" + a.String()
}

// badMessage counts a message dropped and logs it, at most once a second.
func (b *zmqBase) badMessage(err error) {
	n := b.bad.Add(1)
	now := time.Now().UnixNano()
	if last := b.logged.Load(); now-last >= int64(time.Second) && b.logged.CompareAndSwap(last, now) {
		slog.Warn("zmq: message dropped", "block", b.id, "error", err, "dropped", n)
	}
}

// zmqGiveWay reports whether err from a wait is no failure: the wait ran
// out, or the graph stops.
func zmqGiveWay(err error) bool {
	return errors.Is(err, grzmq.ErrTimeout) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, grzmq.ErrClosed)
}

// zmqSink is the sending half of the stream sinks.
type zmqSink[T sourcesItem] struct {
	zmqBase
	In    block.In[T]
	buf   []grzmq.Tag
	check []byte
	free  chan []byte // payloads written, for reuse (fresh memory costs page faults)

	// A PUSH sink sends its items straight from the input (tailWork):
	// the messages in flight, whose items are consumed once written.
	fmu      sync.Mutex
	flights  []zmqFlight // in send order; under fmu
	inflight int         // items of flights; the block's goroutine's
	hdrs     [][]byte    // header buffers of finished flights, for reuse
}

// zmqFlight is a message a PUSH sink sent without copying its items.
type zmqFlight struct {
	n    int    // items
	data *byte  // the first byte of its items, which names it in Sent
	hdr  []byte // its tag header (the message's part)
	done bool   // written, or lost with a peer
}

// zmqInFlight bounds the messages a PUSH sink has in flight: with two, one
// is written while the next waits in the queue.
const zmqInFlight = 2

// zmqFreePayloads is how many written payloads a sink keeps for reuse.
const zmqFreePayloads = 4

// reuse makes the socket return written payloads to the sink.
func (b *zmqSink[T]) reuse() {
	b.free = make(chan []byte, zmqFreePayloads)
	b.sock.Sent = func(parts [][]byte, _ []byte) {
		select {
		case b.free <- parts[len(parts)-1][:0]:
		default:
		}
	}
}

// alloc returns an empty payload buffer of at least n bytes.
func (b *zmqSink[T]) alloc(n int) []byte {
	for {
		select {
		case p := <-b.free:
			if cap(p) >= n {
				return p
			}
			continue // too small: let it go
		default:
		}
		return make([]byte, 0, n)
	}
}

// ready returns the items of the input a message may carry now: whole
// vectors, at most limit of them, and whether the input ended.
func (b *zmqSink[T]) ready(limit int) (n int, ended bool) {
	in := b.In.Slice()
	v := b.opt.VLen
	var zero T
	n = min(len(in)/v, limit, max(1, zmqMaxMessageBytes/(v*int(unsafe.Sizeof(zero))))) * v
	return n, n == 0 && b.In.Ended()
}

// payload returns the message body of the first n items of the input:
// the tag header with PassTags, then the items.
func (b *zmqSink[T]) payload(n int) []byte {
	items := sourcesBytes(b.In.Slice()[:n])
	if !b.opt.PassTags {
		return append(b.alloc(len(items)), items...)
	}
	msg := b.header(b.alloc(grzmq.HeaderLen+len(items)+64*len(b.In.Tags())), 0, n)
	return append(msg, items...)
}

// header appends to dst the tag header of the n input items from item
// skip on: their tags as gr-zeromq writes them.
func (b *zmqSink[T]) header(dst []byte, skip, n int) []byte {
	from, v := b.In.Offset(), uint64(b.opt.VLen)
	lo, hi := from+uint64(skip), from+uint64(skip+n)
	b.buf = b.buf[:0]
	for _, t := range b.In.Tags() {
		if t.Offset < lo {
			continue
		}
		if t.Offset >= hi {
			break
		}
		val, err := pmt.FromAny(t.Value)
		if err != nil {
			b.tagDrop.Add(1)
			continue
		}
		gt := grzmq.Tag{Offset: t.Offset / v, Key: pmt.String(t.Key), Value: val, SrcID: pmt.Bool(false)}
		// A tag that does not serialize (a key of 64 KiB) is dropped alone.
		if _, err := grzmq.AppendHeader(b.check[:0], 0, []grzmq.Tag{gt}); err != nil {
			b.tagDrop.Add(1)
			continue
		}
		b.buf = append(b.buf, gt)
	}
	dst, _ = grzmq.AppendHeader(dst, lo/v, b.buf)
	return dst
}

// sent counts a message of n items and consumes them.
func (b *zmqSink[T]) sent(n int) {
	b.In.Consume(n)
	b.msgs.Add(1)
	b.items.Add(uint64(n))
}

// pushWork is the Work of the sinks that send what they have (PUSH, PUB):
// one message of the items available, waiting up to the timeout for room.
func (b *zmqSink[T]) pushWork(io *block.IO, key []byte) error {
	n, ended := b.ready(int(^uint(0) >> 1))
	if ended && b.opt.EOS {
		// The end-of-stream mark: an empty message, after the items.
		err := b.s.Send(io.Context(), b.opt.Timeout, []byte{})
		if zmqGiveWay(err) {
			io.WakeAt(time.Now()) // no room or no peer yet: try again
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", b.id, err)
		}
		return block.ErrDone
	}
	if ended {
		return block.ErrDone
	}
	if n == 0 {
		return nil
	}
	parts := [][]byte{b.payload(n)}
	if key != nil {
		parts = [][]byte{key, parts[0]}
	}
	err := b.s.Send(io.Context(), b.opt.Timeout, parts...)
	if zmqGiveWay(err) {
		select {
		case b.free <- parts[len(parts)-1][:0]:
		default:
		}
		io.WakeAt(time.Now()) // no room within the timeout: try again
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", b.id, err)
	}
	b.sent(n)
	return nil
}

// sendInPlace makes a PUSH sink send its items without copying them
// (tailWork): the socket reports each message written, and wakes Work.
func (b *zmqSink[T]) sendInPlace() {
	b.sock.Sent = func(_ [][]byte, tail []byte) {
		b.fmu.Lock()
		for i := range b.flights {
			if f := &b.flights[i]; f.data == unsafe.SliceData(tail) && !f.done {
				f.done = true
				break
			}
		}
		b.fmu.Unlock()
		b.wakeUp()
	}
	b.sock.Ready = b.wakeUp
}

// tailWork is the Work of a PUSH sink: each message's items go from the
// input buffer to the connection with no copy (grzmq's SendTail), and are
// consumed once written; Work never waits, the socket wakes it when a
// message is written, room is made or a peer comes.
func (b *zmqSink[T]) tailWork(io *block.IO) error {
	b.takeWaker(io)
	// The messages written, in order: their items can go.
	b.fmu.Lock()
	k, m := 0, 0
	for m < len(b.flights) && b.flights[m].done {
		k += b.flights[m].n
		b.hdrs = append(b.hdrs, b.flights[m].hdr[:0])
		m++
	}
	b.flights = append(b.flights[:0], b.flights[m:]...)
	b.fmu.Unlock()
	if k > 0 {
		b.In.Consume(k)
		b.inflight -= k
		b.msgs.Add(uint64(m))
		b.items.Add(uint64(k))
	}
	for len(b.flights) < zmqInFlight {
		in := b.In.Slice()[b.inflight:]
		v := b.opt.VLen
		var zero T
		n := min(len(in)/v, max(1, zmqMaxMessageBytes/(v*int(unsafe.Sizeof(zero))))) * v
		if n == 0 {
			if b.inflight > 0 || !b.In.Ended() {
				return nil // woken when a message is written or items come
			}
			if !b.opt.EOS {
				return block.ErrDone
			}
			// The end-of-stream mark: an empty message, after the items.
			if err := b.s.Send(io.Context(), 0, []byte{}); zmqGiveWay(err) {
				return nil // no room or no peer yet: woken when there is
			} else if err != nil {
				return fmt.Errorf("%s: %w", b.id, err)
			}
			return block.ErrDone
		}
		var hdr []byte
		if l := len(b.hdrs); l > 0 {
			hdr, b.hdrs = b.hdrs[l-1], b.hdrs[:l-1]
		}
		if b.opt.PassTags {
			hdr = b.header(hdr, b.inflight, n)
		}
		items := sourcesBytes(in[:n])
		b.fmu.Lock() // before the writer can report it
		b.flights = append(b.flights, zmqFlight{n: n, data: unsafe.SliceData(items), hdr: hdr})
		b.fmu.Unlock()
		if err := b.s.SendTail(io.Context(), 0, items, hdr); err != nil {
			b.fmu.Lock()
			b.flights = b.flights[:len(b.flights)-1]
			b.fmu.Unlock()
			b.hdrs = append(b.hdrs, hdr[:0])
			if zmqGiveWay(err) {
				return nil // no room or no peer yet: woken when there is
			}
			return fmt.Errorf("%s: %w", b.id, err)
		}
		b.inflight += n
	}
	return nil
}

// zmqSource is the receiving half of the stream sources.
type zmqSource[T sourcesItem] struct {
	zmqBase
	Out   block.Out[T]
	msg   []byte       // the items of the message being output
	raw   []byte       // the part msg is in, recycled once msg is out
	taken int          // items of msg output so far
	tags  []buffer.Tag // msg's tags, offsets from its first item
	out   []buffer.Tag
	eos   bool // the end-of-stream mark came (ZMQOptions.EOS)
	waits bool // Work waits for a message (REQ); otherwise the socket wakes it
}

func (b *zmqSource[T]) init() { b.Out.SetMultiple(b.opt.VLen) }

// load takes a received message: its payload, after the key with a SUB
// and the tag header with PassTags, if it holds whole vectors.
func (b *zmqSource[T]) load(parts [][]byte) {
	var zero T
	size := int(unsafe.Sizeof(zero)) * b.opt.VLen
	var p []byte
	switch {
	case len(parts) == 1 && b.opt.Key == "":
		p = parts[0]
	case len(parts) == 2: // [key][payload]
		p = parts[1]
	default:
		b.badMessage(fmt.Errorf("a message of %d parts (key %q)", len(parts), b.opt.Key))
		return
	}
	if len(p) == 0 && b.opt.EOS {
		b.eos = true // the sender's stream ended
		return
	}
	raw := p
	var tags []grzmq.Tag
	var first uint64
	if b.opt.PassTags {
		var n int
		var err error
		if first, tags, n, err = grzmq.ParseHeader(p); err != nil {
			b.badMessage(err)
			b.s.Recycle(raw)
			return
		}
		p = p[n:]
	}
	if len(p)%size != 0 {
		b.badMessage(fmt.Errorf("%d bytes: not a whole number of %d-byte items", len(p), size))
		b.s.Recycle(raw)
		return
	}
	nvec := uint64(len(p) / size)
	b.tags = b.tags[:0]
	for _, t := range tags {
		rel := t.Offset - first
		if rel >= nvec {
			b.tagDrop.Add(1) // GNU Radio drops these silently
			continue
		}
		key, ok := t.Key.Str()
		if !ok {
			key = t.Key.String()
		}
		b.tags = append(b.tags, buffer.Tag{Offset: rel * uint64(b.opt.VLen), Key: key, Value: t.Value.Any()})
	}
	b.msg, b.raw, b.taken = p, raw, 0
	b.msgs.Add(1)
}

// work fills the output from the messages get returns: the one in hand,
// then those waiting; a REQ (waits) waits for one up to the timeout only
// if nothing came yet, the others never wait and are woken by the socket.
// get is given the room left, in items.
func (b *zmqSource[T]) work(io *block.IO, get func(ctx context.Context, wait time.Duration, room int) ([][]byte, error)) error {
	if !b.waits {
		b.takeWaker(io)
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil // full: woken when room is made
	}
	var zero T
	size := int(unsafe.Sizeof(zero))
	base := b.Out.Offset()
	b.out = b.out[:0]
	n := 0
	for n < len(out) {
		left := len(b.msg)/size - b.taken
		if left == 0 && b.eos {
			break
		}
		if left == 0 {
			wait := time.Duration(0)
			if b.waits {
				wait = b.opt.Timeout
				if n > 0 {
					wait = 0
				}
			}
			parts, err := get(io.Context(), wait, len(out)-n)
			if zmqGiveWay(err) {
				break
			}
			if err != nil {
				return fmt.Errorf("%s: %w", b.id, err)
			}
			b.load(parts)
			continue
		}
		k := min(left, len(out)-n)
		copy(sourcesBytes(out[n:n+k]), b.msg[b.taken*size:])
		for _, t := range b.tags {
			if rel := t.Offset - uint64(b.taken); rel < uint64(k) {
				t.Offset = base + uint64(n) + rel
				b.out = append(b.out, t)
			}
		}
		b.taken += k
		n += k
		if b.taken*size == len(b.msg) {
			b.s.Recycle(b.raw)
			b.msg, b.raw, b.taken = nil, nil, 0
		}
	}
	b.Out.Produce(n, b.out...)
	b.items.Add(uint64(n))
	if b.eos && b.msg == nil {
		return block.ErrDone // what came before the mark is out
	}
	if n == 0 && b.waits {
		io.WakeAt(time.Now()) // Work waited the timeout: wait again
	}
	return nil // woken (wakeUp) when a message comes
}

// zmqMsgSink is the sending half of the message sinks.
type zmqMsgSink struct {
	zmqBase
	In block.MsgIn
}

// handle sends v, serialized, waiting for room as long as the graph runs.
func (b *zmqMsgSink) handle(v pmt.Value) error {
	p, err := pmt.Serialize(v)
	if err != nil {
		b.badMessage(err)
		return nil
	}
	if err := b.s.Send(b.ctx, -1, p); err != nil {
		if zmqGiveWay(err) {
			return nil
		}
		return fmt.Errorf("%s: %w", b.id, err)
	}
	b.msgs.Add(1)
	return nil
}

// Work does nothing: the block lives in its handler.
func (b *zmqMsgSink) Work(*block.IO) error { return nil }

// zmqMsgSource is the receiving half of the message sources.
type zmqMsgSource struct {
	zmqBase
	Out block.MsgOut
}

// zmqMsgBatch bounds the messages one Work call of a message source posts.
const zmqMsgBatch = 64

// Work posts the messages received, never waiting: the socket wakes it
// when one comes.
func (b *zmqMsgSource) Work(io *block.IO) error {
	b.takeWaker(io)
	for range zmqMsgBatch {
		parts, err := b.s.Recv(io.Context(), 0)
		if zmqGiveWay(err) {
			return nil // woken when a message comes
		}
		if err != nil {
			return fmt.Errorf("%s: %w", b.id, err)
		}
		if len(parts) != 1 {
			b.badMessage(fmt.Errorf("a message of %d parts", len(parts)))
			continue
		}
		v, n, err := pmt.Deserialize(parts[0])
		if err == nil && n != len(parts[0]) {
			err = fmt.Errorf("%d bytes after the PMT", len(parts[0])-n)
		}
		if err != nil {
			b.badMessage(err)
			continue
		}
		b.msgs.Add(1)
		b.Out.Post(v)
	}
	return nil // called again at once: messages were posted
}

// zmqParams are the parameters of the zmq_* blocks: stream ones (with
// type, pass_tags and vlen) or message ones; bind defaults to bind.
func zmqParams(stream, bind bool, extra ...registry.Param) []registry.Param {
	var ps []registry.Param
	if stream {
		ps = append(ps, typeParam(TypeComplex64))
	}
	ps = append(ps,
		registry.Param{Name: "address", Type: registry.ParamString,
			Doc: "ZeroMQ endpoint: tcp://host:port (tcp://*:port binds every interface) or ipc://path"},
		registry.Param{Name: "bind", Type: registry.ParamBool, Default: bind,
			Doc: "listen on address; false connects to it (and reconnects after the peer restarts)"},
		registry.Param{Name: "timeout", Type: registry.ParamFloat, Default: 100.0, Unit: "ms", Min: registry.Bound(1), Max: registry.Bound(60e3),
			Doc: "how long one Work call waits (REQ, REP, a blocking PUB; the others are woken by their socket and ignore it)"},
		registry.Param{Name: "hwm", Type: registry.ParamInt, Default: -1, Min: registry.Bound(-1), Max: registry.Bound(1 << 20), Unit: "messages",
			Doc: "high-water mark: messages queued each way; -1 or 0 for libzmq's default, 1000"},
	)
	if stream {
		ps = append(ps,
			registry.Param{Name: "pass_tags", Type: registry.ParamBool, Default: false,
				Doc: "carry the stream's tags in gr-zeromq's header (both ends must agree)"},
			registry.Param{Name: "vlen", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(maxRun),
				Doc: "items per GNU Radio vector item: messages hold whole vectors, tag offsets count vectors"})
	}
	return append(ps, extra...)
}

// zmqOptionsFrom reads the ZMQOptions of p.
func zmqOptionsFrom(p registry.Params) ZMQOptions {
	o := ZMQOptions{HWM: p.Int("hwm"), Timeout: time.Duration(p.Float("timeout") * float64(time.Millisecond))}
	if _, ok := p["pass_tags"]; ok {
		o.PassTags, o.VLen = p.Bool("pass_tags"), p.Int("vlen")
	}
	if _, ok := p["key"]; ok {
		o.Key = p.String("key")
	}
	if _, ok := p["drop_on_hwm"]; ok {
		o.BlockOnHWM = !p.Bool("drop_on_hwm")
	}
	if _, ok := p["eos"]; ok {
		o.EOS = p.Bool("eos")
	}
	return o
}

// zmqEOSParam is the eos parameter of zmq_push_sink and zmq_pull_source.
var zmqEOSParam = registry.Param{Name: "eos", Type: registry.ParamBool, Default: false,
	Doc: "mark the end of the stream with an empty message (flowrun's extension; GNU Radio neither sends nor expects it)"}

// zmqKeyParam is the key parameter of zmq_pub_sink and zmq_sub_source.
var zmqKeyParam = registry.Param{Name: "key", Type: registry.ParamString, Default: "",
	Doc: "topic: sent as the first part of each message (pub), the prefix subscribed to (sub, \"\" for all)"}

// zmqStreamSpec is the registry entry of a stream zmq_* block.
func zmqStreamSpec(id, doc string, bind bool, ctors map[string]sourcesCtor, extra ...registry.Param) registry.Spec {
	return registry.Spec{ID: id, Doc: doc, Params: zmqParams(true, bind, extra...),
		New: func(p registry.Params) (block.Block, error) { return byType(p, ctors) }}
}
