package blocks

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// paramPoster records its input and, once it has seen after items, posts
// msgs to its message output: a message feedback to the block upstream.
type paramPoster struct {
	In    block.In[complex64]
	Out   block.MsgOut
	after int
	total int
	msgs  []pmt.Value
	got   []complex64
	tags  []buffer.Tag
}

func (p *paramPoster) Work(*block.IO) error {
	s := p.In.Slice()
	if len(s) == 0 {
		if p.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	before := len(p.got)
	p.got = append(p.got, s...)
	p.tags = append(p.tags, p.In.Tags()...)
	p.In.Consume(len(s))
	if before < p.after && len(p.got) >= p.after {
		for _, m := range p.msgs {
			p.Out.Post(m)
		}
	}
	if len(p.got) >= p.total {
		return block.ErrDone
	}
	return nil
}

// TestSignalSourceSetMessage changes the frequency of a running
// signal_source by a message: the output switches at the tagged item with
// a continuous phase, and bad messages are counted without stopping the graph.
func TestSignalSourceSetMessage(t *testing.T) {
	const f1, f2, fs = 1000.0, 3000.0, 48000.0
	for _, withSpec := range []bool{false, true} {
		src, err := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: f1, SampleRate: fs, Amplitude: 1})
		if err != nil {
			t.Fatal(err)
		}
		snk := &paramPoster{after: 4096, total: 1 << 16, msgs: []pmt.Value{
			pmt.List(pmt.String("nope"), pmt.Float(1)), // unknown parameter
			pmt.String("frequency=2"),                  // not a map or pair
			pmt.Map(map[string]pmt.Value{
				"frequency": pmt.Int(f2),        // applied
				"amplitude": pmt.String("loud"), // refused
			}),
		}}
		g := flowgraph.New()
		must(t, g.Add("src", src))
		must(t, g.Add("snk", snk))
		var spec *registry.Spec
		if withSpec {
			spec, _ = NewRegistry().Lookup("signal_source")
			must(t, g.SetSpec("src", spec))
		}
		must(t, flowgraph.Connect(g, &src.Out, &snk.In))
		must(t, g.ConnectByName("snk", "out", "src", "set", 0)) // the set input the graph made
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = g.Run(ctx)
		cancel()
		if err != nil {
			t.Fatalf("spec %v: Run: %v", withSpec, err)
		}
		if handled, rejected := setStats(t, g, "src"); rejected != 3 || handled != 3 {
			t.Errorf("spec %v: stats handled %d rejected %d, want 3 and 3", withSpec, handled, rejected)
		}
		// The same messages to a set input outside the graph: each refusal
		// is counted and classified.
		spare, _ := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: f1, SampleRate: fs, Amplitude: 1})
		set := setPortOf(t, spare, spec)
		for _, m := range snk.msgs {
			must(t, set.Handle(m))
		}
		if n := set.Rejected(); n != 3 {
			t.Errorf("spec %v: %d changes rejected, want 3 (last: %v)", withSpec, n, set.LastError())
		}
		if err := set.LastError(); !errors.Is(err, block.ErrBadMessage) || !errors.Is(err, block.ErrBadParam) {
			t.Errorf("spec %v: last error %v, want ErrBadMessage and ErrBadParam", withSpec, err)
		}
		if spare.Frequency.Get() != f2 || spare.Amplitude.Get() != 1 {
			t.Errorf("spec %v: outside the graph: frequency %v, amplitude %v; want %v and 1", withSpec, spare.Frequency.Get(), spare.Amplitude.Get(), f2)
		}
		if len(snk.tags) != 1 || snk.tags[0].Key != "set:frequency" || snk.tags[0].Value != f2 {
			t.Fatalf("spec %v: tags %v, want one set:frequency = %v", withSpec, snk.tags, f2)
		}
		k := int(snk.tags[0].Offset)
		if k < snk.after || k >= len(snk.got)-1 {
			t.Fatalf("spec %v: change at %d, not between %d and %d", withSpec, k, snk.after, len(snk.got)-1)
		}
		// The step from item n to n+1 is the old frequency before the tagged
		// item and the new one from it on; the amplitude stays 1.
		for n := 0; n+1 < len(snk.got); n++ {
			f := f1
			if n >= k {
				f = f2
			}
			step := cmplx.Phase(complex128(snk.got[n+1]) * cmplx.Conj(complex128(snk.got[n])))
			if math.Abs(step-2*math.Pi*f/fs) > 1e-3 {
				t.Fatalf("spec %v: step %d→%d is %g rad, want %g (change at %d)", withSpec, n, n+1, step, 2*math.Pi*f/fs, k)
			}
			if a := cmplx.Abs(complex128(snk.got[n])); math.Abs(a-1) > 1e-4 {
				t.Fatalf("spec %v: |out[%d]| = %g", withSpec, n, a)
			}
		}
		if got := src.Frequency.Get(); got != f2 {
			t.Errorf("spec %v: frequency %v after the run, want %v", withSpec, got, f2)
		}
		if got, err := g.Get("src", "amplitude"); err != nil || got != 1.0 {
			t.Errorf("spec %v: amplitude %v (%v) after the run, want 1", withSpec, got, err)
		}
	}
}

