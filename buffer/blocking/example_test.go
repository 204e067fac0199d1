package blocking_test

import (
	"fmt"
	"time"

	"github.com/flowrun/flowrun/buffer/blocking"
)

// The Quick Start of the Rust crate vmcircbuffer, in Go: the reader blocks
// until the writer, one second late, produces.
func Example() {
	w, err := blocking.New[uint32]()
	if err != nil {
		panic(err)
	}
	r := w.AddReader()
	defer r.Close()

	now := time.Now()
	delay := time.Second

	go func() { // producer
		time.Sleep(delay)
		s := w.Slice()
		for i := range s {
			s[i] = 23
		}
		w.Produce(len(s))
		w.Close()
	}()

	s, ok := r.Slice() // blocks until data becomes available
	fmt.Println(ok, time.Since(now) >= delay)
	all23 := true
	for _, v := range s {
		all23 = all23 && v == 23
	}
	fmt.Println(all23, len(s) == w.Capacity())
	r.Consume(len(s))

	_, ok = r.Slice() // the writer closed and everything was read
	fmt.Println(ok)
	// Output:
	// true true
	// true true
	// false
}
