package blocks_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestThrottlePassesItemsAndTagsUnchanged(t *testing.T) {
	in := streamRamp(3000)
	tags := streamTags(0, 1234, 2999)
	b, err := blocks.NewThrottle[float32](1e6) // 3 ms of items
	if err != nil {
		t.Fatal(err)
	}
	got, gotTags := streamRun(t, b, 64, in, tags)
	streamCheck(t, got, in, gotTags, tags)
}

func TestThrottleRejectsRatesThatAreNotPositive(t *testing.T) {
	for _, r := range []float64{0, -1} {
		if _, err := blocks.NewThrottle[int8](r); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("rate %g: err %v, want ErrBadParam", r, err)
		}
	}
}

// TestThrottleHoldsTheRate is a functional check against the wall clock
// with generous bounds, not a performance assertion.
func TestThrottleHoldsTheRate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 0.3 s")
	}
	const rate = 2.4e6 // an RTL-SDR's rate
	g := flowgraph.New()
	src := block.Source(func(out []complex64) (int, error) { return len(out), nil })
	thr, err := blocks.NewThrottle[complex64](rate)
	if err != nil {
		t.Fatal(err)
	}
	var count atomic.Int64
	snk := block.Sink(func(in []complex64) error { count.Add(int64(len(in))); return nil })
	for name, b := range map[string]block.Block{"src": src, "throttle": thr, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flowgraph.Connect(g, &src.Out, &thr.In); err != nil {
		t.Fatal(err)
	}
	if err := flowgraph.Connect(g, &thr.Out, &snk.In); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := g.Run(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	elapsed := time.Since(start).Seconds()
	want := rate * elapsed
	// Never faster than the rate (the property a throttle exists for; a
	// loaded machine can only make it slower), and some progress (no lower
	// bound on the rate: a loaded machine may starve the graph for a while).
	if got := float64(count.Load()); got > 1.1*want || got == 0 {
		t.Fatalf("%v items in %.3f s, want at most %.0f (+10%%) and some", got, elapsed, want)
	}
	// Sleeping between batches of about 1 ms, not spinning nor passing a
	// few items whenever a neighbour wakes it: a few Work calls per
	// millisecond at most (a throttle at 2.4 MS/s that passed what was
	// allowed at each wake-up made 2 M calls a second).
	for _, s := range g.Stats() {
		if limit := uint64(10 * elapsed * 1000); s.Name == "throttle" && s.WorkCalls > limit {
			t.Fatalf("throttle called %d times in %.3f s (limit %d): it does not batch", s.WorkCalls, elapsed, limit)
		}
	}
}
