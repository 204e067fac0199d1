//go:build unix

package buffer

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// region is the double mapping: 2*size bytes at addr, both halves backed by
// the same memory object.
type region struct {
	addr unsafe.Pointer
	size uintptr
}

func granularity() uintptr { return uintptr(os.Getpagesize()) }

// mapRegion reserves 2*size bytes of address space, then maps the memory
// object over each half with MAP_FIXED. The reservation is never released
// before the halves replace it, so no other thread can take the address
// range in between (the race of "find a hole, free it, map into it").
func mapRegion(size uintptr, s strategy) (*region, error) {
	fd, err := openMemory(size, s)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd) // the mappings keep the memory object alive

	addr, err := unix.MmapPtr(-1, 0, nil, 2*size, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("buffer: reserve %d bytes of address space: %w", 2*size, err)
	}
	for half := range uintptr(2) {
		want := unsafe.Add(addr, half*size)
		got, err := unix.MmapPtr(fd, 0, want, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_FIXED)
		if err == nil && got != want {
			err = fmt.Errorf("mapped at %p, want %p", got, want)
		}
		if err != nil {
			_ = unix.MunmapPtr(addr, 2*size) // releases the reservation and any half already mapped
			return nil, fmt.Errorf("buffer: map half %d of %d bytes: %w", half, size, err)
		}
	}
	return &region{addr: addr, size: size}, nil
}

func (r *region) unmap() error {
	if err := unix.MunmapPtr(r.addr, 2*r.size); err != nil {
		return fmt.Errorf("buffer: unmap: %w", err)
	}
	return nil
}

// retire replaces both halves, in one call, by an inaccessible anonymous
// mapping: the memory object loses its last mapping and is freed, and the
// address range stays taken, so a stale slice faults instead of reading
// whatever would be mapped there next.
func (r *region) retire() error {
	_, err := unix.MmapPtr(-1, 0, r.addr, 2*r.size, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_FIXED)
	if err != nil {
		return fmt.Errorf("buffer: retire: %w", err)
	}
	return nil
}

// openTempFile creates the memory object as an unlinked file of the given
// size in os.TempDir() (which honours TMPDIR).
func openTempFile(size uintptr) (int, error) {
	f, err := os.CreateTemp("", "flowrun-buffer-*")
	if err != nil {
		return -1, fmt.Errorf("buffer: temp file for the mapping (set TMPDIR to a writable folder): %w", err)
	}
	defer f.Close()
	name := f.Name()
	if err := os.Remove(name); err != nil {
		return -1, fmt.Errorf("buffer: unlink temp file: %w", err)
	}
	// Duplicate the descriptor so that closing f (and its finalizer) leaves ours open.
	fd, err := unix.Dup(int(f.Fd()))
	if err != nil {
		return -1, fmt.Errorf("buffer: dup temp file %s: %w", name, err)
	}
	unix.CloseOnExec(fd)
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("buffer: size temp file %s to %d bytes: %w", name, size, err)
	}
	return fd, nil
}
