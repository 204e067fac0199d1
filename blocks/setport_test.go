package blocks

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// setDriver is a source that changes the parameters of the block it feeds
// by messages to its set port at exact item offsets, whatever the
// scheduling: it produces its items up to a step's offset, waits until
// ready reports that the block has consumed them all, posts the step's
// messages, waits until the set port has handled them (so the block's next
// Work call sees the change) and goes on. After its items it finishes, or
// with hold waits until its readers finish.
type setDriver[T any] struct {
	Out     block.Out[T]
	Msg     block.MsgOut
	items   []T
	steps   []setStep
	handled func() uint64 // messages handled by the set port (nil: do not wait)
	hold    bool

	pos, step, posted int
	sent              bool // the current step's messages are out
}

// setStep posts msgs once items [0, at) are out and ready (nil: at once)
// holds.
type setStep struct {
	at    int
	ready func() bool
	msgs  []pmt.Value
}

// setPoll is how long the driver sleeps between checks of a condition.
const setPoll = 100 * time.Microsecond

func (d *setDriver[T]) Work(io *block.IO) error {
	for {
		limit := len(d.items)
		if d.step < len(d.steps) {
			limit = d.steps[d.step].at
		}
		if d.pos < limit {
			n := copy(d.Out.Slice(), d.items[d.pos:limit])
			d.Out.Produce(n)
			d.pos += n
			return nil // woken for space when n is 0
		}
		if d.step == len(d.steps) {
			if d.hold {
				io.WakeAt(time.Now().Add(time.Millisecond)) // ends when abandoned
				return nil
			}
			return block.ErrDone
		}
		s := d.steps[d.step]
		if !d.sent {
			if s.ready != nil && !s.ready() {
				io.WakeAt(time.Now().Add(setPoll))
				return nil
			}
			for _, m := range s.msgs {
				d.Msg.Post(m)
			}
			d.posted += len(s.msgs)
			d.sent = true
		}
		if d.handled != nil && d.handled() < uint64(d.posted) {
			io.WakeAt(time.Now().Add(setPoll))
			return nil
		}
		d.step, d.sent = d.step+1, false
	}
}

// consumed returns a ready condition: in has consumed n items.
func consumed[T any](in *block.In[T], n int) func() bool {
	p := port.InOf[T](in)
	return func() bool { return p.Counted() >= uint64(n) }
}

// setBlock builds block id from the registry, adds it to g as name and
// gives g its spec, as Load does: messages are then checked by the spec
// before the block sees them.
func setBlock[B block.Block](t *testing.T, g *flowgraph.Graph, name, id string, params map[string]any) B {
	t.Helper()
	r := NewRegistry()
	b, err := r.Build(id, params)
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := r.Lookup(id)
	must(t, g.Add(name, b))
	must(t, g.SetSpec(name, spec))
	return b.(B)
}

// runSetChain runs src → (in, out) → a vector sink, with src's messages
// to the set input of block name, and returns the sink.
func runSetChain(t *testing.T, g *flowgraph.Graph, src *setDriver[float32], in *block.In[float32], out *block.Out[float32], name string) *VectorSink[float32] {
	t.Helper()
	snk := NewVectorSink[float32]()
	must(t, g.Add("src", src))
	must(t, g.Add("snk", snk))
	must(t, flowgraph.Connect(g, &src.Out, in))
	must(t, flowgraph.Connect(g, out, &snk.In))
	must(t, g.ConnectByName("src", "msg", name, "set", 0))
	runSetGraph(t, g)
	return snk
}

// setHandled returns a setDriver's handled function: the messages the set
// input of block name of g has handled, from g.Stats.
func setHandled(g *flowgraph.Graph, name string) func() uint64 {
	return func() uint64 {
		for _, st := range g.Stats() {
			if st.Name == name && len(st.MsgHandled) > 0 {
				return st.MsgHandled[len(st.MsgHandled)-1] // the set input is the last
			}
		}
		return 0
	}
}

