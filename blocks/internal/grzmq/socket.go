package grzmq

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
)

// Kind is a ZeroMQ socket type.
type Kind int

// The socket types gr-zeromq uses.
const (
	Push Kind = iota
	Pull
	Pub
	Sub
	Req
	Rep
)

func (k Kind) String() string { return string(k.zmtp()) }

func (k Kind) zmtp() zmq4.SocketType {
	return [...]zmq4.SocketType{zmq4.Push, zmq4.Pull, zmq4.Pub, zmq4.Sub, zmq4.Req, zmq4.Rep}[k]
}

// Defaults of Options.
const (
	// DefaultHWM is libzmq's high-water mark: messages queued per
	// direction (per peer for PUB).
	DefaultHWM = 1000
	// DefaultMaxMessage bounds the bytes of one received message, all its
	// parts; a peer that sends more is disconnected.
	DefaultMaxMessage = 64 << 20
	// ReconnectInterval is how long a connecting socket waits between
	// attempts, libzmq's default.
	ReconnectInterval = 100 * time.Millisecond
	// handshakeTimeout bounds the ZMTP greeting and handshake of a new
	// connection.
	handshakeTimeout = 5 * time.Second
	// maxTopics bounds the subscriptions a PUB keeps per peer.
	maxTopics = 1024
)

// Errors of Send and Recv, matched with errors.Is.
var (
	// ErrTimeout means nothing could be sent or received within the wait.
	ErrTimeout = errors.New("grzmq: timed out")
	// ErrClosed means the socket was closed.
	ErrClosed = errors.New("grzmq: socket closed")
	// ErrPeerLost means the peer a REQ sent its request to went away
	// before replying: the request may be sent again.
	ErrPeerLost = errors.New("grzmq: peer lost before replying")
	// ErrState means a REQ or REP call out of turn: a REQ sends, then
	// receives the reply; a REP receives, then replies.
	ErrState = errors.New("grzmq: request/reply out of turn")
)

// Options configure a Socket.
type Options struct {
	Kind Kind
	// Endpoint is tcp://host:port (tcp://*:port binds every interface) or
	// ipc://path (a Unix socket).
	Endpoint string
	// Bind listens on Endpoint; otherwise the socket connects to it, and
	// reconnects whenever the connection is lost, until Close.
	Bind bool
	// HWM is the most messages queued: to send (PUSH: in all; PUB, REQ,
	// REP: per peer) and received. 0 means DefaultHWM.
	HWM int
	// Subscribe is the prefix a SUB receives messages of ("" for all).
	Subscribe string
	// Block makes a PUB wait, for the time Send is given, for room in the
	// queue of each subscriber instead of dropping the message for one
	// whose queue is full (GNU Radio's drop_on_hwm false).
	Block bool
	// MaxMessage bounds a received message in bytes; 0 means
	// DefaultMaxMessage.
	MaxMessage int
	// Sent, if set, is called (on a goroutine of the socket) with the parts
	// (and the tail, see SendTail) of each message a PUSH, REQ or REP has
	// written to a connection, or lost with a peer: the caller may reuse
	// them. A PUB, whose messages go to any number of peers, and messages
	// still queued at Close are left to the garbage collector.
	Sent func(parts [][]byte, tail []byte)
	// Ready, if set, is called (on a goroutine of the socket, without
	// blocking it for long) when a Send or Recv that could not succeed
	// may now: a message received, one taken from a send queue, a peer
	// joined or lost. A block that does not wait in Send or Recv (wait 0)
	// wakes its Work from here.
	Ready func()
}

// Stats are a socket's counters.
type Stats struct {
	Peers       int    // connected peers now
	Connects    uint64 // peer connections made (handshakes completed)
	Disconnects uint64 // peer connections lost or refused
	Dropped     uint64 // PUB: messages not queued to a subscriber whose queue was full
	Filtered    uint64 // SUB: messages without the subscribed prefix, dropped
}

