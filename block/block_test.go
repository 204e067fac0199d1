package block_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
)

func TestMapCarriesTagsToTheSameItem(t *testing.T) {
	double := block.Map(func(in []float32, out []float32) {
		for i, v := range in {
			out[i] = 2 * v
		}
	})
	in := make([]float32, 10000)
	for i := range in {
		in[i] = float32(i)
	}
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 4095, Key: "b"}, {Offset: 4096, Key: "c"}, {Offset: 9999, Key: "d"}}
	outs, err := blocktest.RunWith(double, blocktest.Options{OutputItems: 1000}, blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	got := outs[0].Items.([]float32)
	if len(got) != len(in) {
		t.Fatalf("%d items out, want %d", len(got), len(in))
	}
	for i, v := range got {
		if v != 2*float32(i) {
			t.Fatalf("item %d = %v", i, v)
		}
	}
	if !slices.Equal(outs[0].Tags, tags) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, tags)
	}
}

// decimate keeps one item in d and moves tags to the kept item.
type decimate struct {
	In  block.In[int32]
	Out block.Out[int32]
	d   int
}

func (b *decimate) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)/b.d, len(out))
	if n == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for i := range n {
		out[i] = in[i*b.d]
	}
	b.In.Consume(n * b.d)
	b.Out.Produce(n)
	return nil
}

func TestTagsRescaleForDecimation(t *testing.T) {
	in := make([]int32, 100)
	for i := range in {
		in[i] = int32(i)
	}
	tags := []buffer.Tag{{Offset: 0, Key: "x"}, {Offset: 9, Key: "y"}, {Offset: 10, Key: "z"}, {Offset: 55, Key: "w"}}
	outs, err := blocktest.Run(&decimate{d: 10}, blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(outs[0].Items); got != "[0 10 20 30 40 50 60 70 80 90]" {
		t.Fatalf("items %s", got)
	}
	if got := fmt.Sprint(outs[0].Tags); got != "[0:x=<nil> 0:y=<nil> 1:z=<nil> 5:w=<nil>]" {
		t.Fatalf("tags %s: each must land on the output item of its input item", got)
	}
}

func TestSourceAndSink(t *testing.T) {
	next := 0
	src := block.Source(func(out []uint8) (int, error) {
		n := min(len(out), 300-next)
		for i := range n {
			out[i] = uint8(next + i)
		}
		next += n
		if next == 300 {
			return n, block.ErrDone
		}
		return n, nil
	})
	outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 64})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]uint8); len(got) != 300 || got[299] != uint8(299%256) {
		t.Fatalf("source gave %d items", len(got))
	}
	var sum int
	boom := errors.New("boom")
	newSink := func() block.Block {
		return block.Sink(func(in []int) error {
			for _, v := range in {
				sum += v
				if v == 77 {
					return boom
				}
			}
			return nil
		})
	}
	if _, err := blocktest.Run(newSink(), blocktest.Stream{Items: []int{1, 2, 3}}); err != nil || sum != 6 {
		t.Fatalf("sink: sum %d, error %v", sum, err)
	}
	if _, err := blocktest.Run(newSink(), blocktest.Stream{Items: []int{77}}); !errors.Is(err, boom) {
		t.Fatalf("sink error %v, want boom", err)
	}
}

type addBlock struct {
	In     [3]block.In[float32]
	Out    block.Out[float32]
	hidden block.In[float32]
}

func (*addBlock) Work(*block.IO) error { return nil }

type blockFunc func(*block.IO) error

func (f blockFunc) Work(io *block.IO) error { return f(io) }

func TestPortFindNamesFieldsAndElements(t *testing.T) {
	if _, err := port.Find(blockFunc(func(*block.IO) error { return nil })); err == nil {
		t.Fatal("a block that is not a struct pointer was accepted")
	}
	b := &addBlock{}
	ps, err := port.Find(b)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ps.InName, ps.OutName) != "[in0 in1 in2] [out]" {
		t.Fatalf("ports %v %v", ps.InName, ps.OutName)
	}
	if ps.Lookup("in1", false) != 1 || ps.Lookup("2", false) != 2 || ps.Lookup("0", true) != 0 || ps.Lookup("x", false) != -1 {
		t.Fatal("Lookup by name or index failed")
	}
	_ = &b.hidden
}

