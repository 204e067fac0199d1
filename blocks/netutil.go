package blocks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
)

// Helpers of the network blocks (tcp_source, tcp_sink, udp_source,
// udp_sink, rtl_tcp_source, rtl_tcp_sink).
//
// The scheduler wakes a block only for its buffers, its messages, its
// settings and the deadline it asks for (block.IO.WakeAt); nothing wakes it
// when a socket becomes ready. So a network block waits on its socket inside
// Work, but never for long: every read, write, accept and connect gives up
// after netPoll, and Work then returns with a wake-up for now, so that
// setting changes and messages are applied between two waits. When the
// graph stops, the socket's deadline is moved to the past, which ends the
// wait at once.

// netPoll bounds every wait of a network block inside one Work call.
const netPoll = 50 * time.Millisecond

// netDialTimeout bounds a connect in Init.
const netDialTimeout = 10 * time.Second

// The modes of the TCP blocks.
const (
	NetClient = "client" // connect to address
	NetServer = "server" // listen on address and accept a peer
)

var netModes = []string{NetClient, NetServer}

// netBadParam returns an error wrapping block.ErrBadParam.
func netBadParam(id, format string, a ...any) error {
	return fmt.Errorf("%w: %s: %s", block.ErrBadParam, id, fmt.Sprintf(format, a...))
}

// netCheckMode checks a mode parameter and returns whether it is server.
func netCheckMode(id, mode, address string) (server bool, err error) {
	if mode != NetClient && mode != NetServer {
		return false, netBadParam(id, "mode %q is neither %q nor %q", mode, NetClient, NetServer)
	}
	if _, _, err := net.SplitHostPort(address); err != nil {
		return false, netBadParam(id, "address %q: %v", address, err)
	}
	return mode == NetServer, nil
}

// netCloseErr returns the error of a stream block's Deinit from that of
// closing its netStream: nil if the connection or listener was closed
// already (net.ErrClosed), err prefixed with the block's id otherwise.
func netCloseErr(id string, err error) error {
	if err == nil || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return fmt.Errorf("%s: %w", id, err)
}

// netTimeout reports whether err is a deadline that expired.
func netTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// netListener accepts connections on its own goroutine and hands them over
// one at a time: a client that connects while another is served waits,
// connected, until the block takes it.
type netListener struct {
	ln    net.Listener
	conns chan net.Conn
	done  chan struct{}
	wg    sync.WaitGroup
}

// netListen listens on a TCP address ("127.0.0.1:0" picks a free port).
func netListen(ctx context.Context, address string) (*netListener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	l := &netListener{ln: ln, conns: make(chan net.Conn), done: make(chan struct{})}
	l.wg.Go(l.run)
	return l, nil
}

func (l *netListener) run() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// A passing failure (out of file descriptors): try again.
			select {
			case <-l.done:
				return
			case <-time.After(netPoll):
			}
			continue
		}
		select {
		case l.conns <- c:
		case <-l.done:
			c.Close()
			return
		}
	}
}

// take returns the next client, waiting for it up to wait (not at all if
// wait is 0) or until ctx is done; nil if none came.
func (l *netListener) take(ctx context.Context, wait time.Duration) net.Conn {
	select {
	case c := <-l.conns:
		return c
	default:
	}
	if wait <= 0 || ctx.Err() != nil {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case c := <-l.conns:
		return c
	case <-t.C:
	case <-ctx.Done():
	}
	return nil
}

// close stops listening, closes a client accepted but not taken and waits
// for the accepting goroutine.
func (l *netListener) close() error {
	close(l.done)
	err := l.ln.Close()
	l.wg.Wait()
	return err
}

// netStream is the TCP connection of a stream block: a client's, dialled by
// open, or a server's, accepted from its listener. Its blocking calls give
// up after netPoll and end at once when the graph's context is done.
type netStream struct {
	id      string // the block's registry id, for errors
	server  bool
	address string

	ln      *netListener
	conn    net.Conn
	unwatch func() bool // stops the interruption of conn by ctx
	addr    atomic.Value
	peers   atomic.Uint64 // connections made
	ctx     context.Context
}

// open listens (server) or connects (client; an error unless lazy, when
// the next connect is left to connect).
func (s *netStream) open(ctx context.Context, lazy bool) error {
	s.ctx = ctx
	if s.server {
		ln, err := netListen(ctx, s.address)
		if err != nil {
			return fmt.Errorf("%s: %w", s.id, err)
		}
		s.ln = ln
		s.addr.Store(ln.ln.Addr())
		return nil
	}
	err := s.dial(ctx, netDialTimeout)
	if err != nil && !lazy {
		return fmt.Errorf("%s: %w", s.id, err)
	}
	return nil
}

// dial connects to address, giving up after timeout.
func (s *netStream) dial(ctx context.Context, timeout time.Duration) error {
	d := net.Dialer{Timeout: timeout}
	c, err := d.DialContext(ctx, "tcp", s.address)
	if err != nil {
		return err
	}
	s.attach(c)
	return nil
}

