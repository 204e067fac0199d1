package block_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// tagSink records the items and tags it reads.
type tagSink struct {
	In    block.In[float32]
	items []float32
	tags  []buffer.Tag
}

func (s *tagSink) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	s.items = append(s.items, in...)
	s.tags = append(s.tags, s.In.Tags()...)
	s.In.Consume(len(in))
	return nil
}

// stepSource writes n ones in chunks of 100, calling at once before item
// half, then waiting until ready reports true before going on.
type stepSource struct {
	Out   block.Out[float32]
	Msg   block.MsgOut
	n, at int
	once  func(s *stepSource)
	ready func() bool
	done  bool
}

func (s *stepSource) Work(io *block.IO) error {
	pos := int(s.Out.Offset())
	if pos >= s.n {
		return block.ErrDone
	}
	if pos == s.at && !s.done {
		s.once(s)
		s.done = true
	}
	if s.done && !s.ready() {
		io.WakeAt(time.Now().Add(time.Millisecond))
		return nil
	}
	out := s.Out.Slice()
	k := min(len(out), 100, s.n-pos)
	if pos < s.at {
		k = min(k, s.at-pos)
	}
	for i := range k {
		out[i] = 1
	}
	s.Out.Produce(k)
	return nil
}

// checkStep checks that the sink saw ones, then k from the item tagged
// set:k (of value k) on, with one such tag.
func checkStep(t *testing.T, snk *tagSink, n int, k float32) {
	t.Helper()
	if len(snk.items) != n {
		t.Fatalf("%d items, want %d", len(snk.items), n)
	}
	var set []buffer.Tag
	for _, tg := range snk.tags {
		if tg.Key == block.SetTagPrefix+"k" {
			set = append(set, tg)
		}
	}
	if len(set) != 1 {
		t.Fatalf("set:k tags %v, want one", set)
	}
	at := int(set[0].Offset)
	if set[0].Value != k {
		t.Errorf("set:k value %v (%T), want %v", set[0].Value, set[0].Value, k)
	}
	for i, v := range snk.items {
		want := float32(1)
		if i >= at {
			want = k
		}
		if v != want {
			t.Fatalf("item %d = %v, want %v (set:k at %d)", i, v, want, at)
		}
	}
	if at >= n {
		t.Fatalf("set:k at %d, past the stream", at)
	}
}

func TestSettingSetWhileRunningIsTaggedAtTheItemItTakesEffect(t *testing.T) {
	const n = 200000
	scale := NewScale(1)
	src := &stepSource{n: n, at: n / 2, ready: func() bool { return scale.K.Get() == 2 }}
	src.once = func(*stepSource) {
		if err := scale.K.Set(2); err != nil {
			t.Error(err)
		}
	}
	snk := &tagSink{}
	g := flowgraph.New()
	must(t, g.Add("src", src), g.Add("scale", scale), g.Add("snk", snk),
		flowgraph.Connect(g, &src.Out, &scale.In), flowgraph.Connect(g, &scale.Out, &snk.In))
	if got := g.Settable("scale"); len(got) != 1 || got[0] != "k" {
		t.Fatalf("Settable = %v", got)
	}
	must(t, g.Run(context.Background()))
	checkStep(t, snk, n, 2)
	if v, err := g.Get("scale", "k"); err != nil || v != float32(2) {
		t.Errorf("Get = %v, %v", v, err)
	}
}

func TestSettingsGetASetMessageInput(t *testing.T) {
	const n = 20000
	scale := NewScale(1)
	src := &stepSource{n: n, at: n / 2, ready: func() bool { return scale.K.Get() == 3 }}
	src.once = func(s *stepSource) {
		s.Msg.Post(pmt.List(pmt.String("k"), pmt.String("x")))              // refused: counted
		s.Msg.Post(pmt.Map(map[string]pmt.Value{"q": pmt.Float(1)}))        // refused: no such setting
		s.Msg.Post(pmt.Map(map[string]pmt.Value{"k": pmt.Complex(3 + 0i)})) // a real complex: 3
	}
	snk := &tagSink{}
	g := flowgraph.New()
	must(t, g.Add("src", src), g.Add("scale", scale), g.Add("snk", snk),
		flowgraph.Connect(g, &src.Out, &scale.In), flowgraph.Connect(g, &scale.Out, &snk.In),
		g.ConnectByName("src", "msg", "scale", "set", 0))
	must(t, g.Run(context.Background()))
	checkStep(t, snk, n, 3)
	st := g.Stats()
	for _, b := range st {
		if b.Name == "scale" {
			if len(b.MsgRejected) != 1 || b.MsgRejected[0] != 2 {
				t.Errorf("rejected %v, want [2]", b.MsgRejected)
			}
		}
	}
}

func TestSettingSetChecksAndConverts(t *testing.T) {
	var s block.Setting[float64]
	s.SetCheck(func(v float64) error {
		if v <= 0 {
			return fmt.Errorf("%g must be positive", v)
		}
		return nil
	})
	if err := s.Set(-1); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("Set(-1) = %v, want ErrBadParam", err)
	}
	if err := s.Set(5); err != nil || s.Get() != 5 {
		t.Errorf("Set(5) = %v, Get = %v", err, s.Get())
	}
	if !s.Changed() || s.Changed() {
		t.Error("Changed does not report one change once")
	}
	for _, c := range []struct {
		v  any
		ok bool
	}{{3, true}, {int16(2), true}, {complex(4, 0), true}, {complex(1, 1), false}, {"7", false}, {0.0, false}, {pmt.Float(9), true}} {
		apply, err := port.Inner(&s).(port.SettingPort).Prepare(c.v)
		if (err == nil) != c.ok {
			t.Errorf("Prepare(%v) = %v, want ok %v", c.v, err, c.ok)
		}
		if err == nil {
			apply(false)
		}
	}
	if s.Get() != 9 {
		t.Errorf("Get = %v after Prepare(9)", s.Get())
	}
	var taps block.Setting[[]complex64]
	if apply, err := port.Inner(&taps).(port.SettingPort).Prepare([]any{1.0, []any{0.0, -1.0}, 2}); err != nil {
		t.Fatal(err)
	} else {
		apply(false)
	}
	if got := taps.Get(); len(got) != 3 || got[1] != complex(0, -1) || got[2] != 2 {
		t.Errorf("taps = %v", got)
	}
	var i block.Setting[int]
	if _, err := port.Inner(&i).(port.SettingPort).Prepare(1.5); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("Prepare(1.5) to int = %v, want ErrBadParam", err)
	}
}

func must(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestConstantsMatchThePorts(t *testing.T) {
	if block.SetTagPrefix != port.SetTagPrefix || block.DefaultMsgCapacity != port.DefaultMsgCapacity ||
		block.TagsCustom != block.TagPolicy(port.TagsCustom) || block.MsgDrop != block.MsgPolicy(port.MsgDrop) {
		t.Fatal("block's constants differ from the ports'")
	}
}
