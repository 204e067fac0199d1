package buffer

import (
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// DoubleMapped is one memory region of Capacity items mapped twice, back to
// back, so that the item at index i+Capacity() is the item at index i. A
// window of up to Capacity items that starts anywhere in [0, Capacity] is
// therefore one contiguous slice, whatever the wrap-around.
//
// DoubleMapped does no bookkeeping of positions; the Writer and Reader types
// of this package build on it. Its methods are safe for concurrent use, but
// slices obtained from Window are only valid until Close or Retire: keep the
// DoubleMapped reachable while they are in use.
//
// A DoubleMapped that becomes unreachable without Close is retired by a
// cleanup: its memory is released, but its address range stays reserved and
// inaccessible, because the Go garbage collector cannot see a slice of
// mapped memory and one may still be held. Such a slice then faults at its
// first access (a fatal "unexpected fault address", or a panic under
// runtime/debug.SetPanicOnFault) instead of reading whatever the system maps
// there later. The cost is twice the region's size of address space, and one
// entry of the process's map table, for the rest of the process: forgetting
// Close stays a leak, only a smaller and safer one.
type DoubleMapped[T any] struct {
	base     *T
	capacity int
	region   *region
	closed   atomic.Bool
	closeMu  sync.Mutex
	closeErr error
	cleanup  runtime.Cleanup
}

// NewDoubleMapped maps a region that holds at least minItems items of type
// T. The capacity is rounded up to the smallest count whose size in bytes is
// a multiple of both the OS mapping granularity (the page size; 64 KiB on
// Windows) and the item size; minItems <= 0 asks for that smallest size.
//
// T must have a non-zero size and contain no Go pointers (no pointer, slice,
// string, map, interface, chan, func or unsafe.Pointer, at any depth):
// otherwise the error is an *ItemTypeError matching ErrZeroSizeItem or
// ErrPointerItem. A size that overflows gives ErrTooLarge.
func NewDoubleMapped[T any](minItems int) (*DoubleMapped[T], error) {
	return newDoubleMapped[T](minItems, strategyDefault)
}

func newDoubleMapped[T any](minItems int, s strategy) (*DoubleMapped[T], error) {
	if err := checkItemType(reflect.TypeFor[T]()); err != nil {
		return nil, err
	}
	var zero T
	size, items, err := regionSize(minItems, unsafe.Sizeof(zero), granularity())
	if err != nil {
		return nil, err
	}
	r, err := mapRegion(size, s)
	if err != nil {
		return nil, err
	}
	d := &DoubleMapped[T]{base: (*T)(r.addr), capacity: items, region: r}
	d.cleanup = runtime.AddCleanup(d, func(r *region) { _ = r.retire() }, r)
	return d, nil
}

// CapacityFor returns the capacity in items that NewDoubleMapped gives for
// minItems items of itemSize bytes on this OS, without mapping anything:
// what a planner needs to know of a buffer before it exists. The error is
// ErrTooLarge where NewDoubleMapped's would be; an itemSize of 0 counts as 1.
func CapacityFor(minItems int, itemSize uintptr) (int, error) {
	_, items, err := regionSize(minItems, max(itemSize, 1), granularity())
	return items, err
}

// regionSize returns the size in bytes of one half of the region and the
// item capacity: the smallest multiple of lcm(itemSize, gran) that holds
// minItems items. The doubled region must be addressable as a Go slice.
func regionSize(minItems int, itemSize, gran uintptr) (uintptr, int, error) {
	if minItems < 1 {
		minItems = 1
	}
	unit := itemSize / gcd(itemSize, gran) // unit * gran = lcm, in bytes
	hi, lcm := bits.Mul64(uint64(unit), uint64(gran))
	if hi != 0 {
		return 0, 0, fmt.Errorf("%w: item size %d", ErrTooLarge, itemSize)
	}
	hi, want := bits.Mul64(uint64(minItems), uint64(itemSize))
	if hi != 0 {
		return 0, 0, fmt.Errorf("%w: %d items of %d bytes", ErrTooLarge, minItems, itemSize)
	}
	n := want / lcm
	if want%lcm != 0 {
		n++
	}
	hi, size := bits.Mul64(n, lcm)
	// Twice the size must fit in an int (slice length in bytes) and in uintptr.
	if hi != 0 || size > math.MaxInt/2 || uint64(uintptr(size*2)) != size*2 {
		return 0, 0, fmt.Errorf("%w: %d items of %d bytes", ErrTooLarge, minItems, itemSize)
	}
	return uintptr(size), int(size / uint64(itemSize)), nil
}

func gcd(a, b uintptr) uintptr {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Capacity returns the number of items in the region (one half of the mapping).
func (d *DoubleMapped[T]) Capacity() int { return d.capacity }

// Window returns the n items that start at index start, one contiguous
// slice even when it crosses the end of the region. start must be in
// [0, Capacity()] and n in [0, Capacity()]. The slice's capacity equals its
// length, so append never writes into the region. Window panics on a closed
// DoubleMapped or out-of-range arguments.
func (d *DoubleMapped[T]) Window(start, n int) []T {
	if d.closed.Load() {
		panic("buffer: Window on a closed DoubleMapped")
	}
	if uint(start) > uint(d.capacity) || uint(n) > uint(d.capacity) {
		panic(fmt.Sprintf("buffer: Window(%d, %d) out of range for capacity %d", start, n, d.capacity))
	}
	all := unsafe.Slice(d.base, 2*d.capacity)
	return all[start : start+n : start+n]
}

// Close unmaps the region. Slices obtained from Window must not be used
// afterwards. Close and Retire are idempotent: later calls return the first
// call's result.
func (d *DoubleMapped[T]) Close() error { return d.release(false) }

// Retire releases the region's memory like Close, but leaves its address
// range reserved and inaccessible for the rest of the process, so that a
// slice obtained from Window and used by mistake afterwards faults at once
// instead of reading memory the system later maps at that address. Use it
// when slices may outlive the DoubleMapped; it is what the cleanup of an
// unreachable DoubleMapped does. Where the system refuses the replacement,
// the region stays mapped (memory is leaked, never reused under a slice).
func (d *DoubleMapped[T]) Retire() error { return d.release(true) }

func (d *DoubleMapped[T]) release(retire bool) error {
	d.closeMu.Lock()
	defer d.closeMu.Unlock()
	if d.closed.Swap(true) {
		return d.closeErr
	}
	d.cleanup.Stop()
	if retire {
		d.closeErr = d.region.retire()
	} else {
		d.closeErr = d.region.unmap()
	}
	return d.closeErr
}

// strategy selects how the backing memory object is made; tests use it to
// reach the fallback paths.
type strategy int

const (
	strategyDefault  strategy = iota // the best the platform offers
	strategyTempFile                 // Unix: an unlinked file in os.TempDir()
)