// Socket is a ZeroMQ socket of one Kind, bound or connected to one
// endpoint, talking ZMTP 3.0 with NULL security (what libzmq, and thus GNU
// Radio, speaks by default). Send and Recv are for one goroutine; Stats
// and Close may be called from any.
type Socket struct {
	opt       Options
	network   string
	addr      string
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	ln        net.Listener
	in        chan incoming // received messages
	bodies    chan []byte   // frame bodies handed back with Recycle, for reuse
	out       chan outgoing // PUSH: the queue every peer's writer takes from
	closeOnce sync.Once
	closeErr  error

	mu     sync.Mutex
	peers  []*peer
	joined chan struct{} // closed (and replaced) when a peer joins
	next   int           // REQ: round robin

	// REQ and REP state, the caller's
	pending  *peer    // REQ: whose reply is awaited; REP: whom to reply to
	envelope [][]byte // REP: the routing frames of the request, delimiter included

	connects, disconnects, dropped, filtered atomic.Uint64
	queued                                   atomic.Int64 // messages queued and not yet written (Flush)
}

// outgoing is a message to send: its parts, the last one followed on the
// wire, in the same frame, by tail (see SendTail).
type outgoing struct {
	parts [][]byte
	tail  []byte
}

// incoming is a message received from a peer.
type incoming struct {
	p      *peer
	frames [][]byte
}

// peer is one ZMTP connection of a socket.
type peer struct {
	c      net.Conn      // after the handshake, framed by frameWriter and frameReader
	wmu    sync.Mutex    // one writer at a time: messages, and PONGs from the reader
	fw     frameWriter   // under wmu
	out    chan outgoing // PUB, REQ, REP: messages to send to this peer
	done   chan struct{} // closed when the connection is over
	once   sync.Once
	mu     sync.Mutex
	topics map[string]bool // PUB: the peer's subscriptions
}

func (p *peer) close() { p.once.Do(func() { close(p.done) }) }

// closed reports whether the connection is over.
func (p *peer) closed() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// subscribed reports whether a PUB peer wants a message starting with
// first.
func (p *peer) subscribed(first []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for t := range p.topics {
		if strings.HasPrefix(string(first), t) {
			return true
		}
	}
	return false
}

// Open makes a socket and binds it (an error then, such as an address in
// use, is returned) or starts connecting it (in the background: the peer
// may come later, and come back after a restart).
func Open(opt Options) (*Socket, error) {
	network, addr, err := SplitEndpoint(opt.Endpoint)
	if err != nil {
		return nil, err
	}
	if opt.Kind < Push || opt.Kind > Rep {
		return nil, fmt.Errorf("grzmq: unknown socket kind %d", opt.Kind)
	}
	if opt.HWM <= 0 {
		opt.HWM = DefaultHWM
	}
	if opt.MaxMessage <= 0 {
		opt.MaxMessage = DefaultMaxMessage
	}
	s := &Socket{opt: opt, network: network, addr: addr, joined: make(chan struct{}),
		in: make(chan incoming, opt.HWM), bodies: make(chan []byte, recycled)}
	if opt.Kind == Push {
		s.out = make(chan outgoing, opt.HWM)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if opt.Bind {
		if network == "unix" {
			removeStaleSocket(addr)
		}
		s.ln, err = net.Listen(network, addr)
		if err != nil {
			s.cancel()
			return nil, fmt.Errorf("grzmq: bind %s: %w", opt.Endpoint, err)
		}
		s.wg.Add(1)
		go s.accept()
	} else {
		s.wg.Add(1)
		go s.dial()
	}
	return s, nil
}

// SplitEndpoint returns the Go network and address of a ZeroMQ endpoint:
// tcp://host:port (host * for every interface) or ipc://path.
func SplitEndpoint(ep string) (network, addr string, err error) {
	scheme, rest, ok := strings.Cut(ep, "://")
	switch {
	case !ok || rest == "":
	case scheme == "tcp":
		host, port, err := net.SplitHostPort(rest)
		if err != nil {
			return "", "", fmt.Errorf("grzmq: endpoint %q: %w", ep, err)
		}
		if host == "*" {
			host = ""
		}
		return "tcp", net.JoinHostPort(host, port), nil
	case scheme == "ipc":
		return "unix", rest, nil
	}
	return "", "", fmt.Errorf("grzmq: endpoint %q: want tcp://host:port or ipc://path", ep)
}

// removeStaleSocket removes the Unix socket a previous process left at
// path, as libzmq does before binding; anything else there stays.
func removeStaleSocket(path string) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(path)
	}
}

// Addr returns the address a bound socket listens on (with the port the
// system chose for port 0), nil for a connecting one.
func (s *Socket) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Stats returns the socket's counters.
func (s *Socket) Stats() Stats {
	s.mu.Lock()
	n := len(s.peers)
	s.mu.Unlock()
	return Stats{Peers: n, Connects: s.connects.Load(), Disconnects: s.disconnects.Load(),
		Dropped: s.dropped.Load(), Filtered: s.filtered.Load()}
}

