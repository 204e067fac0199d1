package blocks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// BenchmarkTCPLoopback measures the throughput of TCP between two graphs
// of one process over 127.0.0.1: null_source → head → tcp_sink (client)
// and tcp_source (server) → null_sink, complex64, 256 MiB an iteration,
// for several sizes of every buffer of both graphs. MB/s is the payload.
//
//	go test ./blocks -run '^$' -bench TCPLoopback -benchtime 5x
func BenchmarkTCPLoopback(b *testing.B) {
	const items = 32 << 20 // 256 MiB of complex64
	for _, bufBytes := range []int{32 << 10, 256 << 10, 1 << 20, 4 << 20} {
		b.Run(fmt.Sprintf("buffer=%dKiB", bufBytes>>10), func(b *testing.B) {
			b.SetBytes(items * 8)
			for b.Loop() {
				opt := flowgraph.WithBufferBytes(bufBytes)
				src, err := NewTCPSource[complex64](NetServer, "127.0.0.1:0", false)
				if err != nil {
					b.Fatal(err)
				}
				null := NewNullSink[complex64]()
				gr := flowgraph.New(opt)
				if err := gr.Add("src", src); err != nil {
					b.Fatal(err)
				}
				if err := gr.Add("snk", null); err != nil {
					b.Fatal(err)
				}
				if err := flowgraph.Connect(gr, &src.Out, &null.In); err != nil {
					b.Fatal(err)
				}
				received := make(chan error, 1)
				go func() { received <- gr.Run(context.Background()) }()
				addr := ""
				for addr == "" {
					if a := src.Addr(); a != nil {
						addr = a.String()
					}
					time.Sleep(100 * time.Microsecond)
				}
				gen := NewNullSource[complex64]()
				head := NewHead[complex64](items)
				snk, err := NewTCPSink[complex64](NetClient, addr, true)
				if err != nil {
					b.Fatal(err)
				}
				gs := flowgraph.New(opt)
				for name, blk := range map[string]block.Block{"gen": gen, "head": head, "snk": snk} {
					if err := gs.Add(name, blk); err != nil {
						b.Fatal(err)
					}
				}
				if err := flowgraph.Connect(gs, &gen.Out, &head.In); err != nil {
					b.Fatal(err)
				}
				if err := flowgraph.Connect(gs, &head.Out, &snk.In); err != nil {
					b.Fatal(err)
				}
				if err := gs.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				if err := <-received; err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