func runSetGraph(t *testing.T, g *flowgraph.Graph) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// checkRejected checks the counters of the set input of block name in the
// graph's stats, and that each of the bad messages, sent again to a set
// input of b outside the graph (checked by the spec as the graph's is),
// is refused as a bad message.
func checkRejected(t *testing.T, g *flowgraph.Graph, name string, b block.Block, handled, rejected uint64, bad []pmt.Value) {
	t.Helper()
	if h, r := setStats(t, g, name); h != handled || r != rejected {
		t.Errorf("%s: stats handled %d, rejected %d; want %d and %d", name, h, r, handled, rejected)
	}
	set := setPortOf(t, b, g.Spec(name))
	for i, m := range bad {
		must(t, set.Handle(m))
		if set.Rejected() != uint64(i+1) || !errors.Is(set.LastError(), block.ErrBadMessage) {
			t.Errorf("%s: bad message %v: rejected %d, last error %v; want ErrBadMessage", name, m, set.Rejected(), set.LastError())
		}
	}
}

func checkTags(t *testing.T, what string, got, want []buffer.Tag) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: tags %v, want %v", what, got, want)
	}
}

func ramp(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i)
	}
	return x
}

func param(name string, v pmt.Value) pmt.Value {
	return pmt.Map(map[string]pmt.Value{name: v})
}

func pair(name string, v pmt.Value) pmt.Value {
	return pmt.List(pmt.String(name), v)
}

func floats(f ...float64) pmt.Value {
	l := make([]pmt.Value, len(f))
	for i, x := range f {
		l[i] = pmt.Float(x)
	}
	return pmt.List(l...)
}

// TestAddConstSetMessage changes k of add_const by messages at items 1000
// (a map) and 2000 (a pair); bad messages between are counted, not fatal.
func TestAddConstSetMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*AddConst[float32]](t, g, "add", "add_const", map[string]any{"type": "float32"})
	bad := []pmt.Value{
		param("kk", pmt.Float(1)),                        // unknown parameter
		param("k", pmt.String("x")),                      // wrong type
		param("k", pmt.List(pmt.Float(1), pmt.Float(2))), // complex k for float32
	}
	src := &setDriver[float32]{items: ramp(3000), handled: setHandled(g, "add"), steps: []setStep{
		{at: 1000, ready: consumed(&b.In, 1000), msgs: append(slices.Clip(bad), param("k", pmt.Float(2.5)))},
		{at: 2000, ready: consumed(&b.In, 2000), msgs: []pmt.Value{pair("k", pmt.Int(-1))}},
	}}
	snk := runSetChain(t, g, src, &b.In, &b.Out, "add")

	got := snk.Items()
	if len(got) != 3000 {
		t.Fatalf("%d items, want 3000", len(got))
	}
	for i, v := range got {
		want := float32(i)
		switch {
		case i >= 2000:
			want--
		case i >= 1000:
			want += 2.5
		}
		if v != want {
			t.Fatalf("item %d = %v, want %v", i, v, want)
		}
	}
	// The tags carry k as the block holds it, a float32.
	checkTags(t, "add_const", snk.Tags(), []buffer.Tag{
		{Offset: 1000, Key: "set:k", Value: float32(2.5)},
		{Offset: 2000, Key: "set:k", Value: float32(-1)},
	})
	checkRejected(t, g, "add", b, 5, 3, bad)
	if k, err := g.Get("add", "k"); err != nil || k != float32(-1) {
		t.Errorf("k %v (%v) after the run, want float32 -1", k, err)
	}
}