// movingSum outputs the sum of each item and the 3 before it (history 4).
type movingSum struct {
	In  block.In[int]
	Out block.Out[int]
}

func newMovingSum() *movingSum {
	m := &movingSum{}
	m.In.SetHistory(4)
	return m
}

func (m *movingSum) Work(*block.IO) error {
	in, out := m.In.Slice(), m.Out.Slice()
	n := min(len(in)-3, len(out))
	if n <= 0 {
		if m.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for i := range n {
		out[i] = in[i] + in[i+1] + in[i+2] + in[i+3]
	}
	m.In.Consume(n)
	m.Out.Produce(n)
	return nil
}

func TestHistoryKeepsItemsAcrossWorkCalls(t *testing.T) {
	in := make([]int, 5000)
	for i := range in {
		in[i] = i + 1
	}
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 2, Key: "b"}, {Offset: 3, Key: "c"}, {Offset: 99, Key: "d"}, {Offset: 100, Key: "e"}, {Offset: 4999, Key: "f"}}
	for _, outItems := range []int{1, 2, 100, 8000} {
		m := newMovingSum()
		if port.InOf[int](&m.In).Need() != 4 {
			t.Fatalf("need %d, want 4", port.InOf[int](&m.In).Need())
		}
		outs, err := blocktest.RunWith(m, blocktest.Options{OutputItems: outItems}, blocktest.Stream{Items: in, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		// As GNU Radio: 3 zeros before the stream, one output per input.
		got := outs[0].Items.([]int)
		if len(got) != len(in) {
			t.Fatalf("out=%d: %d items out, want %d", outItems, len(got), len(in))
		}
		for i, v := range got {
			want := 0
			for k := max(i-3, 0); k <= i; k++ {
				want += in[k]
			}
			if v != want {
				t.Fatalf("out=%d: item %d = %d, want %d", outItems, i, v, want)
			}
		}
		if !slices.Equal(outs[0].Tags, tags) {
			t.Fatalf("out=%d: tags %v, want %v (input k on output k)", outItems, outs[0].Tags, tags)
		}
	}
}

// commit ends a "Work call" of ports used directly by a test.
func commit(in port.InPort, out port.OutPort) {
	(&port.Ports{In: []port.InPort{in}, Out: []port.OutPort{out}}).Commit()
}

func TestHistoryOffsetCountsLeadingZeros(t *testing.T) {
	var in port.In[int]
	in.SetHistory(3)
	out := in.NewPeer()
	if err := out.Open(16); err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := out.Attach(&in, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	s := out.SliceAny().([]int)
	s[0], s[1] = 7, 8
	out.Produce(2)
	commit(&in, out)
	if got := fmt.Sprint(in.Slice()); got != "[0 0 7 8]" {
		t.Fatalf("first Slice %s, want the 2 zeros then the items", got)
	}
	if in.Offset() != ^uint64(1) {
		t.Fatalf("offset %d, want -2 (wrapped)", int64(in.Offset()))
	}
	in.Consume(1)
	if got := fmt.Sprint(in.Slice(), int64(in.Offset())); got != "[0 7 8] -1" {
		t.Fatalf("after Consume(1): %s", got)
	}
	in.Consume(2)
	commit(&in, out)
	if got := fmt.Sprint(in.Slice(), in.Offset(), in.Counted()); got != "[8] 1 3" {
		t.Fatalf("after Consume(2): %s", got)
	}
	out.Close()
	if in.Starved() != true || in.Finished() {
		t.Fatal("1 item left of the 3 needed: starved, not finished")
	}
}

func TestAttachAfterProduceIsRefused(t *testing.T) {
	var out port.Out[int32]
	if err := out.Open(16); err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var first, late port.In[int32]
	if err := out.Attach(&first, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	out.Slice()
	out.Produce(3)
	commit(&first, &out)
	if err := out.Attach(&late, nil, nil); !errors.Is(err, port.ErrAttachRunning) {
		t.Fatalf("Attach after Produce: %v, want ErrAttachRunning", err)
	}
}

func TestHalfSlicesOfferHalfTheBufferAtMost(t *testing.T) {
	for _, c := range []struct {
		name  string
		half  bool
		multi int
	}{
		{"plain", false, 0},
		{"halves", true, 0},
		{"halves, multiple", true, 3},
	} {
		var out port.Out[int32]
		if c.half {
			out.SetHalfSlices()
		}
		if c.multi > 0 {
			out.SetMultiple(c.multi)
		}
		if err := out.Open(16); err != nil {
			t.Fatal(err)
		}
		var in port.In[int32]
		if err := out.Attach(&in, nil, nil); err != nil {
			t.Fatal(err)
		}
		capacity := out.Capacity()
		want := capacity
		if c.half {
			want = capacity / 2
		}
		if c.multi > 0 {
			want = want / c.multi * c.multi
		}
		if got := len(out.Slice()); got != want {
			t.Errorf("%s: Slice of %d items in a buffer of %d, want %d", c.name, got, capacity, want)
		}
		// Half of the buffer written: the other half is still offered.
		out.Slice()
		out.Produce(capacity / 2 / max(c.multi, 1) * max(c.multi, 1))
		commit(&in, &out)
		if got := len(out.Slice()); c.half && got != capacity/2/max(c.multi, 1)*max(c.multi, 1) {
			t.Errorf("%s: %d items offered after producing half, want the other half", c.name, got)
		}
		in.Close()
		out.Close()
	}
}

func TestHalfSlicesNeverOfferLessThanTheNeed(t *testing.T) {
	var out port.Out[int32]
	out.SetHalfSlices()
	out.SetMinSpace(1000) // more than half of the buffer Open(16) maps (one page or more)
	if err := out.Open(16); err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var in port.In[int32]
	if err := out.Attach(&in, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	want := max(out.Capacity()/2, 1000)
	if got := len(out.Slice()); got != want {
		t.Fatalf("Slice %d items of a buffer of %d, want %d (the need, when above half)", got, out.Capacity(), want)
	}
}

func TestIdleIsErrDoneOnlyOnceTheInputIsFinished(t *testing.T) {
	var in port.In[int]
	out := in.NewPeer()
	if err := out.Open(16); err != nil {
		t.Fatal(err)
	}
	if err := out.Attach(&in, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out.SliceAny().([]int)[0] = 1
	out.Produce(1)
	commit(&in, out)
	in.Slice()
	if err := in.Idle(); err != nil {
		t.Fatalf("Idle with an item left = %v, want nil", err)
	}
	out.Close()
	in.Slice()
	if err := in.Idle(); err != nil {
		t.Fatalf("Idle with the upstream closed but an item left = %v, want nil", err)
	}
	in.Consume(1)
	in.Slice()
	if err := in.Idle(); !errors.Is(err, block.ErrDone) {
		t.Fatalf("Idle on a finished input = %v, want ErrDone", err)
	}
}

// halve is a decimating block written with no tag code at all; produceFirst
// puts Produce before Consume: before the commit, tags were forwarded by
// block.CopyTags, which lost or misplaced them when called after Consume.
type halve struct {
	In           block.In[int32]
	Out          block.Out[int32]
	produceFirst bool
}

func (b *halve) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)/2, len(out), 3) // small calls: many commits
	if n == 0 {
		return b.In.Idle()
	}
	for i := range n {
		out[i] = in[2*i]
	}
	if b.produceFirst {
		b.Out.Produce(n)
		b.In.Consume(2 * n)
	} else {
		b.In.Consume(2 * n)
		b.Out.Produce(n)
	}
	return nil
}

func TestTagsAreForwardedWhateverTheOrderOfConsumeAndProduce(t *testing.T) {
	in := make([]int32, 40)
	for i := range in {
		in[i] = int32(i)
	}
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 3, Key: "b"}, {Offset: 5, Key: "c"}, {Offset: 39, Key: "d"}}
	want := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 1, Key: "b"}, {Offset: 2, Key: "c"}, {Offset: 19, Key: "d"}}
	for _, first := range []bool{false, true} {
		outs, err := blocktest.Run(&halve{produceFirst: first}, blocktest.Stream{Items: in, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		if got := outs[0].Items.([]int32); len(got) != 20 || got[19] != 38 {
			t.Fatalf("produce first %v: items %v", first, got)
		}
		if !slices.Equal(outs[0].Tags, want) {
			t.Fatalf("produce first %v: tags %v, want %v (input i on output i/2)", first, outs[0].Tags, want)
		}
	}
}

// untagged is a 1:1 block whose input forwards no tags.
type untagged struct {
	In  block.In[int32]
	Out block.Out[int32]
}

func (b *untagged) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	copy(out, in[:n])
	b.In.Consume(n)
	b.Out.Produce(n)
	return nil
}

