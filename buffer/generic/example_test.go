package generic_test

import (
	"fmt"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/generic"
)

// wakeup is a coalescing notifier, as a scheduler would use to wake a block.
type wakeup chan struct{}

func (wakeup) Arm() {}

func (c wakeup) Notify() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// A reader waits with the arm-then-check protocol; tags travel with items.
func Example() {
	w, err := generic.New[int16](buffer.WithTags())
	if err != nil {
		panic(err)
	}
	data, space := make(wakeup, 1), make(wakeup, 1)
	r := w.AddReader(data, space)
	defer r.Close()

	go func() {
		s := w.Slice()
		copy(s, []int16{10, 20, 30})
		w.Produce(3, buffer.Tag{Offset: w.Offset() + 1, Key: "burst", Value: true})
		w.Close()
	}()

	for {
		s, ok := r.Slice()
		if !ok {
			break
		}
		if len(s) == 0 {
			r.Arm()
			if s, ok = r.Slice(); ok && len(s) == 0 {
				<-data // woken by Produce or Close
				continue
			}
			if !ok {
				break
			}
		}
		fmt.Println(s, r.Tags())
		r.Consume(len(s))
	}
	// Output: [10 20 30] [1:burst=true]
}
