package buffer

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// openMemory makes the memory object: an anonymous memfd, which needs no
// file system, or, where memfd_create is missing or forbidden (old kernels,
// seccomp filters), an unlinked temp file.
func openMemory(size uintptr, s strategy) (int, error) {
	if s == strategyTempFile {
		return openTempFile(size)
	}
	fd, err := unix.MemfdCreate("flowrun-buffer", unix.MFD_CLOEXEC)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return openTempFile(size)
	}
	if err != nil {
		return -1, fmt.Errorf("buffer: memfd_create: %w", err)
	}
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("buffer: size memfd to %d bytes: %w", size, err)
	}
	return fd, nil
}
