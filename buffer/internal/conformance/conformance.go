// Package conformance is the test suite every circular-buffer flavour must
// pass: the rules common to all (vmcircbuffer's "Commonalities"), wake-ups,
// tags, and a randomized stress test with sequence numbers. A flavour's
// tests call Run with an adapter over its API.
package conformance

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/buffer"
)

// Writer is a flavour's writer seen through the suite's eyes, for uint64 items.
type Writer interface {
	TrySlice() []uint64 // space now, possibly none
	Slice() []uint64    // waits until there is space (polls or sleeps, as the flavour does)
	Produce(n int, tags ...buffer.Tag)
	Offset() uint64
	Capacity() int
	AddReader() Reader
	Close()
}

// Reader is a flavour's reader seen through the suite's eyes.
type Reader interface {
	TrySlice() ([]uint64, bool) // items now; ok false at end of stream
	Slice() ([]uint64, bool)    // waits until items or end of stream
	Tags() []buffer.Tag
	Consume(n int)
	Offset() uint64
	Close()
}

// Flavour names a flavour and makes its writers.
type Flavour struct {
	Name string
	New  func(opts ...buffer.Option) (Writer, error)
}

// Run runs the whole suite against f.
func Run(t *testing.T, f Flavour) {
	for _, tc := range []struct {
		name string
		run  func(*testing.T, Flavour)
	}{
		{"WriterWithNoReadersNeverBlocksAndOverwrites", testNoReaders},
		{"LateReaderSeesOnlyNewerItems", testLateReader},
		{"WriterSpaceIsLimitedBySlowestReader", testSlowestReader},
		{"ReaderDrainsThenSeesEndOfStream", testEndOfStream},
		{"ProduceAndConsumeBeyondTheSlicePanic", testBeyondSlice},
		{"UseAfterClosePanics", testUseAfterClose},
		{"ReaderWaitsForData", testReaderWaits},
		{"WriterWaitsForSpace", testWriterWaits},
		{"ClosedReaderSlotsAreReused", testSlotReuse},
		{"TagsArriveAtTheirItems", testTags},
		{"StressSequenceNumbers", testStress},
		{"StressTags", testTagStress},
		{"ReaderAddedWhileWritingStartsAtIntactItems", testAddReaderWhileWriting},
		{"ForgottenReaderReleasesTheWriter", testForgottenReader},
		{"ForgottenWriterEndsTheStream", testForgottenWriter},
		{"SliceOfForgottenOwnersNeverReadsOtherMemory", testForgottenSlice},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, f) })
	}
}

func newWriter(t *testing.T, f Flavour, opts ...buffer.Option) Writer {
	t.Helper()
	w, err := f.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// produceSeq writes n items holding their own offsets and produces them.
func produceSeq(t *testing.T, w Writer, n int) {
	t.Helper()
	for n > 0 {
		s := w.TrySlice()
		if len(s) == 0 {
			t.Fatalf("writer at %d has no space for %d more items", w.Offset(), n)
		}
		k := min(n, len(s))
		for i := range k {
			s[i] = w.Offset() + uint64(i)
		}
		w.Produce(k)
		n -= k
	}
}

// expectItems reads exactly the items [from, from+n) without waiting.
func expectItems(t *testing.T, r Reader, from uint64, n int) {
	t.Helper()
	s, ok := r.TrySlice()
	if !ok || len(s) != n {
		t.Fatalf("reader at %d: %d items (ok %v), want %d", r.Offset(), len(s), ok, n)
	}
	for i, v := range s {
		if v != from+uint64(i) {
			t.Fatalf("item %d reads %d, want %d", i, v, from+uint64(i))
		}
	}
}

func testNoReaders(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	c := w.Capacity()
	for round := range 5 {
		s := w.Slice() // must not block
		if len(s) != c {
			t.Fatalf("round %d: writer space %d, want the whole capacity %d", round, len(s), c)
		}
		w.Produce(c)
	}
	if w.Offset() != uint64(5*c) {
		t.Fatalf("offset %d after 5 full rounds, want %d", w.Offset(), 5*c)
	}
}

func testLateReader(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	produceSeq(t, w, 10)
	r := w.AddReader()
	defer r.Close()
	if r.Offset() != 10 {
		t.Fatalf("late reader starts at %d, want 10", r.Offset())
	}
	expectItems(t, r, 10, 0)
	produceSeq(t, w, 5)
	expectItems(t, r, 10, 5)
}

func testSlowestReader(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	c := w.Capacity()
	r1, r2 := w.AddReader(), w.AddReader()
	defer r1.Close()
	produceSeq(t, w, c)
	if n := len(w.TrySlice()); n != 0 {
		t.Fatalf("full buffer: writer space %d, want 0", n)
	}
	r1.TrySlice()
	r1.Consume(10)
	if n := len(w.TrySlice()); n != 0 {
		t.Fatalf("after the fast reader consumed: writer space %d, want 0 (slow reader holds it)", n)
	}
	r2.TrySlice()
	r2.Consume(5)
	if n := len(w.TrySlice()); n != 5 {
		t.Fatalf("after the slow reader consumed 5: writer space %d, want 5", n)
	}
	r2.Close()
	if n := len(w.TrySlice()); n != 10 {
		t.Fatalf("after the slow reader closed: writer space %d, want 10", n)
	}
}

func testEndOfStream(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	r := w.AddReader()
	defer r.Close()
	produceSeq(t, w, 7)
	w.Close()
	w.Close() // idempotent
	expectItems(t, r, 0, 7)
	r.Consume(3)
	expectItems(t, r, 3, 4)
	r.Consume(4)
	for _, slice := range []func() ([]uint64, bool){r.TrySlice, r.Slice} {
		if s, ok := slice(); ok || len(s) != 0 {
			t.Fatalf("after drain: %d items, ok %v; want end of stream", len(s), ok)
		}
	}
}

func expectPanic(t *testing.T, what, substr string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), substr) {
			t.Errorf("%s: recovered %v, want a panic mentioning %q", what, r, substr)
		}
	}()
	f()
}

