package flowgraph_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// poster posts IntValue(0..n-1), then finishes.
type poster struct {
	Out  block.MsgOut
	n, i int
}

func (p *poster) Work(*block.IO) error {
	if p.i == p.n {
		return block.ErrDone
	}
	p.Out.Post(pmt.Int(int64(p.i)))
	p.i++
	return nil
}

// collector records the messages it handles; gate, if not nil, holds each
// handler call until it is closed (or receives).
type collector struct {
	In   block.MsgIn
	gate chan struct{}
	mu   sync.Mutex
	got  []int64
}

func newCollector(capacity int, pol block.MsgPolicy, gate chan struct{}) *collector {
	c := &collector{gate: gate}
	c.In.SetCapacity(capacity)
	c.In.SetPolicy(pol)
	c.In.SetHandler(func(v pmt.Value) error {
		if c.gate != nil {
			<-c.gate
		}
		i, ok := v.Int()
		if !ok {
			return errors.New("not an int")
		}
		c.mu.Lock()
		c.got = append(c.got, i)
		c.mu.Unlock()
		return nil
	})
	return c
}

func (c *collector) Work(*block.IO) error { return nil }

func (c *collector) values() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int64(nil), c.got...)
}

func runMsg(t *testing.T, g *flowgraph.Graph) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return g.Run(ctx)
}

func TestMessagesArriveInOrderAndAMessageOnlyGraphFinishes(t *testing.T) {
	g := flowgraph.New()
	src := &poster{n: 5000}
	a, b := newCollector(4, block.MsgBlock, nil), newCollector(block.DefaultMsgCapacity, block.MsgBlock, nil)
	must(t, g.Add("src", src))
	must(t, g.Add("a", a))
	must(t, g.Add("b", b))
	must(t, flowgraph.ConnectMessage(g, &src.Out, &a.In))
	must(t, g.ConnectByName("src", "out", "b", "in", 0)) // same 4-tuple as YAML
	must(t, runMsg(t, g))
	for _, c := range []*collector{a, b} {
		got := c.values()
		if len(got) != src.n {
			t.Fatalf("got %d messages, want %d", len(got), src.n)
		}
		for i, v := range got {
			if v != int64(i) {
				t.Fatalf("message %d is %d: out of order", i, v)
			}
		}
	}
	st := g.Stats()
	if st[0].MsgPosted[0] != 5000 || st[1].MsgHandled[0] != 5000 || st[1].MsgDropped[0] != 0 {
		t.Errorf("stats: %+v", st)
	}
}

// waitFor polls cond (test side only) until it holds or 5 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestBackpressurePolicies(t *testing.T) {
	const n, capacity = 50, 2
	t.Run("block waits", func(t *testing.T) {
		g := flowgraph.New()
		gate := make(chan struct{})
		src, dst := &poster{n: n}, newCollector(capacity, block.MsgBlock, gate)
		must(t, g.Add("src", src))
		must(t, g.Add("dst", dst))
		must(t, flowgraph.ConnectMessage(g, &src.Out, &dst.In))
		done := make(chan error, 1)
		go func() { done <- runMsg(t, g) }()
		// The handler holds the first message; the queue fills; the sender waits.
		waitFor(t, "a full queue", func() bool { return port.MsgInOf(&dst.In).Queued() == capacity })
		time.Sleep(50 * time.Millisecond)
		// posted counts a message before its delivery: queue + handler + the one waiting.
		if p := port.MsgOutOf(&src.Out).Posted(); p > capacity+2 {
			t.Fatalf("the sender posted %d messages into a queue of %d: it did not wait", p, capacity)
		}
		close(gate)
		must(t, <-done)
		if got := dst.values(); len(got) != n || got[n-1] != n-1 || port.MsgInOf(&dst.In).Dropped() != 0 {
			t.Fatalf("got %d messages (dropped %d), want all %d", len(got), port.MsgInOf(&dst.In).Dropped(), n)
		}
	})
	t.Run("drop counts", func(t *testing.T) {
		g := flowgraph.New()
		gate := make(chan struct{})
		src, dst := &poster{n: n}, newCollector(capacity, block.MsgDrop, gate)
		must(t, g.Add("src", src))
		must(t, g.Add("dst", dst))
		must(t, flowgraph.ConnectMessage(g, &src.Out, &dst.In))
		done := make(chan error, 1)
		go func() { done <- runMsg(t, g) }()
		// The sender never waits: it finishes while the handler is held.
		waitFor(t, "the sender to finish", func() bool { return g.Stats()[0].Finished })
		close(gate)
		must(t, <-done)
		got, dropped := dst.values(), port.MsgInOf(&dst.In).Dropped()
		if dropped == 0 || uint64(len(got))+dropped != n || len(got) > capacity+1 {
			t.Fatalf("received %d, dropped %d of %d through a queue of %d", len(got), dropped, n, capacity)
		}
		if s := g.Stats()[1]; s.MsgDropped[0] != dropped {
			t.Errorf("Stats says %d dropped, the port %d", s.MsgDropped[0], dropped)
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Fatalf("out of order: %v", got)
			}
		}
	})
}

