package blocks_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// stamper passes its items on and tags every 1000th with the time it
// passed ("t0", Unix ns).
type stamper struct {
	In  block.In[complex64]
	Out block.Out[complex64]
}

func (s *stamper) Work(*block.IO) error {
	in, out := s.In.Slice(), s.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return s.In.Idle()
	}
	copy(out, in[:n])
	s.In.SetTagPolicy(block.TagsNone)
	off := s.Out.Offset()
	now := time.Now().UnixNano()
	for i := range uint64(n) {
		if (off+i)%1000 == 0 {
			s.Out.AddTag(buffer.Tag{Offset: off + i, Key: "t0", Value: now})
		}
	}
	s.In.Consume(n)
	s.Out.Produce(n)
	return nil
}

// delays records, for every t0 tag, how long after its stamp it arrived.
type delays struct {
	In block.In[complex64]
	d  []time.Duration
}

func (r *delays) Work(*block.IO) error {
	in := r.In.Slice()
	if len(in) == 0 {
		return r.In.Idle()
	}
	now := time.Now().UnixNano()
	for _, t := range r.In.Tags() {
		if v, ok := t.Value.(int64); ok && t.Key == "t0" {
			r.d = append(r.d, time.Duration(now-v))
		}
	}
	r.In.Consume(len(in))
	return nil
}

// BenchmarkZMQHopLatency measures what a ZeroMQ hop (push -> pull over
// loopback TCP, tags passed) adds to the latency of a stream paced at
// 1 MS/s: p50 and p99 from a stamp to its arrival, through the hop and
// through a local connection, 2 s each.
func BenchmarkZMQHopLatency(b *testing.B) {
	for b.Loop() {
		local := hopLatency(b, false)
		hop := hopLatency(b, true)
		pct := func(d []time.Duration, p float64) float64 {
			slices.Sort(d)
			return float64(d[int(p*float64(len(d)-1))]) / 1e3
		}
		b.ReportMetric(pct(local, 0.5), "local-p50-µs")
		b.ReportMetric(pct(local, 0.99), "local-p99-µs")
		b.ReportMetric(pct(hop, 0.5), "hop-p50-µs")
		b.ReportMetric(pct(hop, 0.99), "hop-p99-µs")
	}
}

func hopLatency(b *testing.B, hop bool) []time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	src := blocks.NewNullSource[complex64]()
	pace, err := blocks.NewThrottle[complex64](1e6)
	if err != nil {
		b.Fatal(err)
	}
	st, rec := &stamper{}, &delays{}
	ga := flowgraph.New()
	must := func(errs ...error) {
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	must(ga.Add("src", src), ga.Add("pace", pace), ga.Add("stamp", st),
		flowgraph.Connect(ga, &src.Out, &pace.In), flowgraph.Connect(ga, &pace.Out, &st.In))
	if !hop {
		must(ga.Add("rec", rec), flowgraph.Connect(ga, &st.Out, &rec.In))
		if err := ga.Run(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			b.Fatal(err)
		}
		return rec.d
	}
	push, err := blocks.NewZMQPushSink[complex64]("tcp://127.0.0.1:0", true, blocks.ZMQOptions{PassTags: true})
	must(err, ga.Add("push", push), flowgraph.Connect(ga, &st.Out, &push.In))
	done := make(chan error, 1)
	go func() { done <- ga.Run(ctx) }()
	var addr string
	for addr == "" && ctx.Err() == nil {
		addr = push.Addr()
		time.Sleep(100 * time.Microsecond)
	}
	pull, err := blocks.NewZMQPullSource[complex64](addr, false, blocks.ZMQOptions{PassTags: true})
	gb := flowgraph.New()
	must(err, gb.Add("pull", pull), gb.Add("rec", rec), flowgraph.Connect(gb, &pull.Out, &rec.In))
	if err := gb.Run(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		b.Fatal(err)
	}
	if err := <-done; err != nil && !errors.Is(err, context.DeadlineExceeded) {
		b.Fatal(err)
	}
	return rec.d
}
