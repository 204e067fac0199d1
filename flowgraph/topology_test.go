package flowgraph_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestBlocksBlockAndEdgesDescribeTheGraph(t *testing.T) {
	src := block.Source(func(out []float32) (int, error) { return 0, block.ErrDone })
	a := block.Sink(func([]float32) error { return nil })
	b := block.Sink(func([]float32) error { return nil })
	g := flowgraph.New()
	for _, x := range []struct {
		name string
		b    block.Block
	}{{"src", src}, {"a", a}, {"b", b}} {
		if err := g.Add(x.name, x.b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flowgraph.Connect(g, &src.Out, &a.In); err != nil {
		t.Fatal(err)
	}
	if err := flowgraph.Connect(g, &src.Out, &b.In); err != nil {
		t.Fatal(err)
	}
	if got := g.Blocks(); !slices.Equal(got, []string{"src", "a", "b"}) {
		t.Errorf("Blocks() = %v", got)
	}
	if g.Block("a") != block.Block(a) || g.Block("nope") != nil {
		t.Errorf("Block: wrong block")
	}
	want := []flowgraph.Edge{
		{Src: "src", SrcPort: "out", Dst: "a", DstPort: "in", Type: "float32"},
		{Src: "src", SrcPort: "out", Dst: "b", DstPort: "in", Type: "float32"},
	}
	if got := g.Edges(); !slices.Equal(got, want) {
		t.Errorf("Edges() = %+v, want %+v", got, want)
	}
}

// waitState polls Stats until block i is in state want.
func waitState(t *testing.T, g *flowgraph.Graph, i int, want flowgraph.State) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if g.Stats()[i].State == want {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("block %d: state %v, want %v", i, g.Stats()[i].State, want)
}

func TestStatsStateSeesWhatABlockWaitsFor(t *testing.T) {
	release := make(chan struct{})
	first := true
	// The source blocks in its first Work call until released, then
	// produces for ever; the sink blocks in its first call with items.
	src := block.Source(func(out []float32) (int, error) {
		if first {
			first = false
			<-release
		}
		return len(out), nil
	})
	sinkHeld := make(chan struct{})
	snk := block.Sink(func([]float32) error {
		<-sinkHeld
		return errors.New("sink gives up")
	})
	g := flowgraph.New()
	g.Add("src", src)
	g.Add("snk", snk)
	flowgraph.Connect(g, &src.Out, &snk.In)
	if st := g.Stats(); st[0].State != flowgraph.StateIdle || st[1].State != flowgraph.StateIdle {
		t.Errorf("before Run: %v, %v, want idle", st[0].State, st[1].State)
	}
	done := make(chan error, 1)
	go func() { done <- g.Run(context.Background()) }()
	waitState(t, g, 0, flowgraph.StateRunning)
	waitState(t, g, 1, flowgraph.StateWaitingInput)
	close(release)
	waitState(t, g, 0, flowgraph.StateWaitingSpace) // the sink holds its first chunk
	if st := g.Stats()[0]; st.Fill[0] != st.Capacity[0] || st.Capacity[0] == 0 {
		t.Errorf("source's buffer: fill %d of %d, want full", st.Fill[0], st.Capacity[0])
	}
	close(sinkHeld)
	if err := <-done; err == nil {
		t.Fatal("Run: no error from the failing sink")
	}
	st := g.Stats()
	if st[1].State != flowgraph.StateFailed || st[0].State != flowgraph.StateDone {
		t.Errorf("after Run: source %v, sink %v; want done, failed", st[0].State, st[1].State)
	}
	if s := flowgraph.StateWaitingSpace.String(); s != "waiting for space" {
		t.Errorf("String() = %q", s)
	}
}
