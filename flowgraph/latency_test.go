package flowgraph_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// widest is a source of 0, 1, 2, ... up to limit items that records the
// largest output Slice it was offered.
type widest struct {
	Out   block.Out[uint64]
	limit uint64
	next  uint64
	most  int
}

func (w *widest) Work(*block.IO) error {
	out := w.Out.Slice()
	w.most = max(w.most, len(out))
	n := min(uint64(len(out)), w.limit-w.next)
	for i := range n {
		out[i] = w.next + i
	}
	w.Out.Produce(int(n))
	if w.next += n; w.next == w.limit {
		return block.ErrDone
	}
	return nil
}

// rated is a block.Rated sink of uint64 items.
type rated struct {
	*block.SinkBlock[uint64]
	rate float64
}

func (r *rated) ItemRate() float64 { return r.rate }

func newRatedSink(rate float64) *rated {
	return &rated{SinkBlock: block.Sink(func([]uint64) error { return nil }), rate: rate}
}

// ratedSource is a block.Rated counter.
type ratedSource struct {
	counter
	rate float64
}

func (r *ratedSource) ItemRate() float64 { return r.rate }

func newDecimator(d int) *block.MapNBlock[uint64, uint64] {
	return block.MapN(d, 1, func(in, out []uint64) {
		for i := range out {
			out[i] = in[i*d]
		}
	})
}

func TestMaxItemsCapsWhatTheWriterIsOffered(t *testing.T) {
	g := flowgraph.New()
	src := &widest{limit: 100000}
	chk := &checker{maxTake: 7}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "chk", chk)
	if err := flowgraph.Connect(g, &src.Out, &chk.In, flowgraph.MaxItems(100)); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if src.most > 100 || src.most == 0 {
		t.Errorf("the writer was offered up to %d items, want 1..100", src.most)
	}
	if chk.next != 100000 {
		t.Errorf("checker saw %d items, want 100000", chk.next)
	}
	st := g.Stats()[0]
	if st.Limit[0] != 100 || st.Capacity[0] < 100 {
		t.Errorf("stats: capacity %d, limit %d; want limit 100 below the capacity", st.Capacity[0], st.Limit[0])
	}
}

func TestHalfSlicesAreHalfTheLimit(t *testing.T) {
	g := flowgraph.New()
	src := &widest{limit: 10000}
	src.Out.SetHalfSlices()
	chk := &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "chk", chk)
	if err := flowgraph.Connect(g, &src.Out, &chk.In, flowgraph.MaxItems(100)); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if src.most != 50 || chk.next != 10000 {
		t.Errorf("offered up to %d items, %d items checked; want 50 (half the limit) and 10000", src.most, chk.next)
	}
}

func TestBudgetGivesEachConnectionItsShareOfTheLongestPath(t *testing.T) {
	g := flowgraph.New(flowgraph.WithMaxLatency(30 * time.Millisecond))
	src := &ratedSource{rate: 48000}
	cp, dec, snk := newCopy(), newDecimator(4), newRatedSink(0)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "cp", cp)
	mustAdd(t, g, "dec", dec)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &cp.In))
	mustConnect(t, flowgraph.Connect(g, &cp.Out, &dec.In))
	mustConnect(t, flowgraph.Connect(g, &dec.Out, &snk.In))
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	rep := g.Latency()
	want := []struct {
		rate  float64
		limit int
	}{{48000, 360}, {48000, 360}, {12000, 90}} // 3/4 of 30 ms over 3 connections: 7.5 ms each
	for i, w := range want {
		e := rep.Edges[i]
		if e.Rate != w.rate || e.Limit != w.limit || e.Path != 3 {
			t.Errorf("edge %s: rate %g, limit %d, path %d; want %g, %d, 3", e.From, e.Rate, e.Limit, e.Path, w.rate, w.limit)
		}
	}
	if len(rep.Paths) != 1 || rep.Paths[0].Worst != 22500*time.Microsecond || len(rep.Paths[0].Unknown) != 0 {
		t.Errorf("paths %+v, want one of 22.5ms (the queues get 3/4 of the budget)", rep.Paths)
	}
	if got := strings.Join(rep.Paths[0].Blocks, " "); got != "src cp dec snk" {
		t.Errorf("path %q", got)
	}
}

