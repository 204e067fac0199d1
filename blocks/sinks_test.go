package blocks

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// sinksFeeder drives a sink's input by hand, one chunk per Work call.
type sinksFeeder[T any] struct {
	out block.Out[T]
	io  *block.IO
}

func sinksFeed[T any](t *testing.T, in *block.In[T]) *sinksFeeder[T] {
	t.Helper()
	f := &sinksFeeder[T]{io: block.NewIO(context.Background())}
	if err := f.out.Open(1 << 16); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.out.Close)
	if err := f.out.Attach(in, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return f
}

// put produces items then calls Work once.
func (f *sinksFeeder[T]) put(b block.Block, items ...T) error {
	copy(f.out.Slice(), items)
	f.out.Produce(len(items))
	return b.Work(f.io)
}

func TestNullSinkConsumesEverything(t *testing.T) {
	snk := NewNullSink[int8]()
	if _, err := blocktest.Run(snk, blocktest.Stream{Items: make([]int8, 12345)}); err != nil {
		t.Fatal(err)
	}
	if got := snk.In.Counted(); got != 12345 {
		t.Fatalf("consumed %d, want 12345", got)
	}
}

func TestVectorSinkKeepsItemsAndTagsAtTheirOffsets(t *testing.T) {
	snk := NewVectorSink[complex64]()
	f := sinksFeed(t, &snk.In)
	var want []complex64
	var wantTags []buffer.Tag
	for chunk := range 5 {
		items := make([]complex64, 100+chunk)
		for i := range items {
			items[i] = complex(float32(len(want)+i), -1)
		}
		tag := buffer.Tag{Offset: uint64(len(want) + chunk), Key: "k", Value: chunk}
		copy(f.out.Slice(), items)
		f.out.Produce(len(items), tag)
		if err := snk.Work(f.io); err != nil {
			t.Fatal(err)
		}
		want = append(want, items...)
		wantTags = append(wantTags, tag)
	}
	if !slices.Equal(snk.Items(), want) {
		t.Fatalf("items differ: %d, want %d", len(snk.Items()), len(want))
	}
	if !slices.Equal(snk.Tags(), wantTags) {
		t.Fatalf("tags %v, want %v", snk.Tags(), wantTags)
	}
}

func TestTagDebugPrintsNameOffsetKeyValue(t *testing.T) {
	var out bytes.Buffer
	dbg := NewTagDebug[float32]("dbg", &out)
	tags := []buffer.Tag{{Offset: 0, Key: "a", Value: 1}, {Offset: 5, Key: "burst", Value: complex(1, 2)}, {Offset: 999, Key: "eob", Value: nil}}
	if _, err := blocktest.Run(dbg, blocktest.Stream{Items: make([]float32, 1000), Tags: tags}); err != nil {
		t.Fatal(err)
	}
	want := "dbg 0 a 1\ndbg 5 burst (1+2i)\ndbg 999 eob <nil>\n"
	if out.String() != want {
		t.Fatalf("printed %q, want %q", out.String(), want)
	}
}

func TestProbeKeepsTheLatestValueAndMeasuresTheRate(t *testing.T) {
	p := NewProbe[int16](time.Second)
	clock := time.Unix(1000, 0)
	p.now = func() time.Time { return clock }
	f := sinksFeed(t, &p.In)
	if _, ok := p.Value(); ok {
		t.Fatal("value before any item")
	}
	// Opens the window; 10 items arrive before it and do not count.
	if err := f.put(p, make([]int16, 10)...); err != nil {
		t.Fatal(err)
	}
	for i := range 4 { // 4 × 500 items over 1.25 s
		clock = clock.Add(250 * time.Millisecond)
		items := make([]int16, 500)
		items[499] = int16(i + 7)
		if err := f.put(p, items...); err != nil {
			t.Fatal(err)
		}
		if i < 3 && p.Rate() != 0 {
			t.Fatalf("rate %v before the window completed", p.Rate())
		}
	}
	if v, ok := p.Value(); !ok || v != 10 {
		t.Fatalf("value %v %v, want 10", v, ok)
	}
	if got := p.Rate(); got != 2000 {
		t.Fatalf("rate %v items/s, want 2000", got)
	}
}

func TestCountSinkCountsAndStopsAtExpect(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expect    uint64
		in        int
		wantCount uint64
		wantErr   bool
	}{
		{"no expect counts all", 0, 5000, 5000, false},
		{"stops at expect", 1000, 5000, 1000, false},
		{"exactly expect", 5000, 5000, 5000, false},
		{"input ends before expect", 10_000, 5000, 5000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCountSink[uint8](tc.expect)
			_, err := blocktest.Run(c, blocktest.Stream{Items: make([]uint8, tc.in)})
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if c.Count() != tc.wantCount || c.In.Counted() != tc.wantCount {
				t.Fatalf("count %d, consumed %d, want %d", c.Count(), c.In.Counted(), tc.wantCount)
			}
		})
	}
}

func TestCountSinkAndProbeAreReadableWhileTheGraphRuns(t *testing.T) {
	vals := make([]float32, 2_000_000)
	for i := range vals {
		vals[i] = float32(i%1000) / 1000
	}
	src, err := NewVectorSource(vals, false) // finite: the probe finishes too
	if err != nil {
		t.Fatal(err)
	}
	cnt := NewCountSink[float32](2_000_000)
	p := NewProbe[float32](time.Millisecond)
	g := flowgraph.New()
	if err := errors.Join(g.Add("src", src), g.Add("cnt", cnt), g.Add("probe", p),
		flowgraph.Connect(g, &src.Out, &cnt.In), flowgraph.Connect(g, &src.Out, &p.In)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var monotonic = true
	wg.Go(func() {
		last := uint64(0)
		for {
			select {
			case <-done:
				return
			default:
			}
			c := cnt.Count()
			if c < last {
				monotonic = false
			}
			last = c
			_, _ = p.Value()
			_ = p.Rate()
		}
	})
	err = g.Run(context.Background())
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !monotonic {
		t.Error("count went backwards")
	}
	if cnt.Count() != 2_000_000 {
		t.Fatalf("count %d, want 2000000", cnt.Count())
	}
	if v, ok := p.Value(); !ok || v != vals[len(vals)-1] {
		t.Fatalf("probe value %v %v, want the last item %v", v, ok, vals[len(vals)-1])
	}
}

func BenchmarkVectorSinkFloat(b *testing.B) {
	snk := NewVectorSink[float32]()
	var src block.Out[float32]
	if err := src.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if err := src.Attach(&snk.In, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer snk.In.Close()
	io := block.NewIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		n := len(src.Slice())
		src.Produce(n)
		items += n
		if err := snk.Work(io); err != nil {
			b.Fatal(err)
		}
		if len(snk.items) > 1<<22 {
			snk.items = snk.items[:0]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}
