package blocks_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/blocks/internal/grzmq"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/pmt"
)

// zmqAny is a loopback endpoint on a port the system picks (see Addr).
const zmqAny = "tcp://127.0.0.1:0"

// zmqMust fails the test at once on an error.
func zmqMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// zmqFreeEndpoint returns a loopback endpoint free a moment ago, for a
// peer that must bind the same port more than once.
func zmqFreeEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	zmqMust(t, err)
	defer l.Close()
	return "tcp://" + l.Addr().String()
}

// zmqRun runs g in the background; wait returns its error.
func zmqRun(ctx context.Context, g *flowgraph.Graph) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	return func() error { return <-done }
}

// zmqAddr waits until a binding block has bound and returns its address.
func zmqAddr(t *testing.T, b interface{ Addr() string }) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if a := b.Addr(); a != "" {
			return a
		}
	}
	t.Fatal("the block did not bind")
	return ""
}

// zmqRamp returns n float32 items 0, 1, 2... and a tag on every step-th,
// whose value is its item's.
func zmqRamp(n, step int) ([]float32, []buffer.Tag) {
	items := make([]float32, n)
	var tags []buffer.Tag
	for i := range items {
		items[i] = float32(i)
		if i%step == 0 {
			tags = append(tags, buffer.Tag{Offset: uint64(i), Key: "i", Value: int64(i)})
		}
	}
	return items, tags
}

// zmqRampC returns n complex64 items k - jk for k = 0, 1, 2...
func zmqRampC(n int) []complex64 {
	items := make([]complex64, n)
	for i := range items {
		items[i] = complex(float32(i), -float32(i))
	}
	return items
}

// zmqCheckTagsOnTheirItems checks that every tag of a ramp received is on
// the item it was sent with (its value), and returns how many there are.
func zmqCheckTagsOnTheirItems(t *testing.T, items []float32, tags []buffer.Tag) int {
	t.Helper()
	for _, tg := range tags {
		v, ok := tg.Value.(int64)
		if !ok || tg.Offset >= uint64(len(items)) || items[tg.Offset] != float32(v) {
			t.Fatalf("tag %v is not on its item (items %v...)", tg, items[:min(len(items), 8)])
		}
	}
	return len(tags)
}

// zmqSender makes a graph sending items with tags to a sink.
func zmqSender[T any](t *testing.T, items []T, tags []buffer.Tag, snk interface {
	block.Block
	Addr() string
}, in *block.In[T]) *flowgraph.Graph {
	t.Helper()
	src, err := blocks.NewVectorSource(items, false, tags...)
	zmqMust(t, err)
	g := flowgraph.New()
	zmqMust(t, g.Add("src", src))
	zmqMust(t, g.Add("zmq", snk))
	zmqMust(t, flowgraph.Connect(g, &src.Out, in))
	return g
}

// zmqReceiver makes a graph taking n items from a source into a vector sink.
func zmqReceiver[T any](t *testing.T, src block.Block, out *block.Out[T], n uint64) (*flowgraph.Graph, *blocks.VectorSink[T]) {
	t.Helper()
	head := blocks.NewHead[T](n)
	snk := blocks.NewVectorSink[T]()
	g := flowgraph.New()
	zmqMust(t, g.Add("zmq", src))
	zmqMust(t, g.Add("head", head))
	zmqMust(t, g.Add("snk", snk))
	zmqMust(t, flowgraph.Connect(g, out, &head.In))
	zmqMust(t, flowgraph.Connect(g, &head.Out, &snk.In))
	return g, snk
}

// zmqEndlessSender makes a graph sending items with tags over and over to
// a sink, throttled to rate items a second.
func zmqEndlessSender[T any](t *testing.T, items []T, tags []buffer.Tag, rate float64, snk block.Block, in *block.In[T]) *flowgraph.Graph {
	t.Helper()
	src, err := blocks.NewVectorSource(items, true, tags...)
	zmqMust(t, err)
	thr, err := blocks.NewThrottle[T](rate)
	zmqMust(t, err)
	g := flowgraph.New()
	for name, b := range map[string]block.Block{"src": src, "throttle": thr, "zmq": snk} {
		zmqMust(t, g.Add(name, b))
	}
	zmqMust(t, flowgraph.Connect(g, &src.Out, &thr.In))
	zmqMust(t, flowgraph.Connect(g, &thr.Out, in))
	return g
}

