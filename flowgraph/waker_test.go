package flowgraph_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// feed is a source fed by a goroutine outside the graph, as a socket
// reader would feed a network source: batches arrive on a queue, and the
// goroutine wakes the block with its Waker. Work never waits.
type feed struct {
	Out   block.Out[uint64]
	mu    sync.Mutex
	queue []uint64
	ended bool
	waker chan block.Waker // hands the Waker to the feeding goroutine once
	calls int
}

func (f *feed) Work(io *block.IO) error {
	if f.calls == 0 {
		f.waker <- io.Waker() // take it before looking at the queue
	}
	f.calls++
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.Out.Slice()
	n := copy(out, f.queue)
	f.queue = f.queue[n:]
	f.Out.Produce(n)
	if f.ended && len(f.queue) == 0 {
		return block.ErrDone
	}
	return nil
}

func (f *feed) push(items []uint64, end bool) {
	f.mu.Lock()
	f.queue = append(f.queue, items...)
	f.ended = end
	f.mu.Unlock()
}

// A block fed from outside the graph waits for its Waker without a
// deadline: quiet for longer than the watchdog's two looks, it is not a
// stall; every item pushed reaches the sink in order, each batch after
// a wake-up alone; and Work is not called in a loop while it waits.
func TestAWakerFeedsABlockFromOutside(t *testing.T) {
	src := &feed{waker: make(chan block.Waker, 1)}
	chk := &checker{}
	g := flowgraph.New()
	for _, err := range []error{g.Add("src", src), g.Add("chk", chk), flowgraph.Connect(g, &src.Out, &chk.In)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const batches, size = 4, 1000
	go func() {
		w := <-src.waker
		for b := range uint64(batches) {
			time.Sleep(700 * time.Millisecond) // > 2 looks of the watchdog
			items := make([]uint64, size)
			for i := range items {
				items[i] = b*size + uint64(i)
			}
			src.push(items, b == batches-1)
			w.Wake()
		}
	}()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if chk.next != batches*size {
		t.Fatalf("got %d items, want %d", chk.next, batches*size)
	}
	// A Work call per wake-up and per re-check, not a loop: a few per
	// batch at most (a block polling without a Waker would make thousands).
	if src.calls > 4*batches+4 {
		t.Errorf("%d Work calls for %d wake-ups", src.calls, batches)
	}
}
