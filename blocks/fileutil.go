package blocks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ErrTruncated is wrapped by the error of a source whose file ends before
// the items it had when opened, or before the frames its header gives.
var ErrTruncated = errors.New("blocks: input truncated")

// openRead opens path for reading. Opening a FIFO waits for a writer (and
// some devices wait too), so anything but a regular file is opened on a
// goroutine that openRead leaves when ctx is done, returning ctx's error.
// The pending open of a FIFO is then completed (releaseOpen) and its file
// closed; one that still does not return within a second is left to a
// goroutine that closes the file if the open ever completes.
func openRead(ctx context.Context, path string) (*os.File, error) {
	if st, err := os.Stat(path); err != nil || st.Mode().IsRegular() {
		return os.Open(path)
	}
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case r := <-ch:
		return r.f, r.err
	case <-ctx.Done():
	}
	closeWhenOpened := func(r opened) {
		if r.f != nil {
			r.f.Close()
		}
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	giveUp := time.Now().Add(time.Second)
	for time.Now().Before(giveUp) {
		releaseOpen(path) // again: the goroutine may not have reached open(2) yet
		select {
		case r := <-ch:
			closeWhenOpened(r)
			return nil, fmt.Errorf("opening %s: %w", path, ctx.Err())
		case <-tick.C:
		}
	}
	go func() { closeWhenOpened(<-ch) }()
	return nil, fmt.Errorf("opening %s: %w", path, ctx.Err())
}

// skip moves f, of mode mode, n bytes on: a seek for a block device (a
// regular file is positioned by the caller), otherwise reads of at most
// 64 KiB, checking ctx between them (a read waiting on a quiet pipe is
// ended by the read deadline set when ctx is done, see FileSource.Init).
func skip(ctx context.Context, f *os.File, mode os.FileMode, n int64) error {
	if mode&os.ModeDevice != 0 && mode&os.ModeCharDevice == 0 {
		_, err := f.Seek(n, io.SeekCurrent)
		return err
	}
	stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, min(n, 1<<16))
	for done := int64(0); done < n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		k, err := f.Read(buf[:min(n-done, int64(len(buf)))])
		done += int64(k)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() != nil:
			return ctx.Err()
		case err == io.EOF:
			return fmt.Errorf("the stream ended after %d of %d bytes", done, n)
		case err != nil:
			return err
		}
	}
	return nil
}

// countWriter counts the bytes its writer took: after a failed write, how
// much of the stream reached the file.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sinkWriter returns the writer of a file sink: a 64 KiB buffer over out,
// which counts what reached f. wrap, if not nil, puts a writer between out
// and f (tests).
func sinkWriter(f *os.File, wrap func(io.Writer) io.Writer) (w *bufio.Writer, out *countWriter) {
	var fw io.Writer = f
	if wrap != nil {
		fw = wrap(f)
	}
	out = &countWriter{w: fw}
	return bufio.NewWriterSize(out, 1<<16), out
}
