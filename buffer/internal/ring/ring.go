// Package ring is the core shared by every circular-buffer flavour: the
// positions, the reader registry, end of stream, tags and the arm/notify
// protocol. The flavours (blocking, async, nonblocking, lockfree, generic)
// only decide how to wait.
//
// Positions are monotonic uint64 item counts: the writer is at w, reader i
// at r_i <= w. A reader sees items [r_i, w); the writer may fill
// [w, min_i r_i + limit), where limit is the capacity unless the writer was
// given a smaller one (buffer.Options.MaxFill). All of the capacity is
// usable, and positions are the absolute offsets that tags refer to.
//
// Every shared word is an atomic, so produce and consume take no lock. The
// writer and each reader keep a private copy of their own position. Wake-ups
// follow the Dekker pattern with sequentially consistent atomics: a waiter
// stores its armed flag, then re-reads the position it waits on; the other
// side stores the position, then reads the flag. One of them sees the other,
// so no wake-up is lost.
package ring

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/flowrun/flowrun/buffer"
	"golang.org/x/sys/cpu"
)

// shared is the state the writer and all readers see.
//
// Words written on the data path sit on cache lines of their own, so that a
// store by one side does not evict what the other side only reads.
type shared[T any] struct {
	// Read-mostly.
	buf      *buffer.DoubleMapped[T]
	capacity uint64
	closed   atomic.Bool // the writer closed: end of stream after w
	readers  atomic.Pointer[[]*readerState]
	mu       sync.Mutex // serializes changes to readers and closed
	refs     atomic.Int32
	// forgotten is set when the writer or a reader was collected without
	// Close: a slice it handed out may still be held, so the mapping is
	// retired rather than unmapped (see buffer.DoubleMapped.Retire).
	forgotten atomic.Bool
	newMeta   func() buffer.Metadata
	// registering, when set by a test, runs inside AddReader after each step
	// of a registration, to interleave the writer there deterministically.
	registering func(step string)
	_           cpu.CacheLinePad
	w           atomic.Uint64 // published write position
	_           cpu.CacheLinePad
}

// release drops one owner's reference; the last one releases the mapping.
func (s *shared[T]) release() {
	if s.refs.Add(-1) != 0 {
		return
	}
	if s.forgotten.Load() {
		_ = s.buf.Retire()
	} else {
		_ = s.buf.Close()
	}
}

// endStream marks the writer closed and wakes every armed reader.
func (s *shared[T]) endStream() {
	s.mu.Lock()
	s.closed.Store(true)
	readers := *s.readers.Load()
	s.mu.Unlock()
	for _, r := range readers {
		r.data.notify()
	}
}

// removeReader unregisters st, wakes an armed writer it was holding back,
// and drops its reference.
func (s *shared[T]) removeReader(st *readerState) {
	// No longer limit the writer, even one that still holds an old registry.
	st.pos.Store(math.MaxUint64)
	s.mu.Lock()
	old := *s.readers.Load()
	next := make([]*readerState, 0, len(old))
	for _, o := range old {
		if o != st {
			next = append(next, o)
		}
	}
	s.readers.Store(&next)
	s.mu.Unlock()
	st.space.notify()
	s.release()
}

// forget is the cleanup of a writer or reader that became unreachable
// without Close: it does what Close would have done.
func (s *shared[T]) forget(st *readerState) {
	s.forgotten.Store(true)
	if st == nil {
		s.endStream()
		s.release()
	} else {
		s.removeReader(st)
	}
}

// forgottenReader is the argument of a reader's cleanup: what Close needs,
// without the Reader itself.
type forgottenReader[T any] struct {
	s  *shared[T]
	st *readerState
}

// wake is one side's notifier with the armed flag that gates it.
type wake struct {
	armed atomic.Bool
	n     buffer.Notifier // nil: this side never sleeps (polling flavours)
}

func (k *wake) arm() {
	if k.n == nil {
		return
	}
	k.n.Arm()
	k.armed.Store(true)
}

