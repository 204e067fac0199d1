//go:build linux

package kernel

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"
)

// guarded returns n zeroed items of T that end where an unreadable page
// begins, so that a loop reading one byte past them faults.
func guarded[T any](t *testing.T, n int) []T {
	t.Helper()
	page := syscall.Getpagesize()
	size := int(unsafe.Sizeof(*new(T)))
	data := (n*size + page - 1) / page * page
	mem, err := syscall.Mmap(-1, 0, data+page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[data:], syscall.PROT_NONE); err != nil {
		t.Skipf("mprotect: %v", err)
	}
	end := unsafe.Pointer(unsafe.SliceData(mem[data:]))
	return unsafe.Slice((*T)(unsafe.Add(end, -n*size)), n)
}

// No path reads past the input its outputs need, nor past the taps: both
// end at an unreadable page (the SIMD loops load whole registers, and the
// AVX-512 real loop loads several at once for a group of taps).
func TestNoPathReadsPastTheInput(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(25, 26))
		for _, ntaps := range []int{1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128, 129, 300} {
			for _, nout := range []int{1, 4, 8, 12, 16, 24, 63, 64, 72, 255, 256, 264, 300, 520} {
				for _, decim := range []int{1, 3} {
					nin := (nout-1)*decim + ntaps
					in, inc := guarded[float32](t, nin), guarded[complex64](t, nin)
					taps, ctaps := guarded[float32](t, ntaps), guarded[complex64](t, ntaps)
					copy(in, randReal(r, nin))
					copy(inc, randComplex(r, nin))
					copy(taps, randReal(r, ntaps))
					copy(ctaps, randComplex(r, ntaps))
					out, outc := make([]float32, nout), make([]complex64, nout)
					FIRReal(out, in, taps, decim)
					FIRComplexReal(outc, inc, taps, decim)
					FIRComplex(outc, inc, ctaps, decim)
				}
			}
		}
	})
}
