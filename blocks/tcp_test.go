package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// tcpSender is a graph vector source → tcp_sink.
func tcpSender[T sourcesItem](t *testing.T, mode, address string, items []T) (*flowgraph.Graph, *TCPSink[T]) {
	t.Helper()
	src, err := NewVectorSource(items, false)
	must(t, err)
	snk, err := NewTCPSink[T](mode, address, true)
	must(t, err)
	return line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[T]{&src.Out}, []*block.In[T]{&snk.In}), snk
}

// tcpReceiver is a graph tcp_source → vector sink.
func tcpReceiver[T sourcesItem](t *testing.T, mode, address string, keep bool) (*flowgraph.Graph, *TCPSource[T], *VectorSink[T]) {
	t.Helper()
	src, err := NewTCPSource[T](mode, address, keep)
	must(t, err)
	snk := NewVectorSink[T]()
	return line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[T]{&src.Out}, []*block.In[T]{&snk.In}), src, snk
}

func TestTCPJoinsTwoGraphsEitherSideServing(t *testing.T) {
	want := rampC(300_000) // 2.4 MB: more than the socket buffers hold
	for _, sinkServes := range []bool{true, false} {
		name := map[bool]string{true: "sink serves", false: "source serves"}[sinkServes]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var sent, received <-chan error
			var src *TCPSource[complex64]
			var out *VectorSink[complex64]
			if sinkServes {
				gs, snk := tcpSender(t, NetServer, "127.0.0.1:0", want)
				sent = startGraph(ctx, gs)
				var gr *flowgraph.Graph
				gr, src, out = tcpReceiver[complex64](t, NetClient, waitAddr(t, snk.Addr), false)
				received = startGraph(ctx, gr)
			} else {
				var gr *flowgraph.Graph
				gr, src, out = tcpReceiver[complex64](t, NetServer, "127.0.0.1:0", false)
				received = startGraph(ctx, gr)
				gs, _ := tcpSender(t, NetClient, waitAddr(t, src.Addr), want)
				sent = startGraph(ctx, gs)
			}
			if err := waitRun(t, sent); err != nil {
				t.Fatalf("sending graph: %v", err)
			}
			if err := waitRun(t, received); err != nil {
				t.Fatalf("receiving graph: %v", err)
			}
			if got := out.Items(); !slices.Equal(got, want) {
				t.Fatalf("received %d items, want the %d sent (first difference at %d)", len(got), len(want), firstDiff(got, want))
			}
			if src.DroppedBytes() != 0 || src.Connections() != 1 {
				t.Errorf("dropped %d bytes over %d connections", src.DroppedBytes(), src.Connections())
			}
		})
	}
}

func firstDiff[T comparable](a, b []T) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// floatBytes returns v as raw float32 bytes in the host's order.
func floatBytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.NativeEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// bytesFloats reads raw float32 bytes in the host's order.
func bytesFloats(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.NativeEndian.Uint32(b[4*i:]))
	}
	return v
}

func TestTCPSourceEndsWhenThePeerClosesAndCountsAPartialItem(t *testing.T) {
	addr := serveOnce(t, func(c net.Conn) {
		// 10 items, then 3 bytes of an 11th, in pieces that split items.
		b := append(floatBytes(ramp(10)), 1, 2, 3)
		for len(b) > 0 {
			n := min(len(b), 7)
			c.Write(b[:n])
			b = b[n:]
			time.Sleep(time.Millisecond)
		}
	})
	g, src, out := tcpReceiver[float32](t, NetClient, addr, false)
	if err := waitRun(t, startGraph(context.Background(), g)); err != nil {
		t.Fatal(err)
	}
	if got := out.Items(); !slices.Equal(got, ramp(10)) {
		t.Errorf("got %v, want the 10 whole items", got)
	}
	if src.DroppedBytes() != 3 {
		t.Errorf("dropped %d bytes, want the 3 of the partial item", src.DroppedBytes())
	}
}

func TestTCPSourceClientFailsWithoutServer(t *testing.T) {
	ln := testListen(t)
	addr := ln.Addr().String()
	ln.Close()
	g, _, _ := tcpReceiver[float32](t, NetClient, addr, false)
	err := waitRun(t, startGraph(context.Background(), g))
	if err == nil {
		t.Fatal("Run succeeded with nothing listening")
	}
}

// tcpSendAll connects to addr, sends b and closes.
func tcpSendAll(t *testing.T, addr string, b []byte) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return
	}
	if _, err := c.Write(b); err != nil {
		t.Error(err)
	}
	c.Close()
}

func TestTCPSourceServerKeepsListeningForTheNextClient(t *testing.T) {
	src, err := NewTCPSource[float32](NetServer, "127.0.0.1:0", true)
	must(t, err)
	g, snk := headGraph(t, src, &src.Out, 20)
	ran := startGraph(context.Background(), g)
	addr := waitAddr(t, src.Addr)
	// The first client leaves half an item behind: the second starts clean.
	tcpSendAll(t, addr, append(floatBytes(ramp(10)), 9, 9))
	tcpSendAll(t, addr, floatBytes(ramp(20)[10:]))
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}
	if got := snk.Items(); !slices.Equal(got, ramp(20)) {
		t.Errorf("got %v, want the items of both clients", got)
	}
	if src.Connections() != 2 || src.DroppedBytes() != 2 {
		t.Errorf("%d connections, %d bytes dropped; want 2 and 2", src.Connections(), src.DroppedBytes())
	}
}