// TestSetPortUnconnected runs blocks whose set input is unconnected: they
// run and finish by their streams, as without the port.
func TestSetPortUnconnected(t *testing.T) {
	src, err := NewSignalSource[complex64](SignalConfig{Waveform: Sine, Frequency: 100, SampleRate: 1000, Amplitude: 1})
	if err != nil {
		t.Fatal(err)
	}
	rot, err := NewRotator(0.1)
	if err != nil {
		t.Fatal(err)
	}
	gain := NewMultiplyConst[complex64](2)
	head := NewHead[complex64](100000)
	snk := NewVectorSink[complex64]()
	g := flowgraph.New()
	for _, b := range []struct {
		name string
		b    block.Block
	}{{"src", src}, {"rot", rot}, {"gain", gain}, {"head", head}, {"snk", snk}} {
		must(t, g.Add(b.name, b.b))
	}
	must(t, flowgraph.Connect(g, &src.Out, &rot.In))
	must(t, flowgraph.Connect(g, &rot.Out, &gain.In))
	must(t, flowgraph.Connect(g, &gain.Out, &head.In))
	must(t, flowgraph.Connect(g, &head.Out, &snk.In))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(snk.Items()); n != 100000 {
		t.Fatalf("%d items, want 100000", n)
	}
	// Each block with settings had its set input, unconnected and unused.
	for _, name := range []string{"src", "rot", "gain"} {
		if handled, rejected := setStats(t, g, name); handled != 0 || rejected != 0 {
			t.Errorf("%s: set input handled %d, rejected %d", name, handled, rejected)
		}
	}
	// After the run a message cannot reach the finished block.
	if err := setPortOf(t, src, nil).Send(context.Background(), pmt.Map(nil)); !errors.Is(err, block.ErrMsgNotRunning) {
		t.Errorf("Send after the run: %v, want ErrMsgNotRunning", err)
	}
	// A change from Go code after the run applies at once.
	must(t, src.Frequency.Set(200))
	if got, err := g.Get("src", "frequency"); err != nil || got != 200.0 {
		t.Errorf("frequency %v (%v) after Set(200) after the run", got, err)
	}
}

// setPortOf returns a "set" input of b outside any graph, converting
// values with spec's conversion if spec is not nil. port.Find makes
// a new one at each call: changes through it apply at once and tag
// nothing, and the graph's own set input (to which its set messages go)
// is another.
func setPortOf(t *testing.T, b block.Block, spec *registry.Spec) *port.MsgIn {
	t.Helper()
	ps, err := port.Find(b)
	if err != nil {
		t.Fatal(err)
	}
	i := ps.LookupMsg("set", false)
	if i < 0 {
		t.Fatalf("%T has no set input (message inputs %v)", b, ps.MsgInName)
	}
	if spec != nil {
		ps.MsgIn[i].SetConvert(spec.CheckSettable)
	}
	return ps.MsgIn[i]
}

// setStats returns the messages handled and the changes rejected by the
// set input of block name of g, from g.Stats (safe while g runs).
func setStats(t *testing.T, g *flowgraph.Graph, name string) (handled, rejected uint64) {
	t.Helper()
	for _, st := range g.Stats() {
		if st.Name != name {
			continue
		}
		// The graph makes the set input last, after the block's own message inputs.
		i := len(st.MsgHandled) - 1
		if i < 0 {
			t.Fatalf("%s has no message input", name)
		}
		return st.MsgHandled[i], st.MsgRejected[i]
	}
	t.Fatalf("no block %s", name)
	return 0, 0
}