func testBeyondSlice(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	r := w.AddReader()
	defer r.Close()
	s := w.TrySlice()
	expectPanic(t, "Produce beyond the slice", "beyond", func() { w.Produce(len(s) + 1) })
	expectPanic(t, "Produce(-1)", "beyond", func() { w.Produce(-1) })
	w.Produce(0)
	if w.Offset() != 0 {
		t.Fatalf("Produce(0) moved the writer to %d", w.Offset())
	}
	s[0], s[1] = 0, 1
	w.Produce(2)
	expectPanic(t, "Produce beyond what remains of the slice", "beyond", func() { w.Produce(len(s) - 1) })
	items, _ := r.TrySlice()
	if len(items) != 2 {
		t.Fatalf("reader sees %d items after a refused Produce, want 2", len(items))
	}
	expectPanic(t, "Consume beyond the slice", "beyond", func() { r.Consume(3) })
	r.Consume(0)
	r.Consume(1)
	expectPanic(t, "Consume beyond what remains of the slice", "beyond", func() { r.Consume(2) })
	expectItems(t, r, 1, 1)
}

func testUseAfterClose(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	r := w.AddReader()
	r.Close()
	r.Close()
	expectPanic(t, "reader TrySlice after Close", "closed", func() { r.TrySlice() })
	expectPanic(t, "reader Consume after Close", "closed", func() { r.Consume(0) })
	w.Close()
	expectPanic(t, "writer TrySlice after Close", "closed", func() { w.TrySlice() })
	expectPanic(t, "writer Produce after Close", "closed", func() { w.Produce(0) })
	expectPanic(t, "AddReader after Close", "closed", func() { w.AddReader() })
}

// within fails the test if f has not returned after d: a hang, not a slow machine.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still waiting after %v", what, d)
	}
}

func testReaderWaits(t *testing.T, f Flavour) {
	// The seed's Quick Start: the reader blocks until the writer produces.
	w := newWriter(t, f)
	r := w.AddReader()
	defer r.Close()
	go func() {
		time.Sleep(20 * time.Millisecond)
		s := w.Slice()
		for i := range s {
			s[i] = 23
		}
		w.Produce(len(s))
		time.Sleep(20 * time.Millisecond)
		w.Close()
	}()
	within(t, 10*time.Second, "reader waiting for data", func() {
		s, ok := r.Slice()
		if !ok || len(s) == 0 || s[0] != 23 || s[len(s)-1] != 23 {
			t.Errorf("woken reader: %d items, ok %v", len(s), ok)
		}
		r.Consume(len(s))
		if s, ok := r.Slice(); ok || len(s) != 0 {
			t.Errorf("after the writer closed: %d items, ok %v; want end of stream", len(s), ok)
		}
	})
}