// Close disconnects every peer, stops listening and connecting, and
// returns once every goroutine of the socket has ended. Messages still
// queued are dropped.
func (s *Socket) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		if s.ln != nil {
			s.closeErr = s.ln.Close()
		}
		s.wg.Wait()
	})
	return s.closeErr
}

// Flush waits until every message queued by Send has been written to a
// peer's connection, for at most d, and reports whether they all were:
// what Close would drop, ZeroMQ's linger. A message for a peer that went
// away counts as gone, not as waiting.
func (s *Socket) Flush(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for s.queued.Load() > 0 {
		if !time.Now().Before(deadline) || !s.sleep(time.Millisecond) {
			return false
		}
	}
	return true
}

func (s *Socket) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if s.ctx.Err() != nil {
				return
			}
			// Out of file descriptors, say: try again soon, without spinning.
			if !s.sleep(ReconnectInterval) {
				return
			}
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.run(c)
		}()
	}
}

func (s *Socket) dial() {
	defer s.wg.Done()
	var d net.Dialer
	for {
		c, err := d.DialContext(s.ctx, s.network, s.addr)
		if err == nil {
			s.run(c)
		}
		if !s.sleep(ReconnectInterval) {
			return
		}
	}
}

// sleep waits for d, or returns false when the socket closes.
func (s *Socket) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// run does the ZMTP handshake on c and serves the peer until the
// connection ends or the socket closes.
func (s *Socket) run(c net.Conn) {
	stop := context.AfterFunc(s.ctx, func() { c.Close() })
	defer stop()
	defer c.Close()
	c.SetDeadline(time.Now().Add(handshakeTimeout))
	lc := newLimitConn(c, s.opt.MaxMessage)
	if _, err := zmq4.Open(lc, null.Security(), s.opt.Kind.zmtp(), nil, false, nil); err != nil {
		s.disconnects.Add(1)
		return
	}
	c.SetDeadline(time.Time{})
	// From here on the framing is ours (frame.go): zmq4 would allocate
	// every body afresh and copy it through a bufio.Reader, and its PONG
	// could interleave with our writer's frames.
	p := &peer{c: c, done: make(chan struct{}), topics: map[string]bool{}}
	if s.opt.Kind == Pub || s.opt.Kind == Req || s.opt.Kind == Rep {
		p.out = make(chan outgoing, s.opt.HWM)
	}
	s.add(p)
	defer s.remove(p)
	var w sync.WaitGroup
	w.Add(1)
	go func() {
		defer w.Done()
		defer c.Close() // a failed write ends the reader too
		s.write(p)
	}()
	s.read(p, lc)
	c.Close()
	p.close()
	w.Wait()
	for p.out != nil { // what was queued for the peer is lost
		select {
		case m := <-p.out:
			s.queued.Add(-1)
			s.sent(m)
			continue
		default:
		}
		break
	}
}

func (s *Socket) add(p *peer) {
	s.mu.Lock()
	s.peers = append(s.peers, p)
	close(s.joined)
	s.joined = make(chan struct{})
	s.mu.Unlock()
	s.connects.Add(1)
	s.ready()
}