func (k *wake) notify() {
	if k.n != nil && k.armed.Load() && k.armed.Swap(false) {
		k.n.Notify()
	}
}

// readerState is what the writer needs to see of a reader.
type readerState struct {
	pos   atomic.Uint64 // consumed position; MaxUint64 once closed
	_     cpu.CacheLinePad
	data  wake // the reader waits for items or end of stream
	_     cpu.CacheLinePad
	space wake // the writer waits for this reader to free space
	_     cpu.CacheLinePad

	metaMu  sync.Mutex
	meta    buffer.Metadata // nil without metadata
	metaLen atomic.Int64    // meta.Len(), readable without the lock
}

// Writer is the single producer. Its methods must be called from one
// goroutine at a time, except AddReader, which any goroutine may call.
//
// A Writer that becomes unreachable without Close is closed by a cleanup:
// its readers drain, then see end of stream.
type Writer[T any] struct {
	s       *shared[T]
	pos     uint64 // == s.w; only the writer changes it
	limit   uint64 // most items ahead of the slowest reader: min(MaxFill, capacity)
	last    int    // items of the last Slice not yet produced
	closed  bool
	cleanup runtime.Cleanup
}

// New maps a buffer and returns its writer.
func New[T any](o buffer.Options) (*Writer[T], error) {
	buf, err := buffer.NewDoubleMapped[T](o.MinItems)
	if err != nil {
		return nil, err
	}
	s := &shared[T]{buf: buf, capacity: uint64(buf.Capacity()), newMeta: o.NewMetadata}
	s.refs.Store(1)
	s.readers.Store(new([]*readerState))
	w := &Writer[T]{s: s, limit: s.capacity}
	if o.MaxFill > 0 && uint64(o.MaxFill) < s.capacity {
		w.limit = uint64(o.MaxFill)
	}
	w.cleanup = runtime.AddCleanup(w, func(s *shared[T]) { s.forget(nil) }, s)
	return w, nil
}

func (w *Writer[T]) check(op string) {
	if w.closed {
		panic("buffer: " + op + " on a closed Writer")
	}
}

// Capacity returns the buffer's capacity in items.
func (w *Writer[T]) Capacity() int { return int(w.s.capacity) }

// Limit returns the most items the writer may have ahead of the slowest
// reader: the capacity, or the smaller MaxFill it was given.
func (w *Writer[T]) Limit() int { return int(w.limit) }

// Offset returns the absolute offset of the next item to be produced (the
// first item of the next Slice).
func (w *Writer[T]) Offset() uint64 { return w.pos }

// Readers returns the number of live readers.
func (w *Writer[T]) Readers() int { return len(*w.s.readers.Load()) }

// Space returns the number of items that may be written now.
func (w *Writer[T]) Space() int {
	w.check("Space")
	return int(w.space())
}

// Fill returns the items produced but not yet consumed by the slowest
// reader. Safe from any goroutine (for statistics).
func (w *Writer[T]) Fill() int {
	pos := w.s.w.Load()
	least := pos
	for _, r := range *w.s.readers.Load() {
		least = min(least, r.pos.Load())
	}
	return int(min(pos-least, w.s.capacity))
}

func (w *Writer[T]) space() uint64 {
	least := w.pos
	for _, r := range *w.s.readers.Load() {
		if p := r.pos.Load(); p < least {
			least = p
		}
	}
	// limit is the capacity unless MaxFill lowered it: the same one load
	// and compare either way.
	if held := w.pos - least; held < w.limit {
		return w.limit - held
	}
	return 0 // a reader registering right now may briefly be further behind
}

// Slice returns the free space, possibly empty, as one slice: at most the
// limit (see Limit) less the items the slowest reader has not consumed.
// With no readers it is always the whole limit: the writer overwrites.
func (w *Writer[T]) Slice() []T {
	w.check("Slice")
	n := w.space()
	w.last = int(n)
	return w.s.buf.Window(int(w.pos%w.s.capacity), int(n))
}

