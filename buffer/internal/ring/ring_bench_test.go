package ring

import (
	"sync/atomic"
	"testing"

	"golang.org/x/sys/cpu"

	"github.com/flowrun/flowrun/buffer"
)

// BenchmarkHandoffOneGoroutine is the software cost of one hand-off (writer
// Slice+Produce, reader Slice+Consume of a 4096-item chunk) without the
// cross-core cache traffic of two goroutines: what the buffer itself adds.
func BenchmarkHandoffOneGoroutine(b *testing.B) {
	for _, tc := range []struct {
		name   string
		notify bool
	}{{"no notifier", false}, {"notifier", true}} {
		b.Run(tc.name, func(b *testing.B) {
			w, err := New[float32](buffer.Options{MinItems: 16384})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			var data, space buffer.Notifier
			if tc.notify {
				data, space = NewChan(), NewChan()
			}
			r := w.AddReader(data, space)
			defer r.Close()
			b.ReportAllocs()
			for b.Loop() {
				w.Slice()
				w.Produce(4096, nil)
				s, _ := r.Slice()
				r.Consume(len(s))
			}
		})
	}
}

type paddedCounter struct {
	v atomic.Uint64
	_ cpu.CacheLinePad
}

// BenchmarkCacheLinePingPong is the hardware floor of a hand-off between
// two running goroutines: one op is a store seen by the other goroutine and
// answered by its store (a cache line there and back). A writer→reader→writer
// hand-off through the ring cannot cost less.
func BenchmarkCacheLinePingPong(b *testing.B) {
	var ping, pong paddedCounter
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := uint64(1); ; i++ {
			for {
				v := ping.v.Load()
				if v == ^uint64(0) {
					return
				}
				if v == i {
					break
				}
			}
			pong.v.Store(i)
		}
	}()
	var i uint64
	for b.Loop() {
		i++
		ping.v.Store(i)
		for pong.v.Load() != i {
		}
	}
	ping.v.Store(^uint64(0))
	<-done
}
