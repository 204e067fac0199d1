// Command quickstart is the Quick Start of the Rust crate vmcircbuffer in
// Go: a reader blocks until a writer, started one second late, fills the
// whole buffer in place; then the reader sums it in place, with no copy.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/flowrun/flowrun/buffer/blocking"
)

func main() {
	w, err := blocking.New[uint32]()
	if err != nil {
		log.Fatal(err)
	}
	r := w.AddReader()
	defer r.Close()

	start := time.Now()
	go func() {
		time.Sleep(time.Second)
		s := w.Slice() // the whole free space, one contiguous slice
		for i := range s {
			s[i] = 23
		}
		w.Produce(len(s))
		w.Close()
	}()

	s, ok := r.Slice() // blocks until data becomes available
	var sum uint64
	for _, v := range s {
		sum += uint64(v)
	}
	r.Consume(len(s))
	_, more := r.Slice()
	fmt.Printf("waited %v; read %d items (ok=%v) summing to %d; end of stream: %v\n",
		time.Since(start).Round(10*time.Millisecond), len(s), ok, sum, !more)
}