// TestParamMessageForms applies both message forms through the set inputs
// of rotator and multiply_const (outside a graph: no tags).
func TestParamMessageForms(t *testing.T) {
	rot, _ := NewRotator(0)
	rotSet := setPortOf(t, rot, nil)
	must(t, rotSet.Handle(pmt.List(pmt.String("phase_inc"), pmt.Float(0.5))))
	if got := rot.PhaseInc.Get(); got != 0.5 {
		t.Errorf("phase_inc %v, want 0.5", got)
	}
	gain := NewMultiplyConst[complex64](1)
	gainSet := setPortOf(t, gain, nil)
	for _, c := range []struct {
		v    pmt.Value
		want complex64
	}{
		{pmt.Complex(3i), 3i},
		{pmt.List(pmt.Float(0), pmt.Float(2)), 2i},
		{pmt.Int(4), 4},
	} {
		must(t, gainSet.Handle(pmt.Map(map[string]pmt.Value{"k": c.v})))
		if got := gain.K.Get(); got != c.want {
			t.Errorf("k = %v after %v, want %v", got, c.v, c.want)
		}
	}
	if gainSet.Rejected() != 0 || rotSet.Rejected() != 0 {
		t.Errorf("rejected %d, %d: %v %v", gainSet.Rejected(), rotSet.Rejected(), gainSet.LastError(), rotSet.LastError())
	}
	must(t, gainSet.Handle(pmt.Map(map[string]pmt.Value{"k": pmt.String("x"), "q": pmt.Null()})))
	if gainSet.Rejected() != 2 || gain.K.Get() != 4 {
		t.Errorf("after a bad message: rejected %d, k %v", gainSet.Rejected(), gain.K.Get())
	}
	if err := gainSet.LastError(); !errors.Is(err, block.ErrBadMessage) {
		t.Errorf("last error %v, want ErrBadMessage", err)
	}
	must(t, rotSet.Handle(pmt.List(pmt.String("phase_inc"), pmt.Float(math.Inf(1)))))
	if rotSet.Rejected() != 1 || !errors.Is(rotSet.LastError(), block.ErrBadParam) || rot.PhaseInc.Get() != 0.5 {
		t.Errorf("phase_inc +Inf: rejected %d (%v), phase_inc %v", rotSet.Rejected(), rotSet.LastError(), rot.PhaseInc.Get())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSetMessageThroughYAML connects a strobe to signal_source's set
// port: its string messages are refused and counted, and the graph still
// runs to the end of the head.
func TestSetMessageThroughYAML(t *testing.T) {
	src := `
metadata: {name: set, file_format: 1}
blocks:
  - {name: strobe, id: message_strobe, parameters: {value: "frequency=5", period: 0.002, count: 3}}
  - {name: src, id: signal_source, parameters: {type: complex64, frequency: 10, sample_rate: 1000}}
  - {name: thr, id: throttle, parameters: {type: complex64, sample_rate: 1000}}
  - {name: head, id: head, parameters: {type: complex64, items: 30}}
  - {name: snk, id: vector_sink, parameters: {type: complex64}}
connections:
  - [strobe, out, src, set]
  - [src, out, thr, in]
  - [thr, out, head, in]
  - [head, out, snk, in]
`
	l, err := graphfile.Load([]byte(src), NewRegistry(), graphfile.Options{File: "set.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.Graph.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(l.Blocks[4].Block.(*VectorSink[complex64]).Items()); n != 30 {
		t.Errorf("%d items, want 30", n)
	}
	if handled, rejected := setStats(t, l.Graph, "src"); handled == 0 || rejected != handled {
		t.Errorf("handled %d, rejected %d", handled, rejected)
	}
	// The strobe's message, to a set input outside the graph: a bad message.
	src0 := l.Blocks[1].Block.(*SignalSource[complex64])
	set := setPortOf(t, src0, l.Graph.Spec("src"))
	must(t, set.Handle(pmt.String("frequency=5")))
	if set.Rejected() != 1 || !errors.Is(set.LastError(), block.ErrBadMessage) {
		t.Errorf("rejected %d, last error %v", set.Rejected(), set.LastError())
	}
	if f := src0.Frequency.Get(); f != 10.0 {
		t.Errorf("frequency %v, want 10", f)
	}
}