// Produce publishes the first n items of the last Slice, with tags whose
// offsets must lie in [Offset(), Offset()+n). It panics if n exceeds what
// the last Slice returned (less what was produced since).
func (w *Writer[T]) Produce(n int, tags []buffer.Tag) {
	w.check("Produce")
	if n < 0 || n > w.last {
		panic(fmt.Sprintf("buffer: Produce(%d) beyond the %d items of the last Slice", n, w.last))
	}
	if n == 0 {
		if len(tags) > 0 {
			panic("buffer: Produce(0) with tags: a tag needs an item")
		}
		return
	}
	start, end := w.pos, w.pos+uint64(n)
	for _, t := range tags {
		if t.Offset < start || t.Offset >= end {
			panic(fmt.Sprintf("buffer: tag at offset %d outside the produced items [%d, %d)", t.Offset, start, end))
		}
	}
	w.last -= n
	w.pos = end
	if len(tags) > 0 {
		// Under the registry lock, a reader being added either gets these
		// tags and starts at start, or starts at end.
		w.s.mu.Lock()
		for _, r := range *w.s.readers.Load() {
			if r.meta != nil {
				r.metaMu.Lock()
				r.meta.Add(start, end, tags)
				r.metaLen.Store(int64(r.meta.Len()))
				r.metaMu.Unlock()
			}
		}
		w.s.w.Store(end)
		w.s.mu.Unlock()
	} else {
		w.s.w.Store(end)
	}
	// Load the registry after publishing end: a reader added meanwhile is
	// either in it or started at end (AddReader publishes, then reads w).
	for _, r := range *w.s.readers.Load() {
		r.data.notify()
	}
}

// Arm arms the space notifier of every live reader: the caller is about to
// wait for space and must check Slice once more before it does.
func (w *Writer[T]) Arm() {
	for _, r := range *w.s.readers.Load() {
		r.space.arm()
	}
}

// AddReader registers a reader that starts at the writer's current position
// and so sees only items produced from now on. data wakes the reader,
// space wakes the writer; either may be nil for a side that polls.
//
// The writer may be producing meanwhile on another goroutine, so the reader
// is published with a position no later than the writer's: from the moment
// the writer can see it, it holds the writer back, and being behind only
// holds it back more. Once published, the reader moves to the writer's
// position read then. A slice the writer took before it could see the
// reader overwrites only items older than the position it had when it took
// it, which is at most that one, so everything the reader reads is intact.
// (Publishing an unset position that limits nothing, and setting it after,
// let the writer run past the reader in between, by any amount: a reader
// preempted there started behind overwritten items.)
func (w *Writer[T]) AddReader(data, space buffer.Notifier) *Reader[T] {
	s := w.s
	st := &readerState{data: wake{n: data}, space: wake{n: space}}
	if s.newMeta != nil {
		st.meta = s.newMeta()
	}
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		panic("buffer: AddReader on a closed Writer")
	}
	st.pos.Store(s.w.Load())
	s.step("loaded")
	old := *s.readers.Load()
	next := append(old[:len(old):len(old)], st)
	s.readers.Store(&next)
	s.step("published")
	// Under the lock, so a tagged Produce (which takes it) lands wholly
	// before start (no tags for this reader) or wholly at or after it.
	start := s.w.Load()
	s.step("started")
	st.pos.Store(start)
	s.refs.Add(1)
	s.mu.Unlock()
	st.space.notify() // a writer that saw the earlier position may be waiting
	r := &Reader[T]{s: s, st: st, pos: start}
	r.cleanup = runtime.AddCleanup(r, func(f forgottenReader[T]) { f.s.forget(f.st) }, forgottenReader[T]{s, st})
	return r
}

func (s *shared[T]) step(name string) {
	if s.registering != nil {
		s.registering(name)
	}
}

// Close ends the stream: readers drain what was produced, then see end of
// stream. Close is idempotent. The mapping is released when the writer and
// every reader are closed.
func (w *Writer[T]) Close() {
	if w.closed {
		return
	}
	w.closed = true
	w.cleanup.Stop()
	w.s.endStream()
	w.s.release()
}