// mixed has a stream input and a message input whose handler and Work both
// touch the plain field n: go test -race finds any overlap.
type mixed struct {
	In  block.In[uint64]
	Msg block.MsgIn
	n   int
	msg int
}

func newMixed() *mixed {
	m := &mixed{}
	m.Msg.SetHandler(func(pmt.Value) error { m.n++; m.msg++; return nil })
	return m
}

func (m *mixed) Work(*block.IO) error {
	in := m.In.Slice()
	m.n += len(in)
	m.In.Consume(len(in))
	if len(in) == 0 && m.In.Finished() {
		return block.ErrDone
	}
	return nil
}

func TestHandlerAndWorkNeverOverlap(t *testing.T) {
	g := flowgraph.New()
	src := &counter{limit: 200000}
	msgs := &poster{n: 2000}
	m := newMixed()
	must(t, g.Add("src", src))
	must(t, g.Add("msgs", msgs))
	must(t, g.Add("m", m))
	must(t, flowgraph.Connect(g, &src.Out, &m.In, flowgraph.BufferBytes(4096)))
	must(t, flowgraph.ConnectMessage(g, &msgs.Out, &m.Msg))
	must(t, runMsg(t, g))
	t.Logf("%d messages handled between Work calls", m.msg)
	// The stream may end before every message is handled; what was handled was counted once.
	if m.n != 200000+m.msg || uint64(m.msg) != port.MsgInOf(&m.Msg).Handled() {
		t.Fatalf("n = %d, want %d items + %d messages", m.n, 200000, m.msg)
	}
}

// idleSender never makes progress and never finishes: it keeps its receiver alive.
type idleSender struct{ Out block.MsgOut }

func (*idleSender) Work(*block.IO) error { return nil }

