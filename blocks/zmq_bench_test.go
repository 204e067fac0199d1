package blocks_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// BenchmarkZMQPushPull streams complex64 items from one graph to another
// in the same process, zmq_push_sink to zmq_pull_source over loopback TCP,
// with pass_tags and a tag every 4096 items; b.N items, reported in MB/s.
func BenchmarkZMQPushPull(b *testing.B) {
	for _, tc := range []struct {
		name        string
		passTags    bool
		bufferBytes int
	}{
		{"tags/buffer=32KiB", true, flowgraph.DefaultBufferBytes},
		{"tags/buffer=1MiB", true, 1 << 20},
		{"notags/buffer=1MiB", false, 1 << 20},
	} {
		b.Run(tc.name, func(b *testing.B) { benchZMQPushPull(b, tc.passTags, tc.bufferBytes) })
	}
}

func benchZMQPushPull(b *testing.B, passTags bool, bufferBytes int) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n := uint64(b.N)
	items := make([]complex64, 4096)
	for i := range items {
		items[i] = complex(float32(i), 1)
	}
	src, err := blocks.NewVectorSource(items, true, buffer.Tag{Offset: 0, Key: "block", Value: int64(1)})
	if err != nil {
		b.Fatal(err)
	}
	head := blocks.NewHead[complex64](n)
	sink, err := blocks.NewZMQPushSink[complex64]("tcp://127.0.0.1:0", true, blocks.ZMQOptions{PassTags: passTags})
	if err != nil {
		b.Fatal(err)
	}
	ga := flowgraph.New(flowgraph.WithBufferBytes(bufferBytes))
	for _, err := range []error{ga.Add("src", src), ga.Add("head", head), ga.Add("zmq", sink),
		flowgraph.Connect(ga, &src.Out, &head.In), flowgraph.Connect(ga, &head.Out, &sink.In)} {
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(8)
	b.ResetTimer()
	waitA := zmqRun(ctx, ga)
	var addr string
	for addr == "" {
		addr = sink.Addr()
		time.Sleep(100 * time.Microsecond)
	}
	pull, err := blocks.NewZMQPullSource[complex64](addr, false, blocks.ZMQOptions{PassTags: passTags})
	if err != nil {
		b.Fatal(err)
	}
	rhead := blocks.NewHead[complex64](n)
	count := blocks.NewNullSink[complex64]()
	gb := flowgraph.New(flowgraph.WithBufferBytes(bufferBytes))
	for _, err := range []error{gb.Add("zmq", pull), gb.Add("head", rhead), gb.Add("snk", count),
		flowgraph.Connect(gb, &pull.Out, &rhead.In), flowgraph.Connect(gb, &rhead.Out, &count.In)} {
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := gb.Run(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if err := waitA(); err != nil {
		b.Fatal(err)
	}
	if st := pull.Stats(); st.Items < n || (passTags && st.Messages == 0) {
		b.Fatalf("stats %+v", st)
	}
}