// Reader is one consumer. Its methods must be called from one goroutine at a time.
//
// A Reader that becomes unreachable without Close is closed by a cleanup,
// which frees its hold on the writer.
type Reader[T any] struct {
	s       *shared[T]
	st      *readerState
	pos     uint64 // == st.pos; only the reader changes it
	last    int    // items of the last Slice not yet consumed
	closed  bool
	tags    []buffer.Tag
	cleanup runtime.Cleanup
}

func (r *Reader[T]) check(op string) {
	if r.closed {
		panic("buffer: " + op + " on a closed Reader")
	}
}

// Offset returns the absolute offset of the next item to be read.
func (r *Reader[T]) Offset() uint64 { return r.pos }

// Capacity returns the buffer's capacity in items.
func (r *Reader[T]) Capacity() int { return int(r.s.capacity) }

// Slice returns the items available now, possibly none. ok is false once
// the writer has closed and every item was consumed.
func (r *Reader[T]) Slice() (items []T, ok bool) {
	r.check("Slice")
	// Read closed before w: if the writer closed, w is final.
	closed := r.s.closed.Load()
	n := int(r.s.w.Load() - r.pos)
	r.last = n
	if n == 0 {
		return nil, !closed
	}
	return r.s.buf.Window(int(r.pos%r.s.capacity), n), true
}

// Tags returns the tags of the items of the last Slice that are not yet
// consumed, in offset order. The returned slice is reused by the next call
// to Tags: copy what must outlive it.
func (r *Reader[T]) Tags() []buffer.Tag {
	r.check("Tags")
	r.tags = r.tags[:0]
	if r.st.meta == nil || r.last == 0 || r.st.metaLen.Load() == 0 {
		return r.tags
	}
	r.st.metaMu.Lock()
	r.tags = r.st.meta.AppendTags(r.tags, r.pos, r.pos+uint64(r.last))
	r.st.metaMu.Unlock()
	return r.tags
}

// Consume releases the first n items of the last Slice to the writer. It
// panics if n exceeds what the last Slice returned (less what was consumed since).
func (r *Reader[T]) Consume(n int) {
	r.check("Consume")
	if n < 0 || n > r.last {
		panic(fmt.Sprintf("buffer: Consume(%d) beyond the %d items of the last Slice", n, r.last))
	}
	if n == 0 {
		return
	}
	r.pos += uint64(n)
	r.last -= n
	if r.st.meta != nil && r.st.metaLen.Load() > 0 {
		r.st.metaMu.Lock()
		r.st.meta.Prune(r.pos)
		r.st.metaLen.Store(int64(r.st.meta.Len()))
		r.st.metaMu.Unlock()
	}
	r.st.pos.Store(r.pos)
	r.st.space.notify()
}

// Available reports how many items can be read now and whether the writer
// has closed (end of stream once they are consumed). Safe from any
// goroutine; 0 once the reader is closed.
func (r *Reader[T]) Available() (n int, writerClosed bool) {
	for {
		// The reader's position, w, then the position again: if it did not
		// move, w - pos is what the reader had when w was read, never
		// negative and never above the capacity (the writer does not pass a
		// reader). Otherwise the reader consumed meanwhile: read again.
		pos := r.st.pos.Load()
		writerClosed = r.s.closed.Load() // before w: once closed, w is final
		w := r.s.w.Load()
		if pos == math.MaxUint64 {
			return 0, writerClosed
		}
		if r.st.pos.Load() == pos {
			return int(w - pos), writerClosed
		}
	}
}

// Arm arms the reader's data notifier: the caller is about to wait for
// items and must check Slice once more before it does.
func (r *Reader[T]) Arm() { r.st.data.arm() }

// Close unregisters the reader and releases its hold on the writer's space.
// Close is idempotent.
func (r *Reader[T]) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.cleanup.Stop()
	r.s.removeReader(r.st)
}
