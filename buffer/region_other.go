//go:build !unix && !windows

package buffer

import "unsafe"

type region struct {
	addr unsafe.Pointer
	size uintptr
}

func granularity() uintptr { return 4096 }

func mapRegion(uintptr, strategy) (*region, error) { return nil, ErrUnsupported }

func (r *region) unmap() error { return nil }

func (r *region) retire() error { return nil }