func testWriterWaits(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	r1, r2 := w.AddReader(), w.AddReader()
	produceSeq(t, w, w.Capacity())
	go func() {
		time.Sleep(20 * time.Millisecond)
		r1.TrySlice()
		r1.Consume(4)
		r2.TrySlice()
		r2.Consume(3)
	}()
	within(t, 10*time.Second, "writer waiting for a reader to consume", func() {
		if s := w.Slice(); len(s) != 3 {
			t.Errorf("woken writer: space %d, want 3", len(s))
		}
	})
	go func() {
		time.Sleep(20 * time.Millisecond)
		r2.Close() // closing the slow reader must wake the writer too
	}()
	w.Produce(3)
	within(t, 10*time.Second, "writer waiting for a slow reader to close", func() {
		if s := w.Slice(); len(s) != 1 {
			t.Errorf("writer after the slow reader closed: space %d, want 1", len(s))
		}
	})
	r1.Close()
}

func testSlotReuse(t *testing.T, f Flavour) {
	w := newWriter(t, f)
	defer w.Close()
	keep := w.AddReader()
	defer keep.Close()
	for i := range 10000 {
		r := w.AddReader()
		produceSeq(t, w, 1)
		expectItems(t, r, uint64(i), 1)
		r.Close()
		keep.TrySlice()
		keep.Consume(1)
	}
	if n := len(w.TrySlice()); n != w.Capacity() {
		t.Fatalf("after 10000 readers came and went: space %d, want %d", n, w.Capacity())
	}
}

func testTags(t *testing.T, f Flavour) {
	w := newWriter(t, f, buffer.WithTags())
	defer w.Close()
	early := w.AddReader()
	defer early.Close()
	s := w.TrySlice()
	s[0], s[1], s[2] = 0, 1, 2
	w.Produce(3, buffer.Tag{Offset: 2, Key: "b", Value: 2}, buffer.Tag{Offset: 0, Key: "a", Value: 0})
	late := w.AddReader()
	defer late.Close()
	s = w.TrySlice()
	s[0], s[1] = 3, 4
	w.Produce(2, buffer.Tag{Offset: 4, Key: "c", Value: 4})
	expectPanic(t, "tag outside the produced items", "outside", func() {
		w.TrySlice()
		w.Produce(1, buffer.Tag{Offset: 99, Key: "x"})
	})

	early.TrySlice()
	if got := fmt.Sprint(early.Tags()); got != "[0:a=0 2:b=2 4:c=4]" {
		t.Fatalf("early reader tags %s", got)
	}
	early.Consume(1)
	early.TrySlice()
	if got := fmt.Sprint(early.Tags()); got != "[2:b=2 4:c=4]" {
		t.Fatalf("early reader tags after consuming the first item: %s", got)
	}
	late.TrySlice()
	if got := fmt.Sprint(late.Tags()); got != "[4:c=4]" {
		t.Fatalf("late reader tags %s, want only the tag produced after it joined", got)
	}
	late.Consume(2)
	late.TrySlice()
	if got := late.Tags(); len(got) != 0 {
		t.Fatalf("late reader still sees tags %v after consuming their items", got)
	}

	plain := newWriter(t, f)
	defer plain.Close()
	pr := plain.AddReader()
	defer pr.Close()
	plain.TrySlice()
	plain.Produce(1, buffer.Tag{Offset: 0, Key: "dropped"})
	pr.TrySlice()
	if got := pr.Tags(); len(got) != 0 {
		t.Fatalf("a buffer without metadata kept tags %v", got)
	}
}

// stressItems is how many items the stress tests move (10^7 unless -short).
func stressItems() uint64 {
	if testing.Short() {
		return 200_000
	}
	return 10_000_000
}