func TestTCPSourceClientConnectsAgainWhenKeepingListening(t *testing.T) {
	ln := testListen(t)
	addr := ln.Addr().String()
	go func() {
		for i := range 2 {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write(floatBytes(ramp(20)[10*i : 10*i+10]))
			c.Close()
		}
	}()
	src, err := NewTCPSource[float32](NetClient, addr, true)
	must(t, err)
	g, snk := headGraph(t, src, &src.Out, 20)
	if err := waitRun(t, startGraph(context.Background(), g)); err != nil {
		t.Fatal(err)
	}
	if got := snk.Items(); !slices.Equal(got, ramp(20)) {
		t.Errorf("got %v, want the items of both connections", got)
	}
}

func TestTCPSinkServerServesTheNextClientFromAnItemBoundary(t *testing.T) {
	// 0, 1, ..., 999 forever: the sink is still sending when a client goes.
	src, err := NewVectorSource(ramp(1000), true)
	must(t, err)
	snk, err := NewTCPSink[float32](NetServer, "127.0.0.1:0", true)
	must(t, err)
	g := line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[float32]{&src.Out}, []*block.In[float32]{&snk.In})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := startGraph(ctx, g)
	addr := waitAddr(t, snk.Addr)

	read := func(n int) []byte {
		c, err := net.Dial("tcp", addr)
		must(t, err)
		defer c.Close()
		b := make([]byte, n)
		if _, err := io.ReadFull(c, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	if got := bytesFloats(read(4001)); !slices.Equal(got, ramp(1000)) {
		t.Fatalf("the first client got %v..., want the stream from its start", got[:5])
	}
	// The first client left in the middle of an item; the second starts on
	// a boundary, wherever the sink was when the first went.
	got := bytesFloats(read(1 << 20))
	for i := 1; i < len(got); i++ {
		if got[i] != float32((int(got[i-1])+1)%1000) {
			t.Fatalf("the second client got %v at %d after %v: not the stream, or not from an item boundary", got[i], i, got[i-1])
		}
	}
	cancel()
	if err := waitRun(t, ran); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if snk.Connections() != 2 {
		t.Errorf("%d connections, want 2", snk.Connections())
	}
}

func TestTCPSinkServerDropsItemsWithoutClientWhenNotWaiting(t *testing.T) {
	src, err := NewVectorSource(ramp(10_000), false)
	must(t, err)
	snk, err := NewTCPSink[float32](NetServer, "127.0.0.1:0", false)
	must(t, err)
	g := line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[float32]{&src.Out}, []*block.In[float32]{&snk.In})
	if err := waitRun(t, startGraph(context.Background(), g)); err != nil {
		t.Fatal(err)
	}
	if snk.DroppedItems() != 10_000 {
		t.Errorf("dropped %d items, want all 10000", snk.DroppedItems())
	}
}

func TestTCPSinkClientFinishesWhenTheServerCloses(t *testing.T) {
	addr := serveOnce(t, func(c net.Conn) { io.CopyN(io.Discard, c, 1<<20) })
	src := NewConstantSource[complex64](1) // never ends by itself
	snk, err := NewTCPSink[complex64](NetClient, addr, true)
	must(t, err)
	g := line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[complex64]{&src.Out}, []*block.In[complex64]{&snk.In})
	if err := waitRun(t, startGraph(context.Background(), g)); err != nil {
		t.Fatalf("Run: %v, want the graph to end cleanly", err)
	}
}

// TestTCPBlocksEndPromptlyWhenTheGraphStops stops graphs whose network
// blocks all wait: for a client, for data, for a reader, for room.
func TestTCPBlocksEndPromptlyWhenTheGraphStops(t *testing.T) {
	quiet := testListen(t) // accepts (in the kernel) and never reads nor writes
	cases := map[string]func(t *testing.T) *flowgraph.Graph{
		"source server waiting for a client": func(t *testing.T) *flowgraph.Graph {
			g, _, _ := tcpReceiver[float32](t, NetServer, "127.0.0.1:0", false)
			return g
		},
		"source client waiting for data": func(t *testing.T) *flowgraph.Graph {
			g, _, _ := tcpReceiver[float32](t, NetClient, quiet.Addr().String(), false)
			return g
		},
		"source keeping listening": func(t *testing.T) *flowgraph.Graph {
			g, _, _ := tcpReceiver[float32](t, NetServer, "127.0.0.1:0", true)
			return g
		},
		"sink server waiting for a client": func(t *testing.T) *flowgraph.Graph {
			g, _ := tcpSender(t, NetServer, "127.0.0.1:0", ramp(1000))
			return g
		},
		"sink client blocked by a peer that does not read": func(t *testing.T) *flowgraph.Graph {
			src := NewConstantSource[complex64](1)
			snk, err := NewTCPSink[complex64](NetClient, quiet.Addr().String(), true)
			must(t, err)
			return line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[complex64]{&src.Out}, []*block.In[complex64]{&snk.In})
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) { checkEndsPromptly(t, mk(t)) })
	}
}

func TestTCPBlocksRefuseBadParameters(t *testing.T) {
	for _, c := range []struct{ mode, addr string }{{"peer", "127.0.0.1:1"}, {NetClient, "127.0.0.1"}, {NetServer, ""}} {
		if _, err := NewTCPSource[float32](c.mode, c.addr, false); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("tcp_source %q %q: %v", c.mode, c.addr, err)
		}
		if _, err := NewTCPSink[float32](c.mode, c.addr, false); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("tcp_sink %q %q: %v", c.mode, c.addr, err)
		}
	}
}
