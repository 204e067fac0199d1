//go:build unix

package blocks

import (
	"os"
	"syscall"
)

// releaseOpen completes an open for reading of the FIFO at path that waits
// for a writer, by opening the FIFO for writing without waiting and closing
// it at once. Without a reader the open fails (ENXIO) and nothing happens.
// Another process waiting to open the FIFO for reading is released too,
// and reads an end of file unless a writer comes.
func releaseOpen(path string) {
	st, err := os.Stat(path)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}
