package blocks_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
)

// benchFilter measures steady-state Work calls of the block made by blk,
// whose ports In and Out carry T, fed chunks of n items through real
// buffers, and reports ns per input sample; allocs/op covers Work only.
func benchFilter[T any](b *testing.B, blk func() (block.Block, *block.In[T], *block.Out[T]), in []T, n int) {
	f, bin, bout := blk()
	fin, fout := port.InOf[T](bin), port.OutOf[T](bout)
	src := new(port.Out[T])
	if err := src.Open(4 * n); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if err := src.Attach(fin, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer fin.Close()
	if err := fout.Open(4 * n); err != nil {
		b.Fatal(err)
	}
	defer fout.Close()
	snk := new(port.In[T])
	if err := fout.Attach(snk, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer snk.Close()
	io := streamIO(context.Background())
	b.ReportAllocs()
	for b.Loop() {
		k := copy(src.Slice(), in[:n])
		src.Produce(k)
		for {
			before := fin.Counted()
			if err := f.Work(io); err != nil {
				b.Fatal(err)
			}
			snk.Consume(len(snk.Slice()))
			if fin.Counted() == before {
				break
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sample")
}

const filtersBenchN = 1 << 12

func BenchmarkFIRFilterFloat32Taps64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	taps, in := filtersRandF(r, 64), filtersRandF(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[float32], *block.Out[float32]) {
		f, _ := blocks.NewFIRFilter[float32](taps, 1)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

func BenchmarkFIRFilterComplex64RealTaps64(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	taps, in := filtersRandF(r, 64), filtersRandC(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[complex64], *block.Out[complex64]) {
		f, _ := blocks.NewFIRFilter[complex64](taps, 1)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

func BenchmarkFFTFilterComplex64Taps256(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	taps, in := filtersRandC(r, 256), filtersRandC(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[complex64], *block.Out[complex64]) {
		f, _ := blocks.NewFFTFilter(taps, 1)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

func BenchmarkFIRFilterComplex64ComplexTaps256(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	taps, in := filtersRandC(r, 256), filtersRandC(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[complex64], *block.Out[complex64]) {
		f, _ := blocks.NewFIRFilter[complex64](taps, 1)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

func BenchmarkRationalResamplerComplex64_3_2(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	in := filtersRandC(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[complex64], *block.Out[complex64]) {
		f, _ := blocks.NewRationalResampler[complex64](3, 2, nil, 0.4, blocks.ResamplerZeros)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

func BenchmarkMovingAverageFloat32(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	in := filtersRandF(r, filtersBenchN)
	benchFilter(b, func() (block.Block, *block.In[float32], *block.Out[float32]) {
		f, _ := blocks.NewMovingAverage[float32](32, 1.0/32)
		return f, &f.In, &f.Out
	}, in, filtersBenchN)
}

// TestFIRFilterSteadyStateDoesNotAllocate checks that only the first Work
// calls allocate (the history zeros' scratch): none afterwards.
func TestFIRFilterSteadyStateDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	taps, in := filtersRandC(r, 64), filtersRandC(r, 1024)
	f, err := blocks.NewFIRFilter[complex64](taps, 2)
	if err != nil {
		t.Fatal(err)
	}
	fin, fout := port.InOf[complex64](&f.In), port.OutOf[complex64](&f.Out)
	src := new(port.Out[complex64])
	if err := src.Open(4096); err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Attach(fin, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer fin.Close()
	if err := fout.Open(4096); err != nil {
		t.Fatal(err)
	}
	defer fout.Close()
	snk := new(port.In[complex64])
	if err := fout.Attach(snk, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer snk.Close()
	io := streamIO(context.Background())
	step := func() {
		src.Produce(copy(src.Slice(), in))
		if err := f.Work(io); err != nil {
			t.Fatal(err)
		}
		snk.Consume(len(snk.Slice()))
	}
	step() // consumes the leading zeros
	if a := testing.AllocsPerRun(100, step); a != 0 {
		t.Fatalf("%v allocations per Work call in steady state", a)
	}
	if got, want := fout.Counted(), fin.Counted()/2; got != want {
		t.Fatalf("%d outputs for %d inputs (zeros included), want %d", got, fin.Counted(), want)
	}
}