// zmqMsgReceiver makes a graph of a message source posting to a message
// debug block.
func zmqMsgReceiver(t *testing.T, src block.Block, out *block.MsgOut) (*flowgraph.Graph, *blocks.MessageDebug) {
	t.Helper()
	dbg := blocks.NewMessageDebug("dbg", nil)
	g := flowgraph.New()
	zmqMust(t, g.Add("zmq", src))
	zmqMust(t, g.Add("dbg", dbg))
	zmqMust(t, flowgraph.ConnectMessage(g, out, &dbg.In))
	return g, dbg
}

// zmqContext returns a context that ends after d, or with the test.
func zmqContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// zmqStart runs g in the background until stop, which cancels g's context
// and returns Run's error.
func zmqStart(ctx context.Context, g *flowgraph.Graph) (stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	wait := zmqRun(ctx, g)
	return func() error {
		cancel()
		return wait()
	}
}

// zmqWaitUntil checks cond every 5 ms until it holds or ctx is done.
func zmqWaitUntil(ctx context.Context, cond func() bool) {
	for !cond() && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
}

// zmqRaw opens a raw socket, closed at the end of the test.
func zmqRaw(t *testing.T, opt grzmq.Options) *grzmq.Socket {
	t.Helper()
	s, err := grzmq.Open(opt)
	zmqMust(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// zmqCheckTags checks that got are the tags want, compared as PMTs.
func zmqCheckTags(t *testing.T, got, want []buffer.Tag) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	for i := range want {
		w, _ := pmt.FromTag(want[i])
		g, err := pmt.FromTag(got[i])
		if err != nil || !g.Equal(w) {
			t.Errorf("tag %v, want %v", got[i], want[i])
		}
	}
}

func TestZMQPushPullCarriesItemsAndTags(t *testing.T) {
	const n = 20000
	items := zmqRampC(n)
	tags := []buffer.Tag{
		{Offset: 0, Key: "first", Value: int64(1)},
		{Offset: 1, Key: "float", Value: 2.5},
		{Offset: 4095, Key: "string", Value: "x"},
		{Offset: 4096, Key: "map", Value: map[string]pmt.Value{"freq": pmt.Float(1e6)}},
		{Offset: 12345, Key: "pdu", Value: []pmt.Value{pmt.Map(nil), pmt.Bytes([]byte{1, 2})}},
		{Offset: n - 1, Key: "last", Value: []byte{7}},
		{Offset: n - 1, Key: "no pmt", Value: struct{}{}}, // dropped, counted
	}
	ctx := zmqContext(t, 20*time.Second)
	sink, err := blocks.NewZMQPushSink[complex64](zmqAny, true, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	waitA := zmqRun(ctx, zmqSender(t, items, tags, sink, &sink.In))
	src, err := blocks.NewZMQPullSource[complex64](zmqAddr(t, sink), false, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, src, &src.Out, n)
	waitB := zmqRun(ctx, g)
	zmqMust(t, waitA())
	zmqMust(t, waitB())
	if got := snk.Items(); !slices.Equal(got, items) {
		t.Fatalf("received %d items, want %d (first %v)", len(got), n, got[:min(len(got), 4)])
	}
	want := tags[:len(tags)-1]
	want[4].Value = []pmt.Value{pmt.Null(), pmt.Bytes([]byte{1, 2})} // an empty dictionary is null
	zmqCheckTags(t, snk.Tags(), want)
	if st := sink.Stats(); st.TagsDropped != 1 || st.Items != n {
		t.Errorf("sink stats %+v: want 1 tag dropped, %d items", st, n)
	}
	if st := src.Stats(); st.BadMessages != 0 || st.Items < n || st.Messages == 0 {
		t.Errorf("source stats %+v", st)
	}
}

func TestZMQPullSourceReconnectsAfterThePushSinkRestarts(t *testing.T) {
	ep := zmqFreeEndpoint(t)
	ctx := zmqContext(t, 20*time.Second)
	const n1, n2 = 3000, 5000
	all, tags := zmqRamp(n1+n2, 7)
	src, err := blocks.NewZMQPullSource[float32](ep, false, blocks.ZMQOptions{PassTags: true, Timeout: 20 * time.Millisecond})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, src, &src.Out, n1+n2)
	waitB := zmqRun(ctx, g) // connects before the sink is there
	// Two sender graphs in turn on the same port, each starting its item
	// count at 0: the receiver puts the second's tags after the first's items.
	first, second := slices.Clone(tags), []buffer.Tag{}
	for i, tg := range tags {
		if tg.Offset >= n1 {
			first = tags[:i]
			for _, tg := range tags[i:] {
				tg.Offset -= n1
				second = append(second, tg)
			}
			break
		}
	}
	for _, part := range []struct {
		items []float32
		tags  []buffer.Tag
	}{{all[:n1], first}, {all[n1:], second}} {
		sink, err := blocks.NewZMQPushSink[float32](ep, true, blocks.ZMQOptions{PassTags: true})
		zmqMust(t, err)
		zmqMust(t, zmqRun(ctx, zmqSender(t, part.items, part.tags, sink, &sink.In))())
		if st := sink.Stats(); st.Items != uint64(len(part.items)) {
			t.Fatalf("sink stats %+v", st)
		}
	}
	zmqMust(t, waitB())
	if got := snk.Items(); !slices.Equal(got, all) {
		t.Fatalf("received %d items, want %d", len(got), len(all))
	}
	if k := zmqCheckTagsOnTheirItems(t, snk.Items(), snk.Tags()); k != len(tags) {
		t.Errorf("%d tags, want %d", k, len(tags))
	}
	if st := src.Stats(); st.Connects != 2 {
		t.Errorf("source stats %+v, want 2 connects", st)
	}
}

func TestZMQPushSinkReconnectsAfterThePullSourceRestarts(t *testing.T) {
	ep := zmqFreeEndpoint(t)
	ctx := zmqContext(t, 20*time.Second)
	// An endless ramp with tags, sent by a connecting PUSH sink.
	items, tags := zmqRamp(1<<16, 100)
	push, err := blocks.NewZMQPushSink[float32](ep, false, blocks.ZMQOptions{PassTags: true, HWM: 4})
	zmqMust(t, err)
	stopA := zmqStart(ctx, zmqEndlessSender(t, items, tags, 1<<20, push, &push.In))
	// Two receiving graphs in turn bind the port; each gets a part of the
	// ramp, every tag on its item.
	for round := range 2 {
		pull, err := blocks.NewZMQPullSource[float32](ep, true, blocks.ZMQOptions{PassTags: true})
		zmqMust(t, err)
		g, snk := zmqReceiver(t, pull, &pull.Out, 20000)
		if err := zmqRun(ctx, g)(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got := snk.Items()
		for i := 1; i < len(got); i++ {
			if got[i] != got[i-1]+1 && got[i] != 0 {
				t.Fatalf("round %d: item %d is %v after %v", round, i, got[i], got[i-1])
			}
		}
		if k := zmqCheckTagsOnTheirItems(t, got, snk.Tags()); k < 190 {
			t.Errorf("round %d: %d tags in 20000 items", round, k)
		}
	}
	if err := stopA(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if st := push.Stats(); st.Connects != 2 {
		t.Errorf("push stats %+v, want 2 connects", st)
	}
}

func TestZMQPubSubWithKey(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	items, tags := zmqRamp(1<<16, 100)
	pub, err := blocks.NewZMQPubSink[float32](zmqAny, true, blocks.ZMQOptions{PassTags: true, Key: "ramp"})
	zmqMust(t, err)
	stopA := zmqStart(ctx, zmqEndlessSender(t, items, tags, 1<<20, pub, &pub.In))
	addr := zmqAddr(t, pub)

	const n = 50000
	sub, err := blocks.NewZMQSubSource[float32](addr, false, blocks.ZMQOptions{PassTags: true, Key: "ra"})
	zmqMust(t, err)
	other, err := blocks.NewZMQSubSource[float32](addr, false, blocks.ZMQOptions{PassTags: true, Key: "other"})
	zmqMust(t, err)
	gb, snk := zmqReceiver(t, sub, &sub.Out, n)
	osnk := blocks.NewVectorSink[float32]()
	zmqMust(t, gb.Add("other", other))
	zmqMust(t, gb.Add("osnk", osnk))
	zmqMust(t, flowgraph.Connect(gb, &other.Out, &osnk.In))
	stopB := zmqStart(ctx, gb)
	// gb ends when stopped: its head finishes the sub's branch only.
	zmqWaitUntil(ctx, func() bool { return len(snk.Items()) >= n })
	if err := stopB(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if err := stopA(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	got := snk.Items()
	if len(got) != n {
		t.Fatalf("received %d items, want %d", len(got), n)
	}
	// A subscriber starts anywhere in the ramp; the publisher may drop
	// what it does not keep up with, whole messages.
	if k := zmqCheckTagsOnTheirItems(t, got, snk.Tags()); k < n/100-10 {
		t.Errorf("%d tags in %d items", k, n)
	}
	if len(osnk.Items()) != 0 {
		t.Errorf("the subscriber to another key got %d items", len(osnk.Items()))
	}
	if st := sub.Stats(); st.BadMessages != 0 || st.Connects != 1 {
		t.Errorf("sub stats %+v", st)
	}
}

func TestZMQReqRep(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	const n = 30000
	items, tags := zmqRamp(n, 13)
	rep, err := blocks.NewZMQRepSink[float32](zmqAny, true, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	waitA := zmqRun(ctx, zmqSender(t, items, tags, rep, &rep.In))
	req, err := blocks.NewZMQReqSource[float32](zmqAddr(t, rep), false, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, req, &req.Out, n)
	zmqMust(t, zmqRun(ctx, g)())
	zmqMust(t, waitA())
	if !slices.Equal(snk.Items(), items) {
		t.Fatalf("received %d items, want %d", len(snk.Items()), n)
	}
	if k := zmqCheckTagsOnTheirItems(t, snk.Items(), snk.Tags()); k != len(tags) {
		t.Errorf("%d tags, want %d", k, len(tags))
	}
}

func TestZMQVectorLength(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	items, tags := zmqRamp(4000, 8) // tags on every other vector of 4
	sink, err := blocks.NewZMQPushSink[float32](zmqAny, true, blocks.ZMQOptions{PassTags: true, VLen: 4})
	zmqMust(t, err)
	stopA := zmqStart(ctx, zmqEndlessSender(t, items, tags, 1e6, sink, &sink.In))
	// A raw PULL sees GNU Radio's vector offsets in the header.
	raw := zmqRaw(t, grzmq.Options{Kind: grzmq.Pull, Endpoint: zmqAddr(t, sink)})
	parts, err := raw.Recv(ctx, -1)
	zmqMust(t, err)
	first, htags, k, err := grzmq.ParseHeader(parts[0])
	if err != nil || (len(parts[0])-k)%16 != 0 {
		t.Fatalf("header: %v, %d bytes after it", err, len(parts[0])-k)
	}
	for _, tg := range htags {
		if tg.Offset < first || (tg.Offset-first)*16 >= uint64(len(parts[0])-k) || tg.Offset%2 != 0 {
			t.Errorf("tag %v in a message of vectors from %d", tg, first)
		}
	}
	raw.Close()
	// The rest goes to a pull source with the same vlen.
	pull, err := blocks.NewZMQPullSource[float32](zmqAddr(t, sink), false, blocks.ZMQOptions{PassTags: true, VLen: 4})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, pull, &pull.Out, 4000)
	zmqMust(t, zmqRun(ctx, g)())
	if err := stopA(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	got := snk.Items()
	if len(got) != 4000 || int(got[0])%4 != 0 {
		t.Fatalf("got %d items from %v", len(got), got[:min(4, len(got))])
	}
	if k := zmqCheckTagsOnTheirItems(t, got, snk.Tags()); k != 500 {
		t.Errorf("%d tags in 4000 items, want 500", k)
	}
}

func TestZMQSourceCountsBadMessages(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	src, err := blocks.NewZMQPullSource[float32](zmqAny, true, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, src, &src.Out, 2)
	wait := zmqRun(ctx, g)
	raw := zmqRaw(t, grzmq.Options{Kind: grzmq.Push, Endpoint: zmqAddr(t, src)})
	hdr, _ := grzmq.AppendHeader(nil, 100, []grzmq.Tag{{Offset: 101, Key: pmt.String("k"), Value: pmt.Int(5), SrcID: pmt.Bool(false)}})
	bad := [][]byte{
		append(slices.Clone(hdr), 1, 2, 3), // not whole float32s
		{1, 2, 3, 4, 5, 6, 7, 8},           // no header
		append(slices.Clone(hdr[:5]), 0, 0, 0, 0),
	}
	for _, m := range bad {
		zmqMust(t, raw.Send(ctx, -1, m))
	}
	good := append(slices.Clone(hdr), 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40) // 1, 2; the tag on 2
	zmqMust(t, raw.Send(ctx, -1, []byte{1, 2}, []byte{3}))             // [key][payload] without a header
	zmqMust(t, raw.Send(ctx, -1, good))
	zmqMust(t, wait())
	if got := snk.Items(); !slices.Equal(got, []float32{1, 2}) {
		t.Errorf("got %v", got)
	}
	if tags := snk.Tags(); len(tags) != 1 || tags[0].Offset != 1 || tags[0].Key != "k" || tags[0].Value != int64(5) {
		t.Errorf("tags %v", tags)
	}
	if st := src.Stats(); st.BadMessages != 4 {
		t.Errorf("source stats %+v, want 4 bad messages", st)
	}
}

func TestZMQSourceEndsWhenTheGraphStopsWithoutSpinning(t *testing.T) {
	for _, mk := range []func() (block.Block, error){
		func() (block.Block, error) {
			return blocks.NewZMQPullSource[float32](zmqFreeEndpoint(t), false, blocks.ZMQOptions{Timeout: 50 * time.Millisecond})
		},
		func() (block.Block, error) {
			return blocks.NewZMQReqSource[float32](zmqFreeEndpoint(t), false, blocks.ZMQOptions{Timeout: 50 * time.Millisecond})
		},
		func() (block.Block, error) {
			return blocks.NewZMQSubMsgSource(zmqFreeEndpoint(t), false, blocks.ZMQOptions{Timeout: 50 * time.Millisecond})
		},
	} {
		b, err := mk()
		zmqMust(t, err)
		g := flowgraph.New()
		zmqMust(t, g.Add("src", b))
		switch b := b.(type) {
		case *blocks.ZMQPullSource[float32]:
			snk := blocks.NewNullSink[float32]()
			zmqMust(t, g.Add("snk", snk))
			zmqMust(t, flowgraph.Connect(g, &b.Out, &snk.In))
		case *blocks.ZMQReqSource[float32]:
			snk := blocks.NewNullSink[float32]()
			zmqMust(t, g.Add("snk", snk))
			zmqMust(t, flowgraph.Connect(g, &b.Out, &snk.In))
		case *blocks.ZMQSubMsgSource:
			dbg := blocks.NewMessageDebug("dbg", nil)
			zmqMust(t, g.Add("dbg", dbg))
			zmqMust(t, flowgraph.ConnectMessage(g, &b.Out, &dbg.In))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		t0 := time.Now()
		err = g.Run(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%T: Run = %v", b, err)
		}
		if d := time.Since(t0); d > time.Second {
			t.Errorf("%T: the graph took %v to stop", b, d)
		}
		// About 300 ms / 50 ms Work calls (the REQ waits twice per call).
		if calls := g.Stats()[0].WorkCalls; calls > 20 {
			t.Errorf("%T: %d Work calls in 300 ms", b, calls)
		}
	}
}

// zmqMsgPoster posts its messages, one per Work call, then finishes.
type zmqMsgPoster struct {
	Out  block.MsgOut
	msgs []pmt.Value
}

func (s *zmqMsgPoster) Work(*block.IO) error {
	if len(s.msgs) == 0 {
		return block.ErrDone
	}
	s.Out.Post(s.msgs[0])
	s.msgs = s.msgs[1:]
	return nil
}

// zmqMessages are values of every kind, as they come back.
var zmqMessages = []pmt.Value{
	pmt.Null(), pmt.Bool(true), pmt.Int(-5), pmt.Int(1 << 40), pmt.Float(2.5), pmt.Complex(1 - 2i),
	pmt.String("hello"), pmt.Bytes([]byte{1, 2, 3}), pmt.Floats([]float32{0.5}), pmt.Complexes([]complex64{1i}),
	pmt.Map(map[string]pmt.Value{"freq": pmt.Float(1e6), "on": pmt.Bool(true)}),
	pmt.List(pmt.String("freq"), pmt.Float(100e6)),
	pmt.PDU{Meta: map[string]pmt.Value{"n": pmt.Int(3)}, Data: pmt.Bytes([]byte{9, 8, 7})}.Value(),
	pmt.List(pmt.Int(1), pmt.Int(2), pmt.Int(3)),
}

func TestZMQPushPullMessages(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	sink, err := blocks.NewZMQPushMsgSink(zmqAny, true, blocks.ZMQOptions{})
	zmqMust(t, err)
	ga := flowgraph.New()
	poster := &zmqMsgPoster{msgs: slices.Clone(zmqMessages)}
	zmqMust(t, ga.Add("post", poster))
	zmqMust(t, ga.Add("zmq", sink))
	zmqMust(t, flowgraph.ConnectMessage(ga, &poster.Out, &sink.In))
	waitA := zmqRun(ctx, ga) // ends when posted and flushed

	src, err := blocks.NewZMQPullMsgSource(zmqAddr(t, sink), false, blocks.ZMQOptions{})
	zmqMust(t, err)
	gb, dbg := zmqMsgReceiver(t, src, &src.Out)
	stopB := zmqStart(ctx, gb)
	zmqMust(t, waitA())
	zmqWaitUntil(ctx, func() bool { return len(dbg.Messages()) >= len(zmqMessages) })
	if err := stopB(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	got := dbg.Messages()
	if len(got) != len(zmqMessages) {
		t.Fatalf("got %v", got)
	}
	for i, v := range zmqMessages {
		if !got[i].Equal(v) {
			t.Errorf("message %d: %v, want %v", i, got[i], v)
		}
	}
}

func TestZMQPubSubMessages(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	pub, err := blocks.NewZMQPubMsgSink(zmqAny, true, blocks.ZMQOptions{})
	zmqMust(t, err)
	msg := pmt.Map(map[string]pmt.Value{"freq": pmt.Float(433.92e6)})
	strobe := blocks.NewMessageStrobe(msg, 5*time.Millisecond, 0)
	ga := flowgraph.New()
	zmqMust(t, ga.Add("strobe", strobe))
	zmqMust(t, ga.Add("pub", pub))
	zmqMust(t, flowgraph.ConnectMessage(ga, &strobe.Out, &pub.In))
	stopA := zmqStart(ctx, ga)

	sub, err := blocks.NewZMQSubMsgSource(zmqAddr(t, pub), false, blocks.ZMQOptions{})
	zmqMust(t, err)
	gb, dbg := zmqMsgReceiver(t, sub, &sub.Out)
	stopB := zmqStart(ctx, gb)
	zmqWaitUntil(ctx, func() bool { return len(dbg.Messages()) >= 5 })
	for _, stop := range []func() error{stopB, stopA} {
		if err := stop(); !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	}
	got := dbg.Messages()
	if len(got) < 5 {
		t.Fatalf("got %d messages", len(got))
	}
	for _, v := range got {
		if !v.Equal(msg) {
			t.Fatalf("got %v, want %v", v, msg)
		}
	}
}

func TestZMQMessageSourceCountsBadMessages(t *testing.T) {
	ctx := zmqContext(t, 20*time.Second)
	src, err := blocks.NewZMQPullMsgSource(zmqAny, true, blocks.ZMQOptions{})
	zmqMust(t, err)
	g, dbg := zmqMsgReceiver(t, src, &src.Out)
	stop := zmqStart(ctx, g)
	raw := zmqRaw(t, grzmq.Options{Kind: grzmq.Push, Endpoint: zmqAddr(t, src)})
	for _, m := range [][][]byte{{{0x0e}}, {{0x02, 0, 9, 'a'}}, {{0x01, 0x01}}, {{0x00}, {0x00}}, {{0x03, 0, 0, 0, 42}}} {
		zmqMust(t, raw.Send(ctx, -1, m...))
	}
	zmqWaitUntil(ctx, func() bool { return len(dbg.Messages()) >= 1 })
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if got := dbg.Messages(); len(got) != 1 || !got[0].Equal(pmt.Int(42)) {
		t.Errorf("got %v", got)
	}
	if st := src.Stats(); st.BadMessages != 4 {
		t.Errorf("stats %+v, want 4 bad messages", st)
	}
}

func TestZMQBlocksFromAGraphFile(t *testing.T) {
	ep := zmqFreeEndpoint(t)
	reg := blocks.NewRegistry()
	load := func(src string) *graphfile.Loaded {
		l, err := graphfile.Load([]byte(src), reg, graphfile.Options{File: "zmq.yaml"})
		zmqMust(t, err)
		return l
	}
	a := load(fmt.Sprintf(`
metadata: {name: tx, file_format: 1}
blocks:
  - {name: src, id: vector_source, parameters: {type: int16, values: [1, 2, 3, 4, 5, 6]}}
  - {name: zmq, id: zmq_push_sink, parameters: {type: int16, address: "%s", pass_tags: true, hwm: 10, timeout: 50}}
connections:
  - [src, out, zmq, in]
`, ep))
	b := load(fmt.Sprintf(`
metadata: {name: rx, file_format: 1}
blocks:
  - {name: zmq, id: zmq_pull_source, parameters: {type: int16, address: "%s", pass_tags: true}}
  - {name: head, id: head, parameters: {type: int16, items: 6}}
  - {name: snk, id: vector_sink, parameters: {type: int16}}
connections:
  - [zmq, out, head, in]
  - [head, out, snk, in]
`, ep))
	ctx := zmqContext(t, 20*time.Second)
	var wg sync.WaitGroup
	for _, l := range []*graphfile.Loaded{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Graph.Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	snk := b.Blocks[2].Block.(*blocks.VectorSink[int16])
	if got := snk.Items(); !slices.Equal(got, []int16{1, 2, 3, 4, 5, 6}) {
		t.Errorf("got %v", got)
	}
}

func TestZMQConstructorsRefuseBadParameters(t *testing.T) {
	for _, ep := range []string{"", "5555", "udp://1.2.3.4:5", "tcp://nohost"} {
		if _, err := blocks.NewZMQPushSink[float32](ep, true, blocks.ZMQOptions{}); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("address %q: %v", ep, err)
		}
	}
	if _, err := blocks.NewZMQPullSource[float32](zmqAny, false, blocks.ZMQOptions{Timeout: -1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("timeout -1: %v", err)
	}
	// A port in use fails Init, and so Run.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	zmqMust(t, err)
	defer l.Close()
	src, err := blocks.NewZMQPullSource[float32]("tcp://"+l.Addr().String(), true, blocks.ZMQOptions{})
	zmqMust(t, err)
	g := flowgraph.New()
	snk := blocks.NewNullSink[float32]()
	zmqMust(t, g.Add("src", src))
	zmqMust(t, g.Add("snk", snk))
	zmqMust(t, flowgraph.Connect(g, &src.Out, &snk.In))
	if err := g.Run(context.Background()); err == nil {
		t.Error("binding a port in use succeeded")
	}
}
