package buffer_test

import (
	"errors"
	"math"
	"testing"
	"unsafe"

	"github.com/flowrun/flowrun/buffer"
)

func TestCapacityForIsWhatNewDoubleMappedGives(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1025, 5000, 100000} {
		d, err := buffer.NewDoubleMapped[complex64](n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := buffer.CapacityFor(n, unsafe.Sizeof(complex64(0)))
		if err != nil || got != d.Capacity() {
			t.Errorf("CapacityFor(%d, 8) = %d, %v; NewDoubleMapped gives %d", n, got, err, d.Capacity())
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := buffer.CapacityFor(math.MaxInt/2, 8); !errors.Is(err, buffer.ErrTooLarge) {
		t.Errorf("CapacityFor(MaxInt/2, 8) = %v, want ErrTooLarge", err)
	}
}
