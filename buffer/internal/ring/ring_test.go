package ring

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/flowrun/flowrun/buffer"
)

// seqWriter fills and produces items holding their own offsets.
type seqWriter struct{ w *Writer[uint64] }

func (q seqWriter) fill(s []uint64) {
	off := q.w.Offset()
	for i := range s {
		s[i] = off + uint64(i)
	}
}

// produce writes up to n items, as far as the space allows.
func (q seqWriter) produce(n int) {
	for n > 0 {
		s := q.w.Slice()
		if len(s) == 0 {
			return
		}
		k := min(n, len(s))
		q.fill(s[:k])
		q.w.Produce(k, nil)
		n -= k
	}
}

// TestAddReaderInterleavedWithTheWriter stops a registration after each of
// its steps and lets the writer run there as far as it can, with and
// without a slice taken before the registration began: the reader must
// start at intact items and the writer must never pass it.
func TestAddReaderInterleavedWithTheWriter(t *testing.T) {
	for _, step := range []string{"loaded", "published", "started"} {
		for _, pending := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/pending=%v", step, pending), func(t *testing.T) {
				w, err := New[uint64](buffer.Options{MinItems: 1})
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				q, c := seqWriter{w}, w.Capacity()
				q.produce(c + c/3) // no reader: the writer overwrites freely
				var old []uint64
				if pending {
					old = w.Slice() // the whole capacity, taken before the reader exists
				}
				w.s.registering = func(at string) {
					if at != step {
						return
					}
					if pending {
						q.fill(old) // overwrites slots the new reader must not read
						w.Produce(len(old)/2, nil)
					} else {
						q.produce(3 * c)
					}
				}
				r := w.AddReader(nil, nil)
				w.s.registering = nil
				defer r.Close()
				if pending {
					w.Produce(len(old)-len(old)/2, nil)
				}
				q.produce(3 * c)
				if held := w.Offset() - r.Offset(); held > uint64(c) {
					t.Fatalf("writer at %d, %d items past the reader at %d: capacity %d", w.Offset(), held, r.Offset(), c)
				}
				s, ok := r.Slice()
				if !ok {
					t.Fatal("end of stream")
				}
				for i, v := range s {
					if want := r.Offset() + uint64(i); v != want {
						t.Fatalf("reader at %d: item %d reads %d", r.Offset(), want, v)
					}
				}
			})
		}
	}
}

// TestAvailableIsNeverImpossible: from another goroutine while the reader
// consumes, and after Close, Available stays in [0, capacity].
func TestAvailableIsNeverImpossible(t *testing.T) {
	w, err := New[uint64](buffer.Options{MinItems: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r := w.AddReader(nil, nil)
	q, c := seqWriter{w}, w.Capacity()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	bad := make(chan int, 1)
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n, _ := r.Available(); n < 0 || n > c {
				select {
				case bad <- n:
				default:
				}
			}
		}
	})
	for range 20000 {
		q.produce(c)
		s, _ := r.Slice()
		for len(s) > 0 {
			k := min(len(s), 7)
			r.Consume(k)
			s = s[k:]
		}
	}
	close(stop)
	wg.Wait()
	select {
	case n := <-bad:
		t.Fatalf("Available returned %d during consumption, capacity %d", n, c)
	default:
	}
	q.produce(c)
	r.Close()
	if n, closed := r.Available(); n != 0 || closed {
		t.Fatalf("Available after Close = %d, %v; want 0, false", n, closed)
	}
	if math.MaxUint64-r.st.pos.Load() != 0 {
		t.Fatal("a closed reader still limits the writer")
	}
}

// TestWriterFillsAtMostMaxFill runs a writer limited to fewer items than the
// capacity through several wraps of the ring: its Slice never offers more
// than the limit less what the reader holds, and the reader sees every item
// in order.
func TestWriterFillsAtMostMaxFill(t *testing.T) {
	const limit = 100
	w, err := New[uint64](buffer.Options{MinItems: 1, MaxFill: limit})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Capacity() <= limit {
		t.Fatalf("capacity %d: the test needs more than %d", w.Capacity(), limit)
	}
	if w.Limit() != limit {
		t.Fatalf("Limit() = %d, want %d", w.Limit(), limit)
	}
	r := w.AddReader(nil, nil)
	defer r.Close()
	q := seqWriter{w}
	var next uint64
	for round := 0; next < uint64(5*w.Capacity()); round++ {
		held := int(w.Offset() - next)
		if got, want := len(w.Slice()), limit-held; got != want {
			t.Fatalf("round %d: writer offered %d items with %d unread, want %d", round, got, held, want)
		}
		q.produce(37 + round%50)
		s, _ := r.Slice()
		k := len(s) * (1 + round%3) / 3 // consume a third, two thirds or all
		for i, v := range s[:k] {
			if v != next+uint64(i) {
				t.Fatalf("round %d: item %d reads %d, want %d", round, i, v, next+uint64(i))
			}
		}
		r.Consume(k)
		next += uint64(k)
	}
}

// TestMaxFillAboveCapacityIsTheCapacity checks that a limit the buffer
// cannot reach, or none, leaves the whole capacity to the writer.
func TestMaxFillAboveCapacityIsTheCapacity(t *testing.T) {
	for _, maxFill := range []int{0, -1, 1 << 30} {
		w, err := New[uint64](buffer.Options{MinItems: 1, MaxFill: maxFill})
		if err != nil {
			t.Fatal(err)
		}
		if w.Limit() != w.Capacity() || len(w.Slice()) != w.Capacity() {
			t.Errorf("MaxFill %d: Limit %d, Slice %d, want the capacity %d", maxFill, w.Limit(), len(w.Slice()), w.Capacity())
		}
		w.Close()
	}
}