// TestCopySetMessage disables copy at item 1000 and enables it at 2000.
func TestCopySetMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*Copy[float32]](t, g, "copy", "copy", map[string]any{"type": "float32"})
	bad := []pmt.Value{
		param("enabled", pmt.String("no")), // wrong type
		param("enabled", pmt.Int(0)),       // wrong type
		pmt.List(pmt.String("enabled")),    // not a pair
	}
	src := &setDriver[float32]{items: ramp(3000), handled: setHandled(g, "copy"), steps: []setStep{
		{at: 1000, ready: consumed(&b.In, 1000), msgs: []pmt.Value{bad[0], bad[1], pair("enabled", pmt.Bool(false))}},
		{at: 2000, ready: consumed(&b.In, 2000), msgs: []pmt.Value{bad[2], param("enabled", pmt.Bool(true))}},
	}}
	snk := runSetChain(t, g, src, &b.In, &b.Out, "copy")

	want := append(ramp(1000), ramp(3000)[2000:]...)
	if got := snk.Items(); !reflect.DeepEqual(got, want) {
		t.Fatalf("%d items, want items 0-999 and 2000-2999", len(got))
	}
	// Both changes mark output item 1000, the first passed after them.
	checkTags(t, "copy", snk.Tags(), []buffer.Tag{
		{Offset: 1000, Key: "set:enabled", Value: false},
		{Offset: 1000, Key: "set:enabled", Value: true},
	})
	checkRejected(t, g, "copy", b, 5, 3, bad)
	if !b.Enabled.Get() {
		t.Error("copy disabled after the run")
	}
}

// TestThrottleSetMessage changes the rate of throttle at item 1000; the
// items pass unchanged.
func TestThrottleSetMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*Throttle[float32]](t, g, "thr", "throttle", map[string]any{"type": "float32", "sample_rate": 1e9})
	bad := []pmt.Value{
		param("sample_rate", pmt.Float(-5)),      // below the spec's bound
		param("sample_rate", pmt.Int(0)),         // refused by the block: not > 0
		param("sample_rate", pmt.String("fast")), // wrong type
		param("rate", pmt.Float(1e6)),            // unknown parameter
		param("type", pmt.String("complex64")),   // not settable
	}
	src := &setDriver[float32]{items: ramp(3000), handled: setHandled(g, "thr"), steps: []setStep{
		{at: 1000, ready: consumed(&b.In, 1000), msgs: append(slices.Clip(bad), param("sample_rate", pmt.Float(2e9)))},
	}}
	snk := runSetChain(t, g, src, &b.In, &b.Out, "thr")

	if got := snk.Items(); !reflect.DeepEqual(got, ramp(3000)) {
		t.Fatalf("%d items, want 0-2999 unchanged", len(got))
	}
	checkTags(t, "throttle", snk.Tags(), []buffer.Tag{{Offset: 1000, Key: "set:sample_rate", Value: 2e9}})
	checkRejected(t, g, "thr", b, 6, 5, bad)
	if r := b.SampleRate.Get(); r != 2e9 {
		t.Errorf("sample_rate %v after the run, want 2e9", r)
	}
	if r, err := g.Get("thr", "sample_rate"); err != nil || r != 2e9 {
		t.Errorf("Get(sample_rate) = %v, %v after the run, want 2e9", r, err)
	}
}

// TestFIRFilterSetMessage replaces the taps of a 3-tap fir_filter at
// output 1000 (a gain of 2) and 2000 (a delay of 2): the history is
// weighed by the new taps from the tagged item on.
func TestFIRFilterSetMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*FIRFilter[float32, float32]](t, g, "fir", "fir_filter",
		map[string]any{"type": "float32", "taps": []any{1, 0, 0}})
	bad := []pmt.Value{
		param("taps", floats(1, 1, 1, 1)),    // more taps than the history
		param("taps", floats()),              // no taps
		param("taps", pmt.String("lowpass")), // wrong type
		param("decimation", pmt.Int(2)),      // not settable
	}
	src := &setDriver[float32]{items: ramp(3000), handled: setHandled(g, "fir"), steps: []setStep{
		{at: 1000, ready: consumed(&b.In, 1000), msgs: append(slices.Clip(bad), param("taps", floats(2)))},
		{at: 2000, ready: consumed(&b.In, 2000), msgs: []pmt.Value{pair("taps", floats(0, 0, 1))}},
	}}
	snk := runSetChain(t, g, src, &b.In, &b.Out, "fir")

	got := snk.Items()
	if len(got) != 3000 {
		t.Fatalf("%d items, want 3000", len(got))
	}
	for i, v := range got {
		want := float32(i)
		switch {
		case i >= 2000:
			want = float32(i - 2)
		case i >= 1000:
			want = float32(2 * i)
		}
		if v != want {
			t.Fatalf("item %d = %v, want %v", i, v, want)
		}
	}
	// The tags carry the taps as the block holds them, []float32.
	checkTags(t, "fir_filter", snk.Tags(), []buffer.Tag{
		{Offset: 1000, Key: "set:taps", Value: []float32{2}},
		{Offset: 2000, Key: "set:taps", Value: []float32{0, 0, 1}},
	})
	checkRejected(t, g, "fir", b, 6, 4, bad)
	if taps := b.Taps.Get(); !reflect.DeepEqual(taps, []float32{0, 0, 1}) {
		t.Errorf("taps %v after the run, want [0 0 1]", taps)
	}
}

