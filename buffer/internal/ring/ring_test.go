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
