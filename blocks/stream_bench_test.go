package blocks_test

import (
	"context"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
)

// streamBench measures b's Work alone: each iteration refills every input
// buffer, calls Work once and drains every output. It reports ns per item
// consumed (summed over the inputs).
func streamBench[T any](bb *testing.B, b block.Block) {
	const chunk = 1 << 14
	ps, err := port.Find(b)
	if err != nil {
		bb.Fatal(err)
	}
	var srcs []*port.Out[T]
	for _, p := range ps.In {
		src := new(port.Out[T])
		if err := src.Open(chunk); err != nil {
			bb.Fatal(err)
		}
		if err := src.Attach(p, nil, nil); err != nil {
			bb.Fatal(err)
		}
		srcs = append(srcs, src)
		defer src.Close()
		defer p.Close()
	}
	var snks []*port.In[T]
	for _, p := range ps.Out {
		if err := p.Open(chunk); err != nil {
			bb.Fatal(err)
		}
		snk := new(port.In[T])
		if err := p.Attach(snk, nil, nil); err != nil {
			bb.Fatal(err)
		}
		snks = append(snks, snk)
		defer p.Close()
		defer snk.Close()
	}
	io := streamIO(context.Background())
	count := func() (c uint64) {
		for _, p := range ps.In {
			c += p.Counted()
		}
		return c
	}
	bb.ReportAllocs()
	bb.ResetTimer()
	for bb.Loop() {
		for _, src := range srcs {
			src.Produce(len(src.Slice()))
		}
		if err := b.Work(io); err != nil {
			bb.Fatal(err)
		}
		for _, snk := range snks {
			snk.Consume(len(snk.Slice()))
		}
	}
	if n := count(); n > 0 {
		bb.ReportMetric(float64(bb.Elapsed().Nanoseconds())/float64(n), "ns/sample")
	}
}

func BenchmarkCopyComplex64(b *testing.B) { streamBench[complex64](b, blocks.NewCopy[complex64](true)) }

func BenchmarkCopyRand512Float32(b *testing.B) {
	k, _ := blocks.NewCopyRand[float32](512, 0)
	streamBench[float32](b, k)
}

func BenchmarkHeadComplex64(b *testing.B) {
	streamBench[complex64](b, blocks.NewHead[complex64](1<<62))
}

func BenchmarkDelayFloat32(b *testing.B) { streamBench[float32](b, blocks.NewDelay[float32](100)) }

func BenchmarkKeepOneInN4Complex64(b *testing.B) {
	k, _ := blocks.NewKeepOneInN[complex64](4)
	streamBench[complex64](b, k)
}

func BenchmarkInterleave2x1Int16(b *testing.B) {
	k, _ := blocks.NewInterleave[int16](2, 1)
	streamBench[int16](b, k)
}

func BenchmarkDeinterleave2x1Int16(b *testing.B) {
	k, _ := blocks.NewDeinterleave[int16](2, 1)
	streamBench[int16](b, k)
}

func BenchmarkDeinterleave4x64Float32(b *testing.B) {
	k, _ := blocks.NewDeinterleave[float32](4, 64)
	streamBench[float32](b, k)
}

func BenchmarkStreamToVector1024Complex64(b *testing.B) {
	k, _ := blocks.NewStreamToVector[complex64](1024)
	streamBench[complex64](b, k)
}

func BenchmarkSelector2x1Float32(b *testing.B) {
	k, _ := blocks.NewSelector[float32](2, 1, 0, 0)
	streamBench[float32](b, k)
}

func BenchmarkTagInserterFloat32(b *testing.B) {
	streamBench[float32](b, blocks.NewTagInserter[float32]("k", "v", 0, 4096))
}
