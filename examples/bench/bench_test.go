package bench_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/examples/bench"
	"github.com/flowrun/flowrun/flowgraph"
)

// TestEveryBenchmarkLoads checks each row's graph and twin are embedded.
func TestEveryBenchmarkLoads(t *testing.T) {
	for _, b := range bench.All() {
		data, err := b.Graph()
		if err != nil {
			t.Fatal(err)
		}
		l, err := flowgraph.Load(data, blocks.NewRegistry(), flowgraph.LoadOptions{File: b.File()})
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		if got := uint64(l.Vars["items"]); got != b.Items {
			t.Errorf("%s: the graph moves %d items, the table says %d (rerun go generate?)", b.Name, got, b.Items)
		}
		if _, err := bench.Files.ReadFile(b.Twin); err != nil {
			t.Errorf("%s: %v", b.Name, err)
		}
	}
}

// BenchmarkGraphs runs every benchmark graph at a small N, for go test -bench
// and benchstat to track regressions commit to commit.
func BenchmarkGraphs(b *testing.B) {
	for _, bm := range bench.All() {
		b.Run(bm.Name, func(b *testing.B) {
			n := bm.ItemsFor(1 << 20)
			data, err := bm.Graph()
			if err != nil {
				b.Fatal(err)
			}
			reg := blocks.NewRegistry()
			for b.Loop() {
				b.StopTimer()
				l, err := flowgraph.Load(data, reg, flowgraph.LoadOptions{File: bm.File(), Set: map[string]string{"items": strconv.FormatUint(n, 10)}})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := l.Graph.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Msamples/s")
		})
	}
}