func TestRatesCarryUpstreamFromARatedSink(t *testing.T) {
	g := flowgraph.New()
	src := &counter{}
	dec, snk := newDecimator(4), newRatedSink(1000)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "dec", dec)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &dec.In))
	mustConnect(t, flowgraph.Connect(g, &dec.Out, &snk.In))
	rep := g.Latency()
	if rep.Edges[0].Rate != 4000 || rep.Edges[1].Rate != 1000 {
		t.Errorf("rates %g, %g; want 4000, 1000", rep.Edges[0].Rate, rep.Edges[1].Rate)
	}
	if !rep.RatesKnown() {
		t.Error("RatesKnown() = false with every rate known")
	}
	// Without a budget nothing is limited: the worst case is the capacity.
	e := rep.Edges[0]
	if e.Limit != e.Capacity || e.Worst != time.Duration(float64(e.Capacity)/4000*float64(time.Second)) {
		t.Errorf("edge %+v: want limit = capacity and worst = capacity/rate", e)
	}
}

func TestBudgetWithoutRatesIsAnError(t *testing.T) {
	g := flowgraph.New(flowgraph.WithMaxLatency(20 * time.Millisecond))
	src, cp, chk := &counter{limit: 10}, newCopy(), &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "cp", cp)
	mustAdd(t, g, "chk", chk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &cp.In))
	mustConnect(t, flowgraph.Connect(g, &cp.Out, &chk.In, flowgraph.MaxItems(64)))
	err := g.Validate()
	if !errors.Is(err, flowgraph.ErrNoRate) {
		t.Fatalf("Validate() = %v, want flowgraph.ErrNoRate", err)
	}
	// The connection limited by hand needs no rate.
	if msg := err.Error(); !strings.Contains(msg, "src.out -> cp.in") || strings.Contains(msg, "cp.out") {
		t.Errorf("error %q should name src.out -> cp.in alone", msg)
	}
	if rep := g.Latency(); rep.RatesKnown() || len(rep.Paths[0].Unknown) != 2 {
		t.Errorf("report %+v: want both connections of unknown rate", rep.Paths)
	}
}

func TestMaxItemsBelowTheNeedIsRefused(t *testing.T) {
	g := flowgraph.New()
	src, dec, snk := &counter{limit: 8}, newDecimator(4), newRatedSink(0)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "dec", dec)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &dec.In, flowgraph.MaxItems(3)))
	mustConnect(t, flowgraph.Connect(g, &dec.Out, &snk.In))
	if err := g.Validate(); !errors.Is(err, flowgraph.ErrBufferTooSmall) {
		t.Fatalf("Validate() = %v, want flowgraph.ErrBufferTooSmall", err)
	}
}

func TestBudgetBelowTheNeedIsRaisedToItAndReported(t *testing.T) {
	g := flowgraph.New(flowgraph.WithMaxLatency(time.Millisecond))
	src := &ratedSource{rate: 1000} // 1 item per ms, and dec needs 4
	dec, snk := newDecimator(4), newRatedSink(0)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "dec", dec)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &dec.In))
	mustConnect(t, flowgraph.Connect(g, &dec.Out, &snk.In))
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	rep := g.Latency()
	if rep.Edges[0].Limit != 4 || len(rep.Warnings) == 0 || !strings.Contains(rep.Warnings[0], "src.out -> dec.in") {
		t.Errorf("limit %d, warnings %q; want 4 and a warning about src.out", rep.Edges[0].Limit, rep.Warnings)
	}
}

func TestDisagreeingRatesAreReported(t *testing.T) {
	g := flowgraph.New()
	src, snk := &ratedSource{rate: 1000}, newRatedSink(2000)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	rep := g.Latency()
	if rep.Edges[0].Rate != 1000 || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "disagree") {
		t.Errorf("rate %g, warnings %q; want the first declaration, 1000, and one warning", rep.Edges[0].Rate, rep.Warnings)
	}
	if err := g.DeclareRate("snk", 1000); err != nil {
		t.Fatal(err)
	}
	if rep := g.Latency(); len(rep.Warnings) != 0 {
		t.Errorf("warnings %q after DeclareRate made them agree", rep.Warnings)
	}
}
