//go:build unix && !linux

package buffer

// openMemory makes the memory object as an unlinked temp file; these systems
// have no memfd_create (shm_open would need a name and a cleanup).
func openMemory(size uintptr, _ strategy) (int, error) { return openTempFile(size) }