func TestAMessageWakesASleepingBlockPromptly(t *testing.T) {
	g := flowgraph.New()
	got := make(chan time.Time, 4)
	recv := &collector{}
	recv.In.SetHandler(func(pmt.Value) error { got <- time.Now(); return nil })
	snd := &idleSender{}
	must(t, g.Add("snd", snd))
	must(t, g.Add("recv", recv))
	must(t, flowgraph.ConnectMessage(g, &snd.Out, &recv.In))
	if err := recv.In.Send(context.Background(), pmt.Null()); !errors.Is(err, block.ErrMsgNotRunning) {
		t.Fatalf("Send before Run: %v, want ErrMsgNotRunning", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	for i := range 3 {
		// Let both blocks fall asleep (no deadline): the graph is idleSender.
		time.Sleep(200 * time.Millisecond)
		sent := time.Now()
		must(t, recv.In.Send(ctx, pmt.Int(int64(i))))
		select {
		case at := <-got:
			if d := at.Sub(sent); d > time.Second {
				t.Fatalf("message handled %v after it was sent", d)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the message did not wake the receiver")
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
}

func TestCancellationReleasesASenderWaitingOnAFullQueue(t *testing.T) {
	g := flowgraph.New()
	gate := make(chan struct{})
	src, dst := &poster{n: 1 << 30}, newCollector(1, block.MsgBlock, gate)
	must(t, g.Add("src", src))
	must(t, g.Add("dst", dst))
	must(t, flowgraph.ConnectMessage(g, &src.Out, &dst.In))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	waitFor(t, "a full queue", func() bool { return port.MsgInOf(&dst.In).Queued() == 1 })
	cancel()
	close(gate) // the receiver's handler returns; the sender must give up on its own
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the graph did not stop: a sender is stuck on a full queue")
	}
}

func TestStreamAndMessagePortsDoNotConnect(t *testing.T) {
	g := flowgraph.New()
	src, m, msgs := &counter{limit: 1}, newMixed(), &poster{}
	must(t, g.Add("src", src))
	must(t, g.Add("msgs", msgs))
	must(t, g.Add("m", m))
	err := g.ConnectByName("src", "out", "m", "msg", 0)
	if !errors.Is(err, flowgraph.ErrPortKind) || !strings.Contains(err.Error(), "stream output src.out cannot feed message input m.msg") {
		t.Errorf("stream to message: %v", err)
	}
	err = g.ConnectByName("msgs", "out", "m", "in", 0)
	if !errors.Is(err, flowgraph.ErrPortKind) || !strings.Contains(err.Error(), "message output msgs.out cannot feed stream input m.in") {
		t.Errorf("message to stream: %v", err)
	}
	err = g.ConnectByName("msgs", "nope", "m", "in", 0)
	if !errors.Is(err, flowgraph.ErrUnknownPort) || !strings.Contains(err.Error(), "message: [out]") {
		t.Errorf("unknown port: %v", err)
	}
	must(t, g.ConnectByName("msgs", "out", "m", "msg", 0))
	if err := g.ConnectByName("msgs", "out", "m", "msg", 0); !errors.Is(err, flowgraph.ErrAlreadyConnected) {
		t.Errorf("twice: %v", err)
	}
	if err := g.Add("nohandler", &collector{}); !errors.Is(err, flowgraph.ErrNoHandler) || !strings.Contains(err.Error(), "nohandler.in") {
		t.Errorf("a message input without handler: %v", err)
	}
}

func TestYAMLMessageConnectionErrors(t *testing.T) {
	reg := registry.New()
	reg.MustRegister(registry.Spec{ID: "src", New: func(registry.Params) (block.Block, error) { return &counter{limit: 10}, nil }})
	reg.MustRegister(registry.Spec{ID: "mixed", New: func(registry.Params) (block.Block, error) { return newMixed(), nil }})
	reg.MustRegister(registry.Spec{ID: "posts", New: func(registry.Params) (block.Block, error) { return &poster{n: 3}, nil }})
	good := "blocks:\n  - {name: s, id: src}\n  - {name: p, id: posts}\n  - {name: m, id: mixed}\nconnections:\n  - [s, out, m, in]\n  - [p, out, m, msg]\n"
	l, err := graphfile.Load([]byte(good), reg, graphfile.Options{})
	must(t, err)
	must(t, runMsg(t, l.Graph))
	bad := strings.Replace(good, "[s, out, m, in]", "[s, out, m, msg]", 1)
	_, err = graphfile.Load([]byte(bad), reg, graphfile.Options{File: "g.yaml"})
	if !errors.Is(err, flowgraph.ErrPortKind) || !strings.Contains(err.Error(), "g.yaml:6:") {
		t.Fatalf("stream to message in YAML: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAnUnconnectedMessageInputTakesPostsWhileTheGraphRuns(t *testing.T) {
	g := flowgraph.New()
	src, snk := &ticker{period: 20 * time.Millisecond}, &checker{}
	dbg := newCollector(4, block.MsgBlock, nil)
	must(t, g.Add("src", src))
	must(t, g.Add("snk", snk))
	must(t, g.Add("debug", dbg)) // no connection: it lives on posts from outside
	must(t, flowgraph.Connect(g, &src.Out, &snk.In))
	done := make(chan error, 1)
	go func() { done <- runMsg(t, g) }()
	waitWork(t, g, 0)
	for i := range 3 {
		if err := dbg.In.Send(context.Background(), pmt.Int(int64(i))); err != nil {
			t.Fatalf("Send %d while the graph runs: %v", i, err)
		}
	}
	// The debug block finishes with the rest of the graph.
	select {
	case err := <-done:
		must(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the graph did not finish after its stream part did")
	}
	if got := dbg.values(); len(got) != 3 {
		t.Fatalf("debug handled %v, want the 3 posts", got)
	}
}

func TestAGraphThatOnlyTakesPostsRunsUntilStopped(t *testing.T) {
	g := flowgraph.New()
	dbg := newCollector(4, block.MsgBlock, nil)
	must(t, g.Add("debug", dbg))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	waitWork(t, g, 0)
	time.Sleep(20 * time.Millisecond)
	if err := dbg.In.Send(ctx, pmt.Int(7)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	for deadline := time.Now().Add(5 * time.Second); len(dbg.values()) == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
}

// waitWork waits until block i of g has called Work.
func waitWork(t *testing.T, g *flowgraph.Graph, i int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); g.Stats()[i].WorkCalls == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("block %d has not run after 5 s", i)
		}
	}
}