func (s *Socket) remove(p *peer) {
	s.mu.Lock()
	for i, q := range s.peers {
		if q == p {
			s.peers = append(s.peers[:i], s.peers[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	s.disconnects.Add(1)
	s.ready()
}

// write sends the peer its messages until the connection ends.
func (s *Socket) write(p *peer) {
	send := func(m outgoing) bool {
		err := p.send(m.parts, m.tail, false)
		s.queued.Add(-1)
		s.sent(m)
		return err == nil
	}
	switch s.opt.Kind {
	case Sub:
		s.queued.Add(1)
		if !send(outgoing{parts: [][]byte{append([]byte{1}, s.opt.Subscribe...)}}) {
			return
		}
		<-p.done
	case Pull:
		<-p.done
	case Push:
		for {
			select {
			case m := <-s.out:
				s.ready()
				if !send(m) {
					return
				}
			case <-p.done:
				return
			}
		}
	default:
		for {
			select {
			case m := <-p.out:
				s.ready()
				if !send(m) {
					return
				}
			case <-p.done:
				return
			}
		}
	}
}

// sent hands a message written or lost back to Options.Sent.
func (s *Socket) sent(m outgoing) {
	if s.opt.Sent != nil && s.opt.Kind != Pub && s.opt.Kind != Sub {
		s.opt.Sent(m.parts, m.tail)
	}
}

// ready tells Options.Ready that a Send or Recv that gave up may succeed now.
func (s *Socket) ready() {
	if s.opt.Ready != nil {
		s.opt.Ready()
	}
}

// send writes one message (or command) to the peer.
func (p *peer) send(parts [][]byte, tail []byte, command bool) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	return p.fw.write(p.c, parts, tail, command)
}

// recycled is how many bodies a socket keeps for reuse.
const recycled = 8

// body returns a frame body of n bytes, recycled if one large enough was
// handed back: fresh memory costs a page fault per page when the kernel
// first writes it, and zeroing besides.
func (s *Socket) body(n int) []byte {
	for {
		select {
		case b := <-s.bodies:
			if cap(b) >= n {
				return b[:n]
			}
			continue // too small: let the collector have it
		default:
		}
		return make([]byte, n)
	}
}

// Recycle hands back a part Recv returned, once the caller is done with it
// (its bytes may be overwritten by a later message). Parts of 256 bytes or
// less, and any beyond what the socket keeps, go to the garbage collector.
func (s *Socket) Recycle(part []byte) {
	if cap(part) <= maxShortFrame {
		return
	}
	select {
	case s.bodies <- part[:0]:
	default:
	}
}

// read receives the peer's messages from r (the connection, past the
// handshake) until the connection ends, answering PINGs.
func (s *Socket) read(p *peer, r io.Reader) {
	fr := frameReader{r: r}
	var scratch [][]byte
	for {
		f, cmd, err := fr.read(scratch, s.body)
		if err != nil {
			return
		}
		if cmd {
			if name, data, ok := commandName(f[0]); ok && name == "PING" {
				if p.send([][]byte{pong(data)}, nil, true) != nil {
					return
				}
			}
			continue // PONG, ERROR and the like
		}
		scratch = f[:0]
		parts := slices.Clone(f) // the receiver's, while f is reused
		switch s.opt.Kind {
		case Push:
			continue // a PULL sends nothing
		case Pub:
			// Subscriptions: 1 then the prefix; 0 then the prefix cancels it.
			if f := parts[0]; len(parts) == 1 && len(f) > 0 && f[0] <= 1 {
				p.mu.Lock()
				if f[0] == 1 && len(p.topics) < maxTopics {
					p.topics[string(f[1:])] = true
				} else if f[0] == 0 {
					delete(p.topics, string(f[1:]))
				}
				p.mu.Unlock()
			}
			continue
		case Sub:
			if !strings.HasPrefix(string(parts[0]), s.opt.Subscribe) {
				s.filtered.Add(1)
				continue
			}
		}
		select {
		case s.in <- incoming{p, parts}:
			s.ready()
		case <-s.ctx.Done():
			return
		}
	}
}

// timeout is the wait of one Send or Recv call, its timer made only if
// the call has to wait.
type timeout struct {
	d time.Duration // < 0: no limit
	t *time.Timer
}

// c returns the channel that fires when the wait is over (nil: never).
func (w *timeout) c() <-chan time.Time {
	if w.d < 0 {
		return nil
	}
	if w.t == nil {
		w.t = time.NewTimer(w.d)
	}
	return w.t.C
}

func (w *timeout) stop() {
	if w.t != nil {
		w.t.Stop()
	}
}

// Send queues a message of the given parts, waiting at most wait (forever
// if wait < 0) or until ctx is done, and returns ErrTimeout or ctx's error
// if it could not. How it waits depends on the kind:
//
//   - PUSH queues up to HWM messages, shared by its peers (a peer takes
//     the next message when it has sent its last one): with no peer or a
//     full queue, Send waits.
//   - PUB queues the message for every subscriber whose subscription it
//     matches, dropping it for one whose queue is full (counted in
//     Stats.Dropped), or waiting for room with Options.Block. With no
//     subscriber the message is dropped, as ZeroMQ does.
//   - REQ sends the request to the next peer, waiting for one; the reply
//     must be received (Recv) before the next request, unless that peer
//     was lost (ErrPeerLost).
//   - REP sends the reply to the request received last; a reply to a peer
//     gone is dropped.
func (s *Socket) Send(ctx context.Context, wait time.Duration, parts ...[]byte) error {
	if s.ctx.Err() != nil {
		return ErrClosed
	}
	w := &timeout{d: wait}
	defer w.stop()
	switch s.opt.Kind {
	case Push:
		return s.put(ctx, w, s.out, nil, outgoing{parts: parts})
	case Pub:
		return s.publish(ctx, w, parts)
	case Req:
		return s.request(ctx, w, parts)
	case Rep:
		p := s.pending
		if p == nil {
			return fmt.Errorf("%w: REP sends a reply after receiving a request", ErrState)
		}
		s.pending = nil
		msg := append(s.envelope[:len(s.envelope):len(s.envelope)], parts...)
		s.envelope = nil
		if err := s.put(ctx, w, p.out, p.done, outgoing{parts: msg}); err != nil && !errors.Is(err, ErrPeerLost) {
			return err
		}
		return nil
	}
	return fmt.Errorf("grzmq: a %v socket does not send", s.opt.Kind)
}

// SendTail is Send for a PUSH socket whose last part is followed, in the
// same frame, by tail, which is not copied: it must stay unchanged until
// Options.Sent hands it back (written, or lost with a peer). A sink sends
// its input's items this way, straight from the buffer, with a header
// (the tag header) as the last part. parts must not be empty.
func (s *Socket) SendTail(ctx context.Context, wait time.Duration, tail []byte, parts ...[]byte) error {
	if s.opt.Kind != Push {
		return fmt.Errorf("grzmq: SendTail on a %v socket (PUSH only)", s.opt.Kind)
	}
	if len(parts) == 0 {
		return errors.New("grzmq: SendTail without parts")
	}
	if s.ctx.Err() != nil {
		return ErrClosed
	}
	w := &timeout{d: wait}
	defer w.stop()
	return s.put(ctx, w, s.out, nil, outgoing{parts: parts, tail: tail})
}

// put queues msg on q, waiting for room as Send says; gone (if not nil)
// closing means the message has nowhere to go (ErrPeerLost).
func (s *Socket) put(ctx context.Context, w *timeout, q chan outgoing, gone <-chan struct{}, msg outgoing) error {
	select {
	case <-gone:
		return ErrPeerLost // its queue may have room, but nobody to send it
	default:
	}
	s.queued.Add(1) // before the writer can take it
	select {
	case q <- msg:
		return nil
	default:
	}
	if w.d == 0 {
		s.queued.Add(-1)
		return ErrTimeout // no waiting: no timer either
	}
	select {
	case q <- msg:
		return nil
	case <-gone:
		s.queued.Add(-1)
		return ErrPeerLost
	case <-w.c():
		s.queued.Add(-1)
		return ErrTimeout
	case <-ctx.Done():
		s.queued.Add(-1)
		return ctx.Err()
	case <-s.ctx.Done():
		s.queued.Add(-1)
		return ErrClosed
	}
}

func (s *Socket) publish(ctx context.Context, w *timeout, parts [][]byte) error {
	var first []byte
	if len(parts) > 0 {
		first = parts[0]
	}
	s.mu.Lock()
	peers := append([]*peer(nil), s.peers...)
	s.mu.Unlock()
	for _, p := range peers {
		if !p.subscribed(first) {
			continue
		}
		if !s.opt.Block {
			s.queued.Add(1)
			select {
			case p.out <- outgoing{parts: parts}:
			default:
				s.queued.Add(-1)
				s.dropped.Add(1)
			}
			continue
		}
		if err := s.put(ctx, w, p.out, p.done, outgoing{parts: parts}); err != nil && !errors.Is(err, ErrPeerLost) {
			return err
		}
	}
	return nil
}

func (s *Socket) request(ctx context.Context, w *timeout, parts [][]byte) error {
	if p := s.pending; p != nil {
		select {
		case <-p.done:
			s.pending = nil // lost: the request may go to another peer
		default:
			return fmt.Errorf("%w: REQ receives the reply before sending again", ErrState)
		}
	}
	msg := append([][]byte{{}}, parts...) // the empty delimiter REP expects
	for {
		s.mu.Lock()
		var p *peer
		for range s.peers {
			s.next = (s.next + 1) % len(s.peers)
			if q := s.peers[s.next]; !q.closed() {
				p = q
				break
			}
		}
		joined := s.joined
		s.mu.Unlock()
		if p != nil {
			err := s.put(ctx, w, p.out, p.done, outgoing{parts: msg})
			if errors.Is(err, ErrPeerLost) {
				continue
			}
			if err == nil {
				s.pending = p
			}
			return err
		}
		select {
		case <-joined:
		case <-w.c():
			return ErrTimeout
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return ErrClosed
		}
	}
}

// Recv returns the parts of the next message received, waiting at most
// wait (forever if wait < 0) or until ctx is done: ErrTimeout or ctx's
// error if none came. A REQ receives the reply to its request (ErrState
// without one; ErrPeerLost if the peer went away before replying), without
// the envelope; a REP receives a request, without the envelope, and must
// reply with Send before receiving the next.
func (s *Socket) Recv(ctx context.Context, wait time.Duration) ([][]byte, error) {
	var gone <-chan struct{}
	switch s.opt.Kind {
	case Push, Pub:
		return nil, fmt.Errorf("grzmq: a %v socket does not receive", s.opt.Kind)
	case Req:
		if s.pending == nil {
			return nil, fmt.Errorf("%w: REQ sends a request before receiving", ErrState)
		}
		gone = s.pending.done
	case Rep:
		if s.pending != nil {
			return nil, fmt.Errorf("%w: REP replies before receiving again", ErrState)
		}
	}
	w := &timeout{d: wait}
	defer w.stop()
	for {
		var m incoming
		select {
		case m = <-s.in:
		default:
			if w.d == 0 && gone == nil {
				return nil, ErrTimeout // no waiting: no timer either
			}
			select {
			case m = <-s.in:
			case <-gone:
				s.pending = nil
				return nil, ErrPeerLost
			case <-w.c():
				return nil, ErrTimeout
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-s.ctx.Done():
				return nil, ErrClosed
			}
		}
		switch s.opt.Kind {
		case Req:
			if m.p != s.pending {
				continue // a late reply from a peer given up on
			}
			env, body, ok := splitEnvelope(m.frames)
			if !ok || len(env) != 1 {
				continue // not a reply
			}
			s.pending = nil
			return body, nil
		case Rep:
			env, body, ok := splitEnvelope(m.frames)
			if !ok {
				continue // not a request
			}
			s.pending, s.envelope = m.p, env
			return body, nil
		}
		return m.frames, nil
	}
}

// splitEnvelope splits a REQ/REP message after its first empty part, the
// delimiter ending the routing envelope.
func splitEnvelope(frames [][]byte) (env, body [][]byte, ok bool) {
	for i, f := range frames {
		if len(f) == 0 {
			return frames[:i+1], frames[i+1:], true
		}
	}
	return nil, nil, false
}

// limitConn is a connection whose reads are checked against the ZMTP
// framing: after the 64-byte greeting, each frame is a flags byte, a size
// (1 byte, or 8 with the long flag) and the body. zmq4 allocates a frame's
// body from its size before reading it; refusing a message larger than
// max when its size goes by keeps a peer from making us allocate at will.
type limitConn struct {
	net.Conn
	r       *bufio.Reader
	max     uint64
	skip    uint64 // greeting or body bytes to pass before the next header
	hdr     [9]byte
	hn      int    // header bytes seen
	msgSize uint64 // bytes of the message so far, all its frames
}

func newLimitConn(c net.Conn, max int) *limitConn {
	return &limitConn{Conn: c, r: bufio.NewReaderSize(c, 64<<10), max: uint64(max), skip: 64}
}

// errTooLarge ends a connection whose peer sends a message beyond the limit.
var errTooLarge = errors.New("grzmq: message larger than the limit")

func (c *limitConn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for b := p[:n]; len(b) > 0; {
		if c.skip > 0 {
			k := min(uint64(len(b)), c.skip)
			c.skip -= k
			b = b[k:]
			continue
		}
		c.hdr[c.hn] = b[0]
		c.hn++
		b = b[1:]
		need := 2
		if c.hdr[0]&0x02 != 0 { // long
			need = 9
		}
		if c.hn < need {
			continue
		}
		size := uint64(c.hdr[1])
		if need == 9 {
			size = 0
			for _, x := range c.hdr[1:9] {
				size = size<<8 | uint64(x)
			}
		}
		if c.hdr[0]&0x04 != 0 { // a command: a message of its own
			if size > c.max {
				return 0, errTooLarge
			}
		} else {
			if size > c.max-min(c.msgSize, c.max) {
				return 0, errTooLarge
			}
			c.msgSize += size
			if c.hdr[0]&0x01 == 0 { // no more parts
				c.msgSize = 0
			}
		}
		c.skip, c.hn = size, 0
	}
	return n, err
}
