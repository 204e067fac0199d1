package async_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/async"
)

// A consumer that waits for samples or a deadline, whichever comes first,
// and stops at end of stream.
func Example() {
	w, err := async.New[float32]()
	if err != nil {
		panic(err)
	}
	r := w.AddReader()
	defer r.Close()

	go func() {
		for range 3 {
			s := w.TrySlice()
			copy(s, []float32{1, 2, 3, 4})
			w.Produce(4)
			time.Sleep(10 * time.Millisecond)
		}
		w.Close()
	}()

	var sum float32
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		s, err := r.Slice(ctx)
		cancel()
		if errors.Is(err, buffer.ErrEndOfStream) {
			break
		}
		if err != nil {
			fmt.Println("no samples within a second:", err)
			return
		}
		for _, v := range s {
			sum += v
		}
		r.Consume(len(s))
	}
	fmt.Println("sum", sum)
	// Output: sum 30
}