// TestSelectorSetOutputMessage moves the output of a 1-in, 2-out selector
// to output 1 at item 1000 and back at 2000.
func TestSelectorSetOutputMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*Selector[float32]](t, g, "sel", "selector", map[string]any{"type": "float32", "inputs": 1, "outputs": 2})
	bad := []pmt.Value{
		param("output_index", pmt.Int(2)),     // no output 2
		param("output_index", pmt.Int(-1)),    // below the spec's bound
		param("output_index", pmt.Float(0.5)), // not an int
		param("input_index", pmt.Int(1)),      // no input 1
	}
	src := &setDriver[float32]{items: ramp(3000), handled: setHandled(g, "sel"), steps: []setStep{
		{at: 1000, ready: consumed(&b.In[0], 1000), msgs: append(slices.Clip(bad), pair("output_index", pmt.Int(1)))},
		{at: 2000, ready: consumed(&b.In[0], 2000), msgs: []pmt.Value{param("output_index", pmt.Int(0))}},
	}}
	snk0, snk1 := NewVectorSink[float32](), NewVectorSink[float32]()
	must(t, g.Add("src", src))
	must(t, g.Add("snk0", snk0))
	must(t, g.Add("snk1", snk1))
	must(t, flowgraph.Connect(g, &src.Out, &b.In[0]))
	must(t, flowgraph.Connect(g, &b.Out[0], &snk0.In))
	must(t, flowgraph.Connect(g, &b.Out[1], &snk1.In))
	must(t, g.ConnectByName("src", "msg", "sel", "set", 0))
	runSetGraph(t, g)

	x := ramp(3000)
	if got, want := snk0.Items(), append(x[:1000:1000], x[2000:]...); !reflect.DeepEqual(got, want) {
		t.Errorf("output 0: %d items, want items 0-999 and 2000-2999", len(got))
	}
	if got := snk1.Items(); !reflect.DeepEqual(got, x[1000:2000]) {
		t.Errorf("output 1: %d items, want items 1000-1999", len(got))
	}
	// Every change tags the next item of both outputs; output 1 carries
	// nothing after the second.
	checkTags(t, "output 0", snk0.Tags(), []buffer.Tag{
		{Offset: 1000, Key: "set:output_index", Value: 1},
		{Offset: 1000, Key: "set:output_index", Value: 0},
	})
	checkTags(t, "output 1", snk1.Tags(), []buffer.Tag{{Offset: 0, Key: "set:output_index", Value: 1}})
	checkRejected(t, g, "sel", b, 6, 4, bad)
	if i, o := b.InputIndex.Get(), b.OutputIndex.Get(); i != 0 || o != 0 {
		t.Errorf("input_index %d, output_index %d after the run, want 0 and 0", i, o)
	}
}