func TestTagPolicyNoneForwardsNothing(t *testing.T) {
	b := &untagged{}
	b.In.SetTagPolicy(block.TagsNone)
	outs, err := blocktest.Run(b, blocktest.Stream{Items: []int32{1, 2, 3}, Tags: []buffer.Tag{{Offset: 1, Key: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs[0].Tags) != 0 || len(outs[0].Items.([]int32)) != 3 {
		t.Fatalf("outputs %+v, want 3 items and no tag", outs[0])
	}
}

// forgetful decimates by 4 without declaring that it needs 4 items per call.
type forgetful struct {
	In  block.In[int32]
	Out block.Out[int32]
}

func (b *forgetful) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)/4, len(out))
	if n == 0 {
		return b.In.Idle()
	}
	for i := range n {
		out[i] = in[4*i]
	}
	b.In.Consume(4 * n)
	b.Out.Produce(n)
	return nil
}

func TestBlocktestReportsAStall(t *testing.T) {
	_, err := blocktest.Run(&forgetful{}, blocktest.Stream{Items: make([]int32, 10)})
	if !errors.Is(err, block.ErrStalled) || !strings.Contains(err.Error(), "2 items left") {
		t.Fatalf("blocktest.Run = %v, want ErrStalled with the 2 items left", err)
	}
	declared := &forgetful{}
	declared.In.SetMinItems(4)
	outs, err := blocktest.Run(declared, blocktest.Stream{Items: make([]int32, 10)})
	if err != nil || len(outs[0].Items.([]int32)) != 2 {
		t.Fatalf("with SetMinItems(4): %v, %v; want 2 items and no error", outs, err)
	}
}

func TestSourceEndsOnEOF(t *testing.T) {
	left := 5
	src := block.Source(func(out []int32) (int, error) {
		n := min(len(out), left)
		left -= n
		if left == 0 {
			return n, io.EOF
		}
		return n, nil
	})
	outs, err := blocktest.Run(src)
	if err != nil || len(outs[0].Items.([]int32)) != 5 {
		t.Fatalf("a source ending with io.EOF: %v, %v; want 5 items and no error", outs, err)
	}
}

// hiddenPorts is the mistake: port fields the flowgraph cannot see.
type hiddenPorts struct {
	in  block.In[int32]
	out block.Out[int32]
}

func (h *hiddenPorts) Work(*block.IO) error {
	h.out.Produce(len(h.in.Slice())) // what the block would do, were its ports found
	return nil
}

func TestPortFindNamesUnexportedPortFields(t *testing.T) {
	_, err := port.Find(&hiddenPorts{})
	if !errors.Is(err, block.ErrNoPorts) || !strings.Contains(err.Error(), "in, out") {
		t.Fatalf("port.Find = %v, want ErrNoPorts naming in, out", err)
	}
}
