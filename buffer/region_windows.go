package buffer

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// VirtualAlloc2 and MapViewOfFile3 (Windows 10 version 1803 and later) map
// a view into a placeholder without ever freeing the reserved range: the
// race-free way to build a double mapping. They are looked up at run time so
// the binary still starts on older systems and reports ErrUnsupported.
var (
	kernelbase         = windows.NewLazySystemDLL("kernelbase.dll")
	procVirtualAlloc2  = kernelbase.NewProc("VirtualAlloc2")
	procMapViewOfFile3 = kernelbase.NewProc("MapViewOfFile3")
	procUnmapViewEx    = kernelbase.NewProc("UnmapViewOfFileEx")
	procGetSystemInfo  = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetSystemInfo")
)

const (
	memReservePlaceholder  = 0x00040000
	memReplacePlaceholder  = 0x00004000
	memPreservePlaceholder = 0x00000002
)

type region struct {
	addr unsafe.Pointer
	size uintptr
}

type systemInfo struct {
	processorArchitecture     uint16
	reserved                  uint16
	pageSize                  uint32
	minimumApplicationAddress uintptr
	maximumApplicationAddress uintptr
	activeProcessorMask       uintptr
	numberOfProcessors        uint32
	processorType             uint32
	allocationGranularity     uint32
	processorLevel            uint16
	processorRevision         uint16
}

// granularity is the allocation granularity (64 KiB on every Windows so far):
// views and placeholders must start on it.
func granularity() uintptr {
	var si systemInfo
	if procGetSystemInfo.Find() == nil {
		procGetSystemInfo.Call(uintptr(unsafe.Pointer(&si)))
	}
	if si.allocationGranularity == 0 {
		return 64 << 10
	}
	return uintptr(si.allocationGranularity)
}

// toPointer turns an address returned by a system call into a pointer
// without a uintptr-to-pointer conversion that vet would flag.
func toPointer(addr uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&addr)) }

func mapRegion(size uintptr, _ strategy) (*region, error) {
	if err := procVirtualAlloc2.Find(); err != nil {
		return nil, fmt.Errorf("%w: VirtualAlloc2 needs Windows 10 version 1803 or later: %v", ErrUnsupported, err)
	}
	if err := procMapViewOfFile3.Find(); err != nil {
		return nil, fmt.Errorf("%w: MapViewOfFile3 needs Windows 10 version 1803 or later: %v", ErrUnsupported, err)
	}
	size64 := uint64(size)
	section, err := windows.CreateFileMapping(windows.InvalidHandle, nil, windows.PAGE_READWRITE,
		uint32(size64>>32), uint32(size64), nil)
	if err != nil {
		return nil, fmt.Errorf("buffer: CreateFileMapping of %d bytes: %w", size, err)
	}
	defer windows.CloseHandle(section) // the views keep the section alive

	proc := windows.CurrentProcess()
	addr, _, err := procVirtualAlloc2.Call(uintptr(proc), 0, 2*size,
		windows.MEM_RESERVE|memReservePlaceholder, windows.PAGE_NOACCESS, 0, 0)
	if addr == 0 {
		if errors.Is(err, windows.ERROR_INVALID_PARAMETER) {
			// Present but without placeholder support (wine 8, for one).
			return nil, fmt.Errorf("%w: VirtualAlloc2 refuses MEM_RESERVE_PLACEHOLDER: %v", ErrUnsupported, err)
		}
		return nil, fmt.Errorf("buffer: VirtualAlloc2 placeholder of %d bytes: %w", 2*size, err)
	}
	// Split the placeholder in two, one for each view.
	if err := windows.VirtualFree(addr, size, windows.MEM_RELEASE|memPreservePlaceholder); err != nil {
		windows.VirtualFree(addr, 0, windows.MEM_RELEASE)
		return nil, fmt.Errorf("buffer: split placeholder: %w", err)
	}
	var mapped [2]bool
	for half := range uintptr(2) {
		want := addr + half*size
		got, _, err := procMapViewOfFile3.Call(uintptr(section), uintptr(proc), want, 0, size,
			memReplacePlaceholder, windows.PAGE_READWRITE, 0, 0)
		if got == 0 || got != want {
			if got != 0 {
				windows.UnmapViewOfFile(got)
			}
			for h := range uintptr(2) {
				if mapped[h] {
					windows.UnmapViewOfFile(addr + h*size)
				} else {
					windows.VirtualFree(addr+h*size, 0, windows.MEM_RELEASE)
				}
			}
			if got != 0 {
				err = errors.New("view mapped at the wrong address")
			}
			return nil, fmt.Errorf("buffer: MapViewOfFile3 half %d of %d bytes: %w", half, size, err)
		}
		mapped[half] = true
	}
	return &region{addr: toPointer(addr), size: size}, nil
}

func (r *region) unmap() error {
	base := uintptr(r.addr)
	err1 := windows.UnmapViewOfFile(base)
	err2 := windows.UnmapViewOfFile(base + r.size)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("buffer: UnmapViewOfFile: %w", err)
	}
	return nil
}

// retire unmaps both views but keeps their placeholders: the address range
// stays reserved and inaccessible, so a stale slice faults instead of reading
// whatever would be mapped there next. If that is refused, the views stay
// mapped: memory is leaked rather than an address reused under a slice.
func (r *region) retire() error {
	if err := procUnmapViewEx.Find(); err != nil {
		return fmt.Errorf("buffer: retire: %w", err)
	}
	base := uintptr(r.addr)
	var errs []error
	for half := range uintptr(2) {
		ok, _, err := procUnmapViewEx.Call(base+half*r.size, memPreservePlaceholder)
		if ok == 0 {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("buffer: UnmapViewOfFileEx: %w", err)
	}
	return nil
}
