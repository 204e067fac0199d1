// Command quickstart shows the double-mapped region at the heart of flowrun:
// a window that runs past the end of the ring reads on from its start,
// as one slice, with no copy.
package main

import (
	"fmt"
	"log"

	"github.com/flowrun/flowrun/buffer"
)

func main() {
	d, err := buffer.NewDoubleMapped[float32](1000)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()

	n := d.Capacity()
	ring := d.Window(0, n)
	for i := range ring {
		ring[i] = float32(i)
	}
	w := d.Window(n-2, 4)
	fmt.Printf("capacity %d items; window of 4 at %d: %v\n", n, n-2, w)
}
