package blocks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// Helpers of the network tests: every socket is on 127.0.0.1, every port
// picked by the system (port 0).

// netTestTimeout bounds every wait of a network test.
const netTestTimeout = 20 * time.Second

// startGraph runs g on its own goroutine; the channel gets Run's error.
func startGraph(ctx context.Context, g *flowgraph.Graph) <-chan error {
	ran := make(chan error, 1)
	go func() { ran <- g.Run(ctx) }()
	return ran
}

// waitRun returns what Run returned, failing the test after netTestTimeout.
func waitRun(t *testing.T, ran <-chan error) error {
	t.Helper()
	select {
	case err := <-ran:
		return err
	case <-time.After(netTestTimeout):
		t.Fatalf("Run still runs after %v", netTestTimeout)
		return nil
	}
}

// waitAddr waits until a server block has bound its address (in Init) and
// returns it as host:port.
func waitAddr(t *testing.T, addr func() net.Addr) string {
	t.Helper()
	deadline := time.Now().Add(netTestTimeout)
	for time.Now().Before(deadline) {
		if a := addr(); a != nil {
			return a.String()
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the server block never listened")
	return ""
}

// rampC returns n complex64 items k + j·(-k).
func rampC(n int) []complex64 {
	v := make([]complex64, n)
	for i := range v {
		v[i] = complex(float32(i), -float32(i))
	}
	return v
}

// testListen listens on a free port of 127.0.0.1.
func testListen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// headGraph makes a graph src → head of n items → vector sink, out being
// src's output.
func headGraph[T any](t *testing.T, src block.Block, out *block.Out[T], n uint64) (*flowgraph.Graph, *VectorSink[T]) {
	t.Helper()
	head := NewHead[T](n)
	snk := NewVectorSink[T]()
	return line(t, flowgraph.New(), []block.Block{src, head, snk}, []*block.Out[T]{out, &head.Out}, []*block.In[T]{&head.In, &snk.In}), snk
}

// checkEndsPromptly runs g, cancels its context 150 ms later (its blocks
// waiting by then) and checks that Run returns context.Canceled within a
// second.
func checkEndsPromptly(t *testing.T, g *flowgraph.Graph) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ran := startGraph(ctx, g)
	time.Sleep(150 * time.Millisecond) // into the wait
	start := time.Now()
	cancel()
	if err := waitRun(t, ran); !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Run returned %v after the cancellation", d)
	}
}

// serveOnce listens on a free port of 127.0.0.1 and hands the first client
// to serve, on its own goroutine, closing the connection when serve
// returns. It returns the address listened on.
func serveOnce(t *testing.T, serve func(c net.Conn)) string {
	t.Helper()
	ln := testListen(t)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	}()
	return ln.Addr().String()
}

// line makes a graph of blocks b0 → b1 → ... connected by the given ports:
// outs[i] feeds ins[i].
func line[T any](t *testing.T, g *flowgraph.Graph, bs []block.Block, outs []*block.Out[T], ins []*block.In[T]) *flowgraph.Graph {
	t.Helper()
	for i, b := range bs {
		must(t, g.Add(fmt.Sprintf("b%d", i), b))
	}
	for i := range outs {
		must(t, flowgraph.Connect(g, outs[i], ins[i]))
	}
	return g
}
