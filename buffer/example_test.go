package buffer_test

import (
	"fmt"

	"github.com/flowrun/flowrun/buffer"
)

// A window that starts near the end of the region runs on into its start,
// with no copy: the region is mapped twice, back to back.
func ExampleDoubleMapped_Window() {
	d, err := buffer.NewDoubleMapped[int32](1)
	if err != nil {
		panic(err)
	}
	defer d.Close()
	n := d.Capacity()
	lower := d.Window(0, n)
	lower[n-1], lower[0], lower[1] = 10, 11, 12

	fmt.Println(d.Window(n-1, 3))
	// Output: [10 11 12]
}
