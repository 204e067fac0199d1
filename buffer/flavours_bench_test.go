package buffer_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/async"
	"github.com/flowrun/flowrun/buffer/blocking"
	"github.com/flowrun/flowrun/buffer/generic"
	"github.com/flowrun/flowrun/buffer/lockfree"
	"github.com/flowrun/flowrun/buffer/nonblocking"
)

// The five flavours behind one adapter, so that each benchmark and test is
// written once. The adapters are built once per buffer; calling through
// their func fields allocates nothing.

// writerEnd is the writing side of a flavour.
type writerEnd[T any] struct {
	slice     func() []T // waits (the flavour's way) until there is space
	trySlice  func() []T // never waits; possibly empty
	produce   func(n int)
	close     func()
	addReader func() readerEnd[T]
}

// readerEnd is one reading side of a flavour.
type readerEnd[T any] struct {
	slice    func() ([]T, bool) // waits until items or end of stream (ok == false)
	trySlice func() ([]T, bool) // never waits; possibly empty
	consume  func(n int)
	close    func()
}

var flavourNames = []string{"blocking", "async", "nonblocking", "lockfree", "generic"}

// openFlavour maps a buffer of at least minItems items of the named flavour.
func openFlavour[T any](tb testing.TB, name string, minItems int) writerEnd[T] {
	tb.Helper()
	opt := buffer.WithMinItems(minItems)
	var (
		w   writerEnd[T]
		err error
	)
	switch name {
	case "blocking":
		w, err = openBlocking[T](opt)
	case "async":
		w, err = openAsync[T](opt)
	case "nonblocking":
		w, err = openNonblocking[T](opt)
	case "lockfree":
		w, err = openLockfree[T](opt)
	case "generic":
		w, err = openGeneric[T](opt)
	default:
		tb.Fatalf("unknown flavour %q", name)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func openBlocking[T any](opt buffer.Option) (writerEnd[T], error) {
	w, err := blocking.New[T](opt)
	if err != nil {
		return writerEnd[T]{}, err
	}
	return writerEnd[T]{
		slice:    w.Slice,
		trySlice: w.TrySlice,
		produce:  func(n int) { w.Produce(n) },
		close:    w.Close,
		addReader: func() readerEnd[T] {
			r := w.AddReader()
			return readerEnd[T]{slice: r.Slice, trySlice: r.TrySlice, consume: r.Consume, close: r.Close}
		},
	}, nil
}

func openAsync[T any](opt buffer.Option) (writerEnd[T], error) {
	w, err := async.New[T](opt)
	if err != nil {
		return writerEnd[T]{}, err
	}
	ctx := context.Background()
	return writerEnd[T]{
		slice: func() []T {
			s, err := w.Slice(ctx)
			if err != nil {
				panic(err) // Background is never done
			}
			return s
		},
		trySlice: w.TrySlice,
		produce:  func(n int) { w.Produce(n) },
		close:    w.Close,
		addReader: func() readerEnd[T] {
			r := w.AddReader()
			return readerEnd[T]{
				slice: func() ([]T, bool) {
					s, err := r.Slice(ctx)
					switch {
					case errors.Is(err, buffer.ErrEndOfStream):
						return nil, false
					case err != nil:
						panic(err)
					}
					return s, true
				},
				trySlice: r.TrySlice,
				consume:  r.Consume,
				close:    r.Close,
			}
		},
	}, nil
}

// nonblocking has no way to wait: poll, yielding the processor between
// empty polls so that a waiting side does not starve the other one.
func openNonblocking[T any](opt buffer.Option) (writerEnd[T], error) {
	w, err := nonblocking.New[T](opt)
	if err != nil {
		return writerEnd[T]{}, err
	}
	return writerEnd[T]{
		slice: func() []T {
			for {
				if s := w.Slice(); len(s) > 0 {
					return s
				}
				runtime.Gosched()
			}
		},
		trySlice: w.Slice,
		produce:  func(n int) { w.Produce(n) },
		close:    w.Close,
		addReader: func() readerEnd[T] {
			r := w.AddReader()
			return readerEnd[T]{
				slice: func() ([]T, bool) {
					for {
						if s, ok := r.Slice(); len(s) > 0 || !ok {
							return s, ok
						}
						runtime.Gosched()
					}
				},
				trySlice: r.Slice,
				consume:  r.Consume,
				close:    r.Close,
			}
		},
	}, nil
}

func openLockfree[T any](opt buffer.Option) (writerEnd[T], error) {
	w, err := lockfree.New[T](opt)
	if err != nil {
		return writerEnd[T]{}, err
	}
	return writerEnd[T]{
		slice:    w.Slice,
		trySlice: w.TrySlice,
		produce:  func(n int) { w.Produce(n) },
		close:    w.Close,
		addReader: func() readerEnd[T] {
			r := w.AddReader()
			return readerEnd[T]{slice: r.Slice, trySlice: r.TrySlice, consume: r.Consume, close: r.Close}
		},
	}, nil
}

// chanNotifier is the coalescing wake-up a scheduler would give the generic
// flavour: Arm does nothing, Notify leaves a token unless one is pending.
type chanNotifier chan struct{}

func (c chanNotifier) Arm() {}

func (c chanNotifier) Notify() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// openGeneric waits by the protocol of the generic package doc: Slice; if
// too little, Arm, Slice again; if still too little, wait for a Notify.
func openGeneric[T any](opt buffer.Option) (writerEnd[T], error) {
	w, err := generic.New[T](opt)
	if err != nil {
		return writerEnd[T]{}, err
	}
	space := make(chanNotifier, 1) // one for the writer, shared by its readers
	return writerEnd[T]{
		slice: func() []T {
			for {
				if s := w.Slice(); len(s) > 0 {
					return s
				}
				w.Arm()
				if s := w.Slice(); len(s) > 0 {
					return s
				}
				<-space
			}
		},
		trySlice: w.Slice,
		produce:  func(n int) { w.Produce(n) },
		close:    w.Close,
		addReader: func() readerEnd[T] {
			data := make(chanNotifier, 1)
			r := w.AddReader(data, space)
			return readerEnd[T]{
				slice: func() ([]T, bool) {
					for {
						if s, ok := r.Slice(); len(s) > 0 || !ok {
							return s, ok
						}
						r.Arm()
						if s, ok := r.Slice(); len(s) > 0 || !ok {
							return s, ok
						}
						<-data
					}
				},
				trySlice: r.Slice,
				consume:  r.Consume,
				close:    r.Close,
			}
		},
	}, nil
}

// itemKind writes item i of the stream and checks what readers saw. Items
// are small whole numbers (i mod 2^16), exact in float32, and readers sum
// them as integers, so the sum is exact and can be checked. fill and sum
// work on a whole slice: one indirect call per slice, a tight typed loop
// per item.
type itemKind[T any] struct {
	name   string
	size   int                         // bytes per item
	fill   func(dst []T, first uint64) // dst[j] = item(first+j)
	sum    func(src []T) uint64
	expect func(n uint64) uint64 // sum of items [0, n)
}

const valueMask = 1<<16 - 1

// sumOfValues is the sum of (i & valueMask) for i in [0, n).
func sumOfValues(n uint64) uint64 {
	const period = valueMask + 1
	tri := func(k uint64) uint64 { return k * (k - 1) / 2 } // 0+1+...+(k-1)
	return n/period*tri(period) + tri(n%period)
}

var float32Kind = itemKind[float32]{
	name: "float32",
	size: 4,
	fill: func(dst []float32, first uint64) {
		for j := range dst {
			dst[j] = float32((first + uint64(j)) & valueMask)
		}
	},
	sum: func(src []float32) uint64 {
		var s uint64
		for _, v := range src {
			s += uint64(v)
		}
		return s
	},
	expect: sumOfValues,
}

// complex64 items are value + 1i: the sum covers both halves.
var complex64Kind = itemKind[complex64]{
	name: "complex64",
	size: 8,
	fill: func(dst []complex64, first uint64) {
		for j := range dst {
			dst[j] = complex(float32((first+uint64(j))&valueMask), 1)
		}
	},
	sum: func(src []complex64) uint64 {
		var s uint64
		for _, v := range src {
			s += uint64(real(v)) + uint64(imag(v))
		}
		return s
	},
	expect: func(n uint64) uint64 { return sumOfValues(n) + n },
}

// bufferItems is the capacity asked for: four chunks, so the writer can run
// ahead of the readers, but at least 64 KiB, the size a real flowgraph
// buffer would have; the page rounding of DoubleMapped may add more.
func bufferItems(chunk, itemSize int) int {
	return max(4*chunk, (64<<10)/itemSize)
}

// readerResult is what one reader saw.
type readerResult struct{ items, sum uint64 }

// startReaders adds n readers and runs each in its own goroutine until end
// of stream. With read set they sum every item, at most step items at a
// time, each step consumed as soon as it is summed (as the channel peer
// returns each batch once summed): the writer can refill the space while
// the reader sums the rest. Without read they consume whatever they see.
func startReaders[T any](w writerEnd[T], n, step int, read func([]T) uint64) (*sync.WaitGroup, []readerResult) {
	var wg sync.WaitGroup
	results := make([]readerResult, n)
	for i := range n {
		r := w.addReader() // before the first Produce: sees every item
		wg.Go(func() {
			defer r.close()
			var res readerResult
			for {
				s, ok := r.slice()
				if !ok {
					break
				}
				if read == nil {
					res.items += uint64(len(s))
					r.consume(len(s))
					continue
				}
				for len(s) > 0 {
					k := min(len(s), step)
					res.sum += read(s[:k])
					res.items += uint64(k)
					r.consume(k)
					s = s[k:]
				}
			}
			results[i] = res
		})
	}
	return &wg, results
}

// writeChunk produces exactly chunk items, in as many slices as it takes,
// filling them with fill unless fill is nil, and returns the new count.
func writeChunk[T any](w writerEnd[T], chunk int, written uint64, fill func([]T, uint64)) uint64 {
	for left := chunk; left > 0; {
		s := w.slice()
		n := min(len(s), left)
		if fill != nil {
			fill(s[:n], written)
		}
		w.produce(n)
		written += uint64(n)
		left -= n
	}
	return written
}

// transfer streams items through a fresh buffer of the named flavour to
// nReaders readers, one chunk per b.Loop iteration (or ops chunks when tb is
// not a *testing.B), closes, waits for the readers and checks what they saw.
func transfer[T any](tb testing.TB, flavour string, kind itemKind[T], nReaders, chunk, ops int, read bool) {
	w := openFlavour[T](tb, flavour, bufferItems(chunk, kind.size))
	var (
		sum  func([]T) uint64
		fill func([]T, uint64)
	)
	if read {
		sum, fill = kind.sum, kind.fill
	}
	wg, results := startReaders(w, nReaders, chunk, sum)

	var written uint64
	if b, ok := tb.(*testing.B); ok {
		b.ReportAllocs()
		b.SetBytes(int64(chunk * kind.size))
		for b.Loop() {
			written = writeChunk(w, chunk, written, fill)
		}
		b.ReportMetric(float64(written)/b.Elapsed().Seconds()/1e6, "Mitems/s")
	} else {
		for range ops {
			written = writeChunk(w, chunk, written, fill)
		}
	}
	w.close()
	wg.Wait()

	for i, res := range results {
		if res.items != written {
			tb.Fatalf("%s: reader %d saw %d items, want %d", flavour, i, res.items, written)
		}
		if want := kind.expect(written); read && res.sum != want {
			tb.Fatalf("%s: reader %d summed %d, want %d", flavour, i, res.sum, want)
		}
	}
}

// BenchmarkFlavours: one op is one chunk of items written by the benchmark
// goroutine and read (summed) by every reader in its own goroutine.
func BenchmarkFlavours(b *testing.B) {
	for _, flavour := range flavourNames {
		b.Run(flavour, func(b *testing.B) {
			b.Run(float32Kind.name, func(b *testing.B) { benchFlavour(b, flavour, float32Kind) })
			b.Run(complex64Kind.name, func(b *testing.B) { benchFlavour(b, flavour, complex64Kind) })
		})
	}
}

func benchFlavour[T any](b *testing.B, flavour string, kind itemKind[T]) {
	for _, readers := range []int{1, 4} {
		for _, chunk := range []int{64, 4096} {
			b.Run(fmt.Sprintf("readers=%d/chunk=%d", readers, chunk), func(b *testing.B) {
				transfer(b, flavour, kind, readers, chunk, 0, true)
			})
		}
	}
}

// BenchmarkHandoff is the cost of passing a 4096-item chunk from the writer
// to one reader, with no item written or read: ns/op is ns per chunk.
func BenchmarkHandoff(b *testing.B) {
	for _, flavour := range flavourNames {
		b.Run(flavour, func(b *testing.B) {
			transfer(b, flavour, float32Kind, 1, 4096, 0, false)
		})
	}
}

// BenchmarkPeers are what a Go user would write without this package, with
// the same work as BenchmarkFlavours/*/float32/readers=1.
func BenchmarkPeers(b *testing.B) {
	for _, chunk := range []int{64, 4096} {
		b.Run(fmt.Sprintf("chan-float32/chunk=%d", chunk), func(b *testing.B) { benchChanItems(b, chunk) })
	}
	for _, chunk := range []int{64, 4096} {
		b.Run(fmt.Sprintf("chan-batch/chunk=%d", chunk), func(b *testing.B) { benchChanBatches(b, chunk) })
	}
}

// benchChanItems sends every item on a chan float32 of capacity 1024.
func benchChanItems(b *testing.B, chunk int) {
	ch := make(chan float32, 1024)
	var res readerResult
	var wg sync.WaitGroup
	wg.Go(func() {
		for v := range ch {
			res.sum += uint64(v)
			res.items++
		}
	})

	b.ReportAllocs()
	b.SetBytes(int64(chunk * 4))
	var written uint64
	for b.Loop() {
		for range chunk {
			ch <- float32(written & valueMask)
			written++
		}
	}
	b.ReportMetric(float64(written)/b.Elapsed().Seconds()/1e6, "Mitems/s")
	close(ch)
	wg.Wait()
	checkPeer(b, res, written)
}

// benchChanBatches sends chunk-sized []float32 batches on a channel of
// capacity 4; the reader hands each batch back on a free list, so the
// steady state allocates nothing.
func benchChanBatches(b *testing.B, chunk int) {
	const inFlight = 4
	full := make(chan []float32, inFlight)
	free := make(chan []float32, inFlight+2) // room for every batch: the reader never blocks on it
	for range cap(free) {
		free <- make([]float32, chunk)
	}
	var res readerResult
	var wg sync.WaitGroup
	wg.Go(func() {
		for batch := range full {
			res.sum += float32Kind.sum(batch)
			res.items += uint64(len(batch))
			free <- batch
		}
	})

	b.ReportAllocs()
	b.SetBytes(int64(chunk * 4))
	var written uint64
	for b.Loop() {
		batch := <-free
		float32Kind.fill(batch, written)
		full <- batch
		written += uint64(chunk)
	}
	b.ReportMetric(float64(written)/b.Elapsed().Seconds()/1e6, "Mitems/s")
	close(full)
	wg.Wait()
	checkPeer(b, res, written)
}

func checkPeer(b *testing.B, res readerResult, written uint64) {
	if res.items != written {
		b.Fatalf("reader saw %d items, want %d", res.items, written)
	}
	if want := float32Kind.expect(written); res.sum != want {
		b.Fatalf("reader summed %d, want %d", res.sum, want)
	}
}

// TestFlavoursDeliverEveryItem runs the benchmark's transfer briefly, for
// the race detector and as a check that no flavour hangs or loses items.
func TestFlavoursDeliverEveryItem(t *testing.T) {
	for _, flavour := range flavourNames {
		t.Run(flavour, func(t *testing.T) {
			for _, readers := range []int{1, 4} {
				for _, chunk := range []int{64, 4096} {
					transfer(t, flavour, float32Kind, readers, chunk, 50, true)
					transfer(t, flavour, complex64Kind, readers, chunk, 50, true)
				}
			}
		})
	}
}

// TestFlavoursDoNotAllocateInSteadyState drives a writer and a reader from
// one goroutine: produce some items, read and consume them all. Both the
// non-waiting slices and the waiting ones (which return at once here, as
// there is always space or data) must not allocate once warmed up.
func TestFlavoursDoNotAllocateInSteadyState(t *testing.T) {
	const chunk = 1000 // not a divisor of the capacity: slices wrap around
	for _, flavour := range flavourNames {
		for _, waiting := range []bool{false, true} {
			name := flavour + "/try"
			if waiting {
				name = flavour + "/wait"
			}
			t.Run(name, func(t *testing.T) {
				w := openFlavour[float32](t, flavour, bufferItems(chunk, 4))
				r := w.addReader()
				defer r.close()
				defer w.close()
				wSlice, rSlice := w.trySlice, r.trySlice
				if waiting {
					wSlice, rSlice = w.slice, r.slice
				}
				var written, read, sum uint64
				step := func() {
					s := wSlice()
					n := min(len(s), chunk)
					float32Kind.fill(s[:n], written)
					w.produce(n)
					written += uint64(n)
					items, ok := rSlice()
					if !ok || len(items) != n {
						t.Fatalf("reader got %d items (ok=%v) after %d were produced", len(items), ok, n)
					}
					sum += float32Kind.sum(items)
					r.consume(len(items))
					read += uint64(len(items))
				}
				for range 100 { // warm-up: wrap around the ring a few times
					step()
				}
				if allocs := testing.AllocsPerRun(1000, step); allocs != 0 {
					t.Errorf("%v allocations per produce/consume round, want 0", allocs)
				}
				if read != written || sum != float32Kind.expect(written) {
					t.Errorf("read %d items summing to %d, want %d summing to %d",
						read, sum, written, float32Kind.expect(written))
				}
			})
		}
	}
}
