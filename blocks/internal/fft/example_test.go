package fft_test

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/flowrun/flowrun/blocks/internal/fft"
)

// A tone of 2 cycles in 8 points falls on bin 2 with magnitude 8 (the
// transform is unnormalized); the inverse brings back 8 times the input.
func ExamplePlan_Forward() {
	const n = 8
	p, err := fft.NewPlan(n)
	if err != nil {
		panic(err)
	}
	x := make([]complex64, n)
	for j := range x {
		x[j] = complex64(cmplx.Rect(1, 2*math.Pi*2*float64(j)/n))
	}
	spec := make([]complex64, n)
	p.Forward(spec, x)
	for k, v := range spec {
		fmt.Printf("bin %d: |X| = %.1f\n", k, cmplx.Abs(complex128(v)))
	}
	p.Inverse(spec, spec) // in place
	fmt.Printf("x[1]·n = %.1f\n", cmplx.Abs(complex128(spec[1])))
	// Output:
	// bin 0: |X| = 0.0
	// bin 1: |X| = 0.0
	// bin 2: |X| = 8.0
	// bin 3: |X| = 0.0
	// bin 4: |X| = 0.0
	// bin 5: |X| = 0.0
	// bin 6: |X| = 0.0
	// bin 7: |X| = 0.0
	// x[1]·n = 8.0
}