// testStress moves stressItems items through a small buffer to 1–4 readers
// of different speeds, with random produce and consume sizes, and checks
// every item's sequence number: any loss, duplicate or reorder fails.
func testStress(t *testing.T, f Flavour) {
	total := stressItems()
	for readers := 1; readers <= 4; readers++ {
		t.Run(fmt.Sprint(readers, " readers"), func(t *testing.T) {
			w := newWriter(t, f, buffer.WithMinItems(1000))
			rs := make([]Reader, readers)
			for i := range rs {
				rs[i] = w.AddReader()
			}
			errs := make(chan error, readers)
			var wg sync.WaitGroup
			for i, r := range rs {
				wg.Go(func() {
					defer r.Close()
					rng := rand.New(rand.NewPCG(uint64(i), 7))
					maxTake := 1 + w.Capacity()>>uint(i) // reader i takes at most cap/2^i per call: different speeds
					var next uint64
					for {
						s, ok := r.Slice()
						if !ok {
							break
						}
						k := min(len(s), 1+rng.IntN(maxTake))
						for j, v := range s[:k] {
							if v != next+uint64(j) {
								errs <- fmt.Errorf("reader %d: item %d reads %d", i, next+uint64(j), v)
								return
							}
						}
						next += uint64(k)
						r.Consume(k)
					}
					if next != total {
						errs <- fmt.Errorf("reader %d: end of stream after %d items, want %d", i, next, total)
					}
				})
			}
			rng := rand.New(rand.NewPCG(99, uint64(readers)))
			for w.Offset() < total {
				s := w.Slice()
				k := min(len(s), 1+rng.IntN(w.Capacity()), int(total-w.Offset()))
				off := w.Offset()
				for j := range s[:k] {
					s[j] = off + uint64(j)
				}
				w.Produce(k)
			}
			w.Close()
			wg.Wait()
			close(errs)
			var all []error
			for err := range errs {
				all = append(all, err)
			}
			if err := errors.Join(all...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// testTagStress attaches random tags and checks that each reader receives
// every tag of the items it reads, at its item, exactly once.
func testTagStress(t *testing.T, f Flavour) {
	total := stressItems() / 10
	const readers = 3
	w := newWriter(t, f, buffer.WithMinItems(1000), buffer.WithTags())
	rs := make([]Reader, readers)
	for i := range rs {
		rs[i] = w.AddReader()
	}
	// An item at offset o carries a tag iff o%7 == 3 or o%11 == 0; o%77 == 0 carries two.
	want := func(o uint64) int {
		n := 0
		if o%7 == 3 {
			n++
		}
		if o%11 == 0 {
			n++
		}
		return n
	}
	errs := make(chan error, readers)
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Go(func() {
			defer r.Close()
			rng := rand.New(rand.NewPCG(uint64(i), 3))
			var next uint64
			var seen int
			for {
				s, ok := r.Slice()
				if !ok {
					break
				}
				k := min(len(s), 1+rng.IntN(300))
				tags := r.Tags()
				for _, tg := range tags {
					if tg.Offset < next || tg.Offset >= next+uint64(len(s)) {
						errs <- fmt.Errorf("reader %d: tag %v outside its window [%d, %d)", i, tg, next, next+uint64(len(s)))
						return
					}
					if tg.Value != tg.Offset || want(tg.Offset) == 0 {
						errs <- fmt.Errorf("reader %d: unexpected tag %v", i, tg)
						return
					}
				}
				for _, tg := range tags {
					if tg.Offset < next+uint64(k) {
						seen++
					}
				}
				next += uint64(k)
				r.Consume(k)
			}
			expected := 0
			for o := range total {
				expected += want(o)
			}
			if seen != expected {
				errs <- fmt.Errorf("reader %d: saw %d tags, want %d", i, seen, expected)
			}
		})
	}
	rng := rand.New(rand.NewPCG(5, 5))
	var tags []buffer.Tag
	for w.Offset() < total {
		s := w.Slice()
		k := min(len(s), 1+rng.IntN(500), int(total-w.Offset()))
		tags = tags[:0]
		for o := w.Offset(); o < w.Offset()+uint64(k); o++ {
			if o%7 == 3 {
				tags = append(tags, buffer.Tag{Offset: o, Key: "seven", Value: o})
			}
			if o%11 == 0 {
				tags = append(tags, buffer.Tag{Offset: o, Key: "eleven", Value: o})
			}
		}
		w.Produce(k, tags...)
	}
	w.Close()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// addReaderCycles is how many readers testAddReaderWhileWriting adds.
func addReaderCycles() int {
	if testing.Short() {
		return 10_000
	}
	return 100_000
}

// testAddReaderWhileWriting adds and closes readers while the writer
// produces on another goroutine as fast as it can, with more busy goroutines
// than processors so that registrations are preempted midway: every reader
// must start at an item that is still intact and read correct items.
func testAddReaderWhileWriting(t *testing.T, f Flavour) {
	w := newWriter(t, f, buffer.WithMinItems(1))
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		defer w.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		for !stop.Load() {
			s := w.TrySlice()
			if len(s) == 0 {
				runtime.Gosched()
				continue
			}
			k := 1 + rng.IntN(len(s))
			off := w.Offset()
			for i := range s[:k] {
				s[i] = off + uint64(i)
			}
			w.Produce(k)
		}
	})
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			x := uint64(1)
			for !stop.Load() {
				for range 1000 {
					x = x*6364136223846793005 + 1
				}
			}
			_ = x
		})
	}
	defer func() { stop.Store(true); wg.Wait() }()
	c := w.Capacity()
	for i := range addReaderCycles() {
		r := w.AddReader()
		for range 3 {
			if err := readChecked(r, c); err != nil {
				r.Close()
				t.Fatalf("reader %d, added at %d: %v", i, r.Offset(), err)
			}
		}
		r.Close()
	}
}