// attach makes c the connection, interrupted when the graph stops.
func (s *netStream) attach(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAlive(true) // as GNU Radio's tcp_sink
	}
	s.conn = c
	s.peers.Add(1)
	if !s.server {
		s.addr.Store(c.LocalAddr())
	}
	s.unwatch = context.AfterFunc(s.ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
}

// connect makes sure there is a connection, waiting up to netPoll for one:
// a server takes the next client (without waiting if wait is false), a
// client connects again. It reports whether there is one.
func (s *netStream) connect(ctx context.Context, wait bool) bool {
	if s.conn != nil {
		return true
	}
	if s.server {
		d := netPoll
		if !wait {
			d = 0
		}
		if c := s.ln.take(ctx, d); c != nil {
			s.attach(c)
		}
		return s.conn != nil
	}
	start := time.Now()
	if s.dial(ctx, netPoll) == nil {
		return true
	}
	// Refused at once (no server yet): try again after netPoll, not in a loop.
	t := time.NewTimer(netPoll - time.Since(start))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// drop closes the connection.
func (s *netStream) drop() {
	if s.conn == nil {
		return
	}
	s.unwatch()
	s.conn.Close()
	s.conn, s.unwatch = nil, nil
}

// close closes the connection and the listener.
func (s *netStream) close() error {
	s.drop()
	if s.ln == nil {
		return nil
	}
	err := s.ln.close()
	s.ln = nil
	return err
}

// deadline sets the deadline of the next read or write to netPoll from now
// and reports false if the graph is stopping (whose interruption might
// otherwise be overwritten).
func (s *netStream) deadline(ctx context.Context, read bool) bool {
	t := time.Now().Add(netPoll)
	if read {
		s.conn.SetReadDeadline(t)
	} else {
		s.conn.SetWriteDeadline(t)
	}
	return ctx.Err() == nil
}

// recv reads what the connection has into p, waiting up to netPoll. When
// the peer closes, it drops the connection and returns io.EOF with the last
// bytes.
func (s *netStream) recv(ctx context.Context, p []byte) (int, error) {
	if !s.deadline(ctx, true) {
		return 0, nil
	}
	n, err := s.conn.Read(p)
	switch {
	case err == nil || netTimeout(err):
		return n, nil
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), errors.Is(err, io.ErrUnexpectedEOF):
		s.drop()
		return n, io.EOF
	}
	// A reset connection ends like a closed one; say why.
	s.drop()
	return n, fmt.Errorf("%w (%v)", io.EOF, err)
}

// Addr returns the listening address (server) or the local address of the
// connection (client), nil before open.
func (s *netStream) Addr() net.Addr {
	a, _ := s.addr.Load().(net.Addr)
	return a
}

// netSender sends a stream of items to the connection of a netStream,
// whole items only: after the peer of a server goes, the next peer starts
// at an item boundary.
type netSender struct {
	netStream
	unit int  // bytes per item
	wait bool // server: keep the items while no client is connected
	sent int  // bytes of the next item already sent to this peer
	// onConnect runs for each new connection before items are sent (the
	// rtl_tcp header); an error drops the connection.
	onConnect func(net.Conn) error
	// gone, if set, reports that the peer has gone (seen by a reader).
	gone func() bool
	// closing, if set, runs before a connection whose peer went is closed
	// (to let a reader take what the peer sent before it went).
	closing func()
	dropped atomic.Uint64 // items dropped: no client (wait false), or cut off by a peer that went
}

// send sends the items of p (a whole number of them), waiting up to
// netPoll. It returns how many of them are done with: sent, or dropped
// while no client is connected (wait false) or cut off when a peer went. A
// client whose server went gets io.EOF.
func (s *netSender) send(ctx context.Context, p []byte) (int, error) {
	if s.conn != nil && s.gone != nil && s.gone() {
		s.lose()
	}
	if s.conn == nil {
		if !s.server && s.peers.Load() > 0 {
			return 0, io.EOF
		}
		if !s.connect(ctx, s.wait) {
			if !s.server || s.wait {
				return 0, nil
			}
			n := len(p) / s.unit
			s.dropped.Add(uint64(n))
			return n, nil
		}
		if s.onConnect != nil {
			if err := s.onConnect(s.conn); err != nil {
				s.drop()
				return 0, nil
			}
		}
	}
	if !s.deadline(ctx, false) {
		return 0, nil
	}
	k, err := s.conn.Write(p[s.sent:])
	k += s.sent
	n := k / s.unit
	s.sent = k % s.unit
	if err != nil && !netTimeout(err) {
		n += s.lose()
		if !s.server {
			return n, io.EOF
		}
	}
	return n, nil
}

// lose drops a connection whose peer went and returns 1 if an item was
// cut off (the rest of it is dropped), 0 otherwise.
func (s *netSender) lose() int {
	if s.closing != nil {
		s.closing()
	}
	s.drop()
	if s.sent == 0 {
		return 0
	}
	s.sent = 0
	s.dropped.Add(1)
	return 1
}
