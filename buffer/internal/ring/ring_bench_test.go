package ring

import (
	"testing"

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