// readChecked takes one slice from r, checks that every item holds its own
// offset, and consumes it; a panic of the buffer is returned as an error.
func readChecked(r Reader, capacity int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	s, _ := r.TrySlice()
	if len(s) > capacity {
		return fmt.Errorf("slice of %d items in a buffer of %d", len(s), capacity)
	}
	for j, v := range s {
		if want := r.Offset() + uint64(j); v != want {
			return fmt.Errorf("item %d reads %d (overwritten)", want, v)
		}
	}
	r.Consume(len(s))
	return nil
}

// collect runs the garbage collector until done reports true, or fails the
// test after 10 s. Cleanups run on their own goroutine after a cycle.
func collect(t *testing.T, what string, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !done(); {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s of garbage collection: %s", what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// addForgottenReader adds a reader and drops it without Close.
func addForgottenReader(w Writer) { _ = w.AddReader() }

func testForgottenReader(t *testing.T, f Flavour) {
	w := newWriter(t, f, buffer.WithMinItems(1))
	defer w.Close()
	addForgottenReader(w)
	produceSeq(t, w, w.Capacity())
	if n := len(w.TrySlice()); n != 0 {
		t.Fatalf("writer has %d items of space with a full reader", n)
	}
	collect(t, "the writer is still held by a reader nobody can reach", func() bool { return len(w.TrySlice()) > 0 })
}

// readerOfForgottenWriter returns a reader of a writer that produced n
// items and was dropped without Close.
func readerOfForgottenWriter(t *testing.T, f Flavour, n int) Reader {
	w := newWriter(t, f, buffer.WithMinItems(n))
	r := w.AddReader()
	produceSeq(t, w, n)
	return r
}

func testForgottenWriter(t *testing.T, f Flavour) {
	r := readerOfForgottenWriter(t, f, 10)
	defer r.Close()
	expectItems(t, r, 0, 10)
	r.Consume(10)
	collect(t, "the reader of an unreachable writer never sees end of stream", func() bool {
		_, ok := r.TrySlice()
		return !ok
	})
}

// forgottenSlice returns a slice of n items holding offset+1, whose reader
// and (closed) writer are dropped without closing the reader.
func forgottenSlice(t *testing.T, f Flavour, n int) []uint64 {
	w := newWriter(t, f, buffer.WithMinItems(n))
	r := w.AddReader()
	s := w.TrySlice()[:n]
	for i := range s {
		s[i] = uint64(i) + 1
	}
	w.Produce(n)
	w.Close()
	items, _ := r.TrySlice()
	return items
}

// probe reads every item of s, turning a memory fault into faulted. bad is
// the index of the first item that holds neither i+1 nor a fault, or -1.
func probe(s []uint64) (faulted bool, bad int) {
	defer func() {
		if recover() != nil {
			faulted, bad = true, -1
		}
	}()
	for i, v := range s {
		if v != uint64(i)+1 {
			return false, i
		}
	}
	return false, -1
}

// testForgottenSlice keeps a slice after its reader and writer became
// unreachable: until the cleanups release the mapping the slice reads its
// items; after, it must fault, never read memory mapped there later.
func testForgottenSlice(t *testing.T, f Flavour) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	s := forgottenSlice(t, f, 512)
	collect(t, "the mapping of unreachable owners is never released", func() bool {
		faulted, bad := probe(s)
		if bad >= 0 {
			t.Fatalf("item %d of the slice reads %d", bad, s[bad])
		}
		return faulted
	})
	// Map new buffers of the same size, filled with another pattern: none may
	// take the address range the slice still points to.
	var others []Writer
	defer func() {
		for _, w := range others {
			w.Close()
		}
	}()
	for range 64 {
		w := newWriter(t, f, buffer.WithMinItems(len(s)))
		others = append(others, w)
		o := w.TrySlice()
		for i := range o {
			o[i] = 0xdead0000 + uint64(i)
		}
		w.Produce(len(o))
	}
	switch faulted, bad := probe(s); {
	case bad >= 0:
		t.Fatalf("after the release, item %d of the slice reads %#x: another mapping's memory", bad, s[bad])
	case !faulted:
		t.Fatal("after the release, the slice reads its old items again")
	}
}