// TestSelectorSetInputMessage switches a 2-in selector to input 1 after
// the 1000 items of input 0; input 1 produces only after the switch.
func TestSelectorSetInputMessage(t *testing.T) {
	g := flowgraph.New()
	b := setBlock[*Selector[float32]](t, g, "sel", "selector", map[string]any{"type": "float32"})
	x := ramp(2000)
	bad := []pmt.Value{param("input_index", pmt.Int(2))} // no input 2
	in0 := &setDriver[float32]{items: x[:1000], handled: setHandled(g, "sel"), hold: true, steps: []setStep{
		{at: 1000, ready: consumed(&b.In[0], 1000), msgs: append(slices.Clip(bad), param("input_index", pmt.Int(1)))},
	}}
	handled := setHandled(g, "sel")
	in1 := &setDriver[float32]{items: x[1000:], steps: []setStep{
		{at: 0, ready: func() bool { return handled() >= 2 }},
	}}
	snk := NewVectorSink[float32]()
	must(t, g.Add("in0", in0))
	must(t, g.Add("in1", in1))
	must(t, g.Add("snk", snk))
	must(t, flowgraph.Connect(g, &in0.Out, &b.In[0]))
	must(t, flowgraph.Connect(g, &in1.Out, &b.In[1]))
	must(t, flowgraph.Connect(g, &b.Out[0], &snk.In))
	must(t, g.ConnectByName("in0", "msg", "sel", "set", 0))
	runSetGraph(t, g)

	if got := snk.Items(); !reflect.DeepEqual(got, x) {
		t.Fatalf("%d items, want input 0's 1000 then input 1's 1000", len(got))
	}
	checkTags(t, "selector", snk.Tags(), []buffer.Tag{{Offset: 1000, Key: "set:input_index", Value: 1}})
	checkRejected(t, g, "sel", b, 2, 1, bad)
}

// TestStrobeDrivesASetPortThroughYAML retunes a signal_source from a graph
// file alone: message_strobe's typed message {frequency, amplitude} reaches
// the set port, both changes land on the same tagged item, the phase
// continues, and nothing is rejected. The graph runs until the change and
// 64 items after it have reached the sink, then is cancelled.
func TestStrobeDrivesASetPortThroughYAML(t *testing.T) {
	const graph = `
blocks:
  - {name: tune, id: message_strobe, parameters: {message: {frequency: 2000, amplitude: 0.5}, period: 0.001, count: 1}}
  - {name: src, id: signal_source, parameters: {type: float32, frequency: 1000, sample_rate: 8000}}
  - {name: thr, id: throttle, parameters: {type: float32, sample_rate: 1e5}}
  - {name: snk, id: vector_sink, parameters: {type: float32}}
connections:
  - [tune, out, src, set]
  - [src, out, thr, in]
  - [thr, out, snk, in]
`
	l, err := graphfile.Load([]byte(graph), NewRegistry(), graphfile.Options{File: "tune.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	src := l.Blocks[1].Block.(*SignalSource[float32])
	snk := l.Blocks[3].Block.(*VectorSink[float32])
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Graph.Run(ctx) }()
	safety := time.After(30 * time.Second)
	for {
		if tags := snk.Tags(); len(tags) > 0 && len(snk.Items()) >= int(tags[0].Offset)+64 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the graph ended before the change reached the sink: %v", err)
		case <-safety:
			t.Fatal("the change never reached the sink")
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	tags := snk.Tags()
	k := tags[0].Offset
	checkTags(t, "signal_source", tags, []buffer.Tag{
		{Offset: k, Key: "set:amplitude", Value: 0.5}, // a map applies in key order
		{Offset: k, Key: "set:frequency", Value: 2000.0},
	})
	for n, x := range snk.Items() {
		// Turns of the phase: 1000/8000 per item before item k, 2000/8000 from it on.
		want := math.Cos(2 * math.Pi * float64(n) / 8)
		if uint64(n) >= k {
			want = 0.5 * math.Cos(2*math.Pi*(float64(k)/8+float64(uint64(n)-k)/4))
		}
		if math.Abs(float64(x)-want) > 1e-4 {
			t.Fatalf("item %d = %v, want %v (change at %d)", n, x, want, k)
		}
	}
	if handled, rejected := setStats(t, l.Graph, "src"); handled != 1 || rejected != 0 {
		t.Errorf("handled %d, rejected %d", handled, rejected)
	}
	if f, a := src.Frequency.Get(), src.Amplitude.Get(); f != 2000 || a != 0.5 {
		t.Errorf("frequency %v, amplitude %v after the change, want 2000 and 0.5", f, a)
	}
}
