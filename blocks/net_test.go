package blocks

import (
	"context"
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
