package grzmq

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// open opens a socket and closes it at the end of the test.
func open(t *testing.T, opt Options) *Socket {
	t.Helper()
	s, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bound opens a socket bound to a free loopback port and returns it with
// its endpoint.
func bound(t *testing.T, opt Options) (*Socket, string) {
	t.Helper()
	opt.Endpoint, opt.Bind = "tcp://127.0.0.1:0", true
	s := open(t, opt)
	return s, "tcp://" + s.Addr().String()
}

// freeEndpoint returns a loopback endpoint free a moment ago, for a socket
// that binds it after its peer connects, or binds it more than once.
func freeEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "tcp://" + l.Addr().String()
}

const wait = 5 * time.Second

func recvString(t *testing.T, s *Socket) string {
	t.Helper()
	m, err := s.Recv(context.Background(), wait)
	if err != nil {
		t.Fatalf("Recv: %v", err)
	}
	return string(bytes.Join(m, []byte("|")))
}

func TestPushPull(t *testing.T) {
	push, ep := bound(t, Options{Kind: Push})
	pull := open(t, Options{Kind: Pull, Endpoint: ep})
	for i := range 100 {
		if err := push.Send(context.Background(), wait, []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 100 {
		if got := recvString(t, pull); got != fmt.Sprint(i) {
			t.Fatalf("message %d: %q", i, got)
		}
	}
	if st := push.Stats(); st.Peers != 1 || st.Connects != 1 {
		t.Errorf("push stats %+v", st)
	}
}

func TestPushWaitsForAPeer(t *testing.T) {
	push := open(t, Options{Kind: Push, Endpoint: "tcp://127.0.0.1:1", HWM: 2}) // nobody there
	ctx := context.Background()
	for range 2 {
		if err := push.Send(ctx, 0, []byte("x")); err != nil {
			t.Fatalf("queued message: %v", err)
		}
	}
	if err := push.Send(ctx, 10*time.Millisecond, []byte("x")); !errors.Is(err, ErrTimeout) {
		t.Errorf("Send on a full queue = %v, want ErrTimeout", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := push.Send(cctx, -1, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Send with ctx done = %v", err)
	}
}

func TestPullReceivesFromAConnectingPushAfterItsRestart(t *testing.T) {
	pull, ep := bound(t, Options{Kind: Pull})
	for round := range 3 {
		push := open(t, Options{Kind: Push, Endpoint: ep})
		msg := fmt.Sprint("round ", round)
		if err := push.Send(context.Background(), wait, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		if got := recvString(t, pull); got != msg {
			t.Fatalf("got %q, want %q", got, msg)
		}
		push.Close()
	}
	if st := pull.Stats(); st.Connects != 3 {
		t.Errorf("pull stats %+v, want 3 connects", st)
	}
}

func TestConnectingPushReconnectsAfterPullRestarts(t *testing.T) {
	ep := freeEndpoint(t) // bound and bound again
	push := open(t, Options{Kind: Push, Endpoint: ep})
	for round := range 2 {
		pull := open(t, Options{Kind: Pull, Endpoint: ep, Bind: true})
		msg := fmt.Sprint("round ", round)
		// Until the push has noticed the old connection is gone, a message
		// may go to it: send until one arrives.
		deadline := time.Now().Add(wait)
		for {
			if err := push.Send(context.Background(), wait, []byte(msg)); err != nil {
				t.Fatal(err)
			}
			m, err := pull.Recv(context.Background(), 50*time.Millisecond)
			if err == nil {
				if string(m[0]) != msg {
					t.Fatalf("got %q", m[0])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: nothing received: %v", round, err)
			}
		}
		pull.Close()
	}
}

func TestPubSubFiltersByKey(t *testing.T) {
	pub, ep := bound(t, Options{Kind: Pub})
	sub := open(t, Options{Kind: Sub, Endpoint: ep, Subscribe: "key"})
	all := open(t, Options{Kind: Sub, Endpoint: ep})
	// A subscription takes effect when it reaches the publisher: publish
	// until both have it.
	waitSubscribed(t, pub, 2)
	ctx := context.Background()
	for _, m := range [][][]byte{{[]byte("other"), []byte("1")}, {[]byte("key"), []byte("2")}, {[]byte("keyed"), []byte("3")}} {
		if err := pub.Send(ctx, 0, m...); err != nil {
			t.Fatal(err)
		}
	}
	if got := recvString(t, sub); got != "key|2" {
		t.Errorf("sub got %q", got)
	}
	if got := recvString(t, sub); got != "keyed|3" {
		t.Errorf("sub got %q", got)
	}
	if got := recvString(t, all); got != "other|1" {
		t.Errorf("sub to all got %q", got)
	}
}

// waitSubscribed waits until n peers of pub have subscribed.
func waitSubscribed(t *testing.T, pub *Socket, n int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		pub.mu.Lock()
		k := 0
		for _, p := range pub.peers {
			p.mu.Lock()
			if len(p.topics) > 0 {
				k++
			}
			p.mu.Unlock()
		}
		pub.mu.Unlock()
		if k >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d subscribers", k, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPubDropsAtTheHighWaterMark(t *testing.T) {
	pub, ep := bound(t, Options{Kind: Pub, HWM: 4})
	sub := open(t, Options{Kind: Sub, Endpoint: ep, HWM: 4})
	waitSubscribed(t, pub, 1)
	// The subscriber does not read: its socket queue, the TCP buffers and
	// then the publisher's queue fill up, and the publisher drops.
	big := make([]byte, 1<<20)
	deadline := time.Now().Add(wait)
	for pub.Stats().Dropped == 0 {
		if err := pub.Send(context.Background(), 0, big); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing dropped")
		}
	}
	if _, err := sub.Recv(context.Background(), wait); err != nil {
		t.Errorf("the subscriber gets what was queued: %v", err)
	}
}

func TestReqRep(t *testing.T) {
	rep, ep := bound(t, Options{Kind: Rep})
	req := open(t, Options{Kind: Req, Endpoint: ep})
	ctx := context.Background()
	if _, err := req.Recv(ctx, 0); !errors.Is(err, ErrState) {
		t.Errorf("REQ Recv before Send = %v", err)
	}
	if err := rep.Send(ctx, 0, []byte("x")); !errors.Is(err, ErrState) {
		t.Errorf("REP Send before Recv = %v", err)
	}
	for i := range 3 {
		ask := binary.LittleEndian.AppendUint32(nil, uint32(i))
		if err := req.Send(ctx, wait, ask); err != nil {
			t.Fatal(err)
		}
		if err := req.Send(ctx, wait, ask); !errors.Is(err, ErrState) {
			t.Errorf("a second request = %v", err)
		}
		m, err := rep.Recv(ctx, wait)
		if err != nil || len(m) != 1 || !bytes.Equal(m[0], ask) {
			t.Fatalf("REP got %q, %v", m, err)
		}
		if err := rep.Send(ctx, wait, []byte(fmt.Sprint("reply ", i))); err != nil {
			t.Fatal(err)
		}
		if got := recvString(t, req); got != fmt.Sprint("reply ", i) {
			t.Fatalf("REQ got %q", got)
		}
	}
}

func TestReqSeesItsPeerLost(t *testing.T) {
	rep, ep := bound(t, Options{Kind: Rep})
	req := open(t, Options{Kind: Req, Endpoint: ep})
	ctx := context.Background()
	if err := req.Send(ctx, wait, []byte("?")); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Recv(ctx, wait); err != nil {
		t.Fatal(err)
	}
	rep.Close()
	if _, err := req.Recv(ctx, wait); !errors.Is(err, ErrPeerLost) {
		t.Fatalf("Recv after the REP closed = %v, want ErrPeerLost", err)
	}
	// A new REP on the same endpoint answers the request sent again.
	rep2 := open(t, Options{Kind: Rep, Endpoint: ep, Bind: true})
	if err := req.Send(ctx, wait, []byte("?")); err != nil {
		t.Fatal(err)
	}
	if _, err := rep2.Recv(ctx, wait); err != nil {
		t.Fatal(err)
	}
	if err := rep2.Send(ctx, wait, []byte("!")); err != nil {
		t.Fatal(err)
	}
	if got := recvString(t, req); got != "!" {
		t.Errorf("got %q", got)
	}
}

func TestIPC(t *testing.T) {
	ep := "ipc://" + filepath.Join(t.TempDir(), "sock")
	for range 2 { // the second bind finds the first's file gone or stale
		pull := open(t, Options{Kind: Pull, Endpoint: ep, Bind: true})
		push := open(t, Options{Kind: Push, Endpoint: ep})
		if err := push.Send(context.Background(), wait, []byte("ipc")); err != nil {
			t.Fatal(err)
		}
		if got := recvString(t, pull); got != "ipc" {
			t.Errorf("got %q", got)
		}
		push.Close()
		pull.Close()
	}
}

func TestOversizedMessageDisconnects(t *testing.T) {
	pull, ep := bound(t, Options{Kind: Pull, MaxMessage: 1000})
	push := open(t, Options{Kind: Push, Endpoint: ep})
	ctx := context.Background()
	if err := push.Send(ctx, wait, make([]byte, 600), make([]byte, 600)); err != nil {
		t.Fatal(err)
	}
	if err := push.Send(ctx, wait, []byte("small")); err != nil {
		t.Fatal(err)
	}
	// The large message ends the connection; the push reconnects and a
	// later message goes through.
	deadline := time.Now().Add(wait)
	for {
		m, err := pull.Recv(ctx, 20*time.Millisecond)
		if err == nil {
			if len(m) != 1 || string(m[0]) != "small" {
				t.Fatalf("got %d parts, %d bytes", len(m), len(m[0]))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing received")
		}
		push.Send(ctx, 0, []byte("small"))
	}
	if st := pull.Stats(); st.Disconnects == 0 {
		t.Errorf("pull stats %+v: the large message did not disconnect", st)
	}
}

func TestRecvWaitsAndGivesWay(t *testing.T) {
	pull, _ := bound(t, Options{Kind: Pull})
	t0 := time.Now()
	if _, err := pull.Recv(context.Background(), 20*time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("Recv = %v, want ErrTimeout", err)
	}
	if d := time.Since(t0); d < 20*time.Millisecond {
		t.Errorf("Recv returned after %v", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := pull.Recv(ctx, -1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv = %v, want ctx's error", err)
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		pull.Close()
	}()
	if _, err := pull.Recv(context.Background(), -1); !errors.Is(err, ErrClosed) {
		t.Errorf("Recv = %v, want ErrClosed", err)
	}
}

func TestBindErrors(t *testing.T) {
	_, ep := bound(t, Options{Kind: Pull})
	if _, err := Open(Options{Kind: Pull, Endpoint: ep, Bind: true}); err == nil {
		t.Error("a second bind to the same port succeeded")
	}
	for _, ep := range []string{"", "tcp://", "udp://1.2.3.4:5", "tcp://nohost", "inproc://x"} {
		if _, err := Open(Options{Kind: Pull, Endpoint: ep}); err == nil {
			t.Errorf("endpoint %q accepted", ep)
		}
	}
}

func TestSplitEndpoint(t *testing.T) {
	for ep, want := range map[string]string{
		"tcp://*:5555":         "tcp :5555",
		"tcp://127.0.0.1:5555": "tcp 127.0.0.1:5555",
		"tcp://[::1]:5555":     "tcp [::1]:5555",
		"ipc:///tmp/x":         "unix /tmp/x",
	} {
		n, a, err := SplitEndpoint(ep)
		if err != nil || n+" "+a != want {
			t.Errorf("SplitEndpoint(%q) = %s %s, %v; want %s", ep, n, a, err, want)
		}
	}
}

func TestFlushWaitsForTheQueueToBeWritten(t *testing.T) {
	ep := freeEndpoint(t)
	push := open(t, Options{Kind: Push, Endpoint: ep})
	for i := range 10 {
		if err := push.Send(context.Background(), 0, []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if push.Flush(20 * time.Millisecond) {
		t.Fatal("Flush with no peer reported the queue written")
	}
	pull := open(t, Options{Kind: Pull, Endpoint: ep, Bind: true})
	if !push.Flush(wait) {
		t.Fatal("Flush with a peer timed out")
	}
	push.Close()
	for i := range 10 {
		m, err := pull.Recv(context.Background(), wait)
		if err != nil || m[0][0] != byte(i) {
			t.Fatalf("message %d: %v, %v", i, m, err)
		}
	}
}
