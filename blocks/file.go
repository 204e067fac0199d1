package blocks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
)

// FileSource reads items from a raw file in GNU Radio's layout: the items
// back to back, little-endian, complex64 as interleaved float32 I/Q. Files
// written by GNU Radio's file_sink read unchanged.
//
// # Stream Outputs
//
// Out: the items of the file, from item offset, length items (all if 0),
// once or repeated.
//
// # Parameters
//
// path: the file. repeat: start again at offset after the last item
// (regular files only). offset (items): items to skip at the start.
// length (items): items to read per pass, 0 for all up to the end.
// allow_short (SetAllowShort): accept a regular file that ends early.
//
// The file is opened by Init and closed by Deinit. Items are read straight
// into the output buffer, without copying or allocating. A trailing partial
// item is ignored. Reading a pipe blocks Work until a whole output slice is
// read or the pipe ends.
//
// Init and Work give way when the graph stops (ctx done): opening a FIFO
// that has no writer yet, skipping offset items of a pipe or device (read
// and dropped in chunks; a regular file or a block device seeks), and a
// read waiting on a quiet pipe. Init then returns ctx's error; Work ends.
//
// A regular file is read up to the items it had when Init opened it: if it
// ends before them (it shrank), Work fails with an error wrapping
// ErrTruncated that names the file and the counts, unless allow_short is
// set; the stream then ends there. A pipe, a device or standard input ends
// the stream at its end of file.
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src, err := blocks.NewFileSource[complex64]("capture.cf32", false, 0, 0)
//	if err != nil { ... }
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type FileSource[T sourcesItem] struct {
	Out    block.Out[T]
	path   string
	repeat bool
	offset int64 // items
	length int64 // items, 0 = to the end
	f      *os.File
	items  int64       // items per pass; -1: unknown (not a regular file)
	left   int64       // items left in this pass; -1: until end of file
	short  bool        // allow_short
	unwait func() bool // stops the read deadline set when ctx is done
}

// ErrTruncated is wrapped by the error of a source whose file ends before
// the items it had when opened, or before the frames its header gives.
var ErrTruncated = errors.New("blocks: input truncated")

// NewFileSource returns a source reading path (opened by Init).
func NewFileSource[T sourcesItem](path string, repeat bool, offset, length int64) (*FileSource[T], error) {
	if path == "" {
		return nil, fmt.Errorf("%w: file_source: empty path", block.ErrBadParam)
	}
	if offset < 0 || length < 0 {
		return nil, fmt.Errorf("%w: file_source: offset %d and length %d must be >= 0", block.ErrBadParam, offset, length)
	}
	var zero T
	if size := int64(unsafe.Sizeof(zero)); offset > math.MaxInt64/size || length > math.MaxInt64/size {
		return nil, fmt.Errorf("%w: file_source: offset %d or length %d items is beyond any file", block.ErrBadParam, offset, length)
	}
	return &FileSource[T]{path: path, repeat: repeat, offset: offset, length: length}, nil
}

// SetAllowShort sets whether a regular file that ends before the items it
// had when opened ends the stream (true) or is an error (false, the
// default). Call it before Init.
func (b *FileSource[T]) SetAllowShort(allow bool) { b.short = allow }

// Init opens the file, checks offset and length against its size and seeks
// to offset (or skips offset items of a stream). It returns ctx's error if
// ctx is done before the file opens or the skip ends.
func (b *FileSource[T]) Init(ctx context.Context) error {
	f, err := openRead(ctx, b.path)
	if err != nil {
		return fmt.Errorf("file_source: %w", err)
	}
	if err := b.position(ctx, f); err != nil {
		f.Close()
		return fmt.Errorf("file_source: %s: %w", b.path, err)
	}
	b.f = f
	// A read from a pipe waits for its writer: let ctx end it. (Regular
	// files have no read deadlines; their reads do not wait.)
	b.unwait = context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	return nil
}

func (b *FileSource[T]) position(ctx context.Context, f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var zero T
	size := int64(unsafe.Sizeof(zero))
	if !st.Mode().IsRegular() {
		if b.repeat {
			return errors.New("repeat needs a regular file")
		}
		if err := skip(ctx, f, st.Mode(), b.offset*size); err != nil {
			return fmt.Errorf("skipping %d items: %w", b.offset, err)
		}
		b.items, b.left = -1, -1
		if b.length > 0 {
			b.left = b.length
		}
		return nil
	}
	total := st.Size() / size
	if b.offset > total {
		return fmt.Errorf("offset %d items is beyond the end (%d items of %d bytes)", b.offset, total, size)
	}
	n := total - b.offset
	if b.length > 0 {
		if b.length > n {
			return fmt.Errorf("length %d items is beyond the end (%d items after offset %d)", b.length, n, b.offset)
		}
		n = b.length
	}
	if b.repeat && n == 0 {
		return errors.New("nothing to repeat")
	}
	b.items, b.left = n, n
	_, err = f.Seek(b.offset*size, io.SeekStart)
	return err
}

// Work implements block.Block.
func (b *FileSource[T]) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("file_source: not initialized")
	}
	if b.left == 0 {
		if !b.repeat {
			return block.ErrDone
		}
		var zero T
		if _, err := b.f.Seek(b.offset*int64(unsafe.Sizeof(zero)), io.SeekStart); err != nil {
			return fmt.Errorf("file_source: %w", err)
		}
		b.left = b.items
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	if b.left > 0 {
		out = out[:min(int64(len(out)), b.left)]
	}
	buf := sourcesBytes(out)
	k, err := io.ReadFull(b.f, buf)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = nil // the graph stops (see Init): keep the whole items read
		k -= k % (len(buf) / len(out))
	}
	n := k / (len(buf) / len(out))
	if sourcesBigEndian() {
		sourcesSwap(buf[:k], sourcesScalarSize[T]())
	}
	b.Out.Produce(n)
	if b.left > 0 {
		b.left -= int64(n)
	}
	switch {
	case (err == io.EOF || err == io.ErrUnexpectedEOF) && b.items >= 0 && !b.short:
		return fmt.Errorf("file_source: %s: %w: the file ended after %d of %d items (it shrank while being read; allow_short accepts this)",
			b.path, ErrTruncated, b.offset+b.items-b.left, b.offset+b.items)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return block.ErrDone // a stream ended, or a file shrank and allow_short is set
	case err != nil:
		return fmt.Errorf("file_source: %w", err)
	case b.left == 0 && !b.repeat:
		return block.ErrDone
	}
	return nil
}

// Deinit closes the file.
func (b *FileSource[T]) Deinit() error {
	if b.f == nil {
		return nil
	}
	b.unwait()
	err := b.f.Close()
	b.f = nil
	return err
}

// FileSink writes items to a raw file in GNU Radio's layout: the items back
// to back, little-endian, complex64 as interleaved float32 I/Q.
//
// # Stream Inputs
//
// In: the items to write.
//
// # Parameters
//
// path: the file, created or truncated (appended to if append).
//
// The file is opened by Init; writes are buffered (64 KiB); Deinit flushes
// and closes it, so the file is complete once the graph's Run returns.
// After a failed write (a full disk), Deinit cuts a partial item from the
// end of a regular file: it holds whole items only.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	snk, err := blocks.NewFileSink[complex64]("capture.cf32", false)
//	if err != nil { ... }
//	src := blocks.NewNoiseSource[complex64](blocks.Gaussian, 1, 0)
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type FileSink[T sourcesItem] struct {
	In      block.In[T]
	path    string
	append  bool
	f       *os.File
	w       *bufio.Writer
	out     *countWriter              // under w: what reached the file
	start   int64                     // size of the file when opened (appending)
	scratch []byte                    // byte-swapped copy, big-endian hosts only
	wrap    func(io.Writer) io.Writer // tests: a writer between w and the file
}

// NewFileSink returns a sink writing path (opened by Init).
func NewFileSink[T sourcesItem](path string, appendMode bool) (*FileSink[T], error) {
	if path == "" {
		return nil, fmt.Errorf("%w: file_sink: empty path", block.ErrBadParam)
	}
	return &FileSink[T]{path: path, append: appendMode}, nil
}

// Init creates (or opens for appending) the file.
func (b *FileSink[T]) Init(context.Context) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if b.append {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(b.path, flags, 0o644)
	if err != nil {
		return fmt.Errorf("file_sink: %w", err)
	}
	b.start = 0
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && b.append {
		b.start = st.Size()
	}
	var w io.Writer = f
	if b.wrap != nil {
		w = b.wrap(f)
	}
	b.f, b.out = f, &countWriter{w: w}
	b.w = bufio.NewWriterSize(b.out, 1<<16)
	return nil
}

// Work implements block.Block.
func (b *FileSink[T]) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("file_sink: not initialized")
	}
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	buf := sourcesBytes(in)
	if sourcesBigEndian() {
		b.scratch = append(b.scratch[:0], buf...)
		buf = b.scratch
		sourcesSwap(buf, sourcesScalarSize[T]())
	}
	if _, err := b.w.Write(buf); err != nil {
		return fmt.Errorf("file_sink: %w", err)
	}
	b.In.Consume(len(in))
	return nil
}

// Deinit flushes the buffered items and closes the file. After a failed
// write it cuts a partial item from the end of a regular file and returns
// the write's error.
func (b *FileSink[T]) Deinit() error {
	if b.f == nil {
		return nil
	}
	err := b.w.Flush()
	if err != nil {
		var zero T
		size := int64(unsafe.Sizeof(zero))
		if part := b.out.n % size; part != 0 {
			if st, serr := b.f.Stat(); serr == nil && st.Mode().IsRegular() {
				err = errors.Join(err, b.f.Truncate(b.start+b.out.n-part))
			}
		}
	}
	err = errors.Join(err, b.f.Close())
	b.f, b.w, b.out = nil, nil, nil
	if err != nil {
		return fmt.Errorf("file_sink: %w", err)
	}
	return nil
}

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

func fileSourceSpec() block.Spec {
	return block.Spec{
		ID:  "file_source",
		Doc: "reads items from a raw little-endian file (GNU Radio layout)",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "path", Type: block.ParamString, Doc: "file to read"},
			{Name: "repeat", Type: block.ParamBool, Default: false, Doc: "start again after the last item"},
			{Name: "offset", Type: block.ParamInt, Default: 0, Unit: "items", Min: block.Bound(0), Doc: "items to skip at the start"},
			{Name: "length", Type: block.ParamInt, Default: 0, Unit: "items", Min: block.Bound(0), Doc: "items per pass, 0 for all"},
			{Name: "allow_short", Type: block.ParamBool, Default: false,
				Doc: "a regular file that ends before the items it had when opened ends the stream instead of failing (pipes and devices always end at their end of file)"}},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, sourcesAll(fileSourceFromParams[float32], fileSourceFromParams[complex64],
				fileSourceFromParams[int8], fileSourceFromParams[uint8], fileSourceFromParams[int16]))
		},
	}
}

func fileSourceFromParams[T sourcesItem](p block.Params) (block.Block, error) {
	b, err := NewFileSource[T](p.String("path"), p.Bool("repeat"), int64(p.Int("offset")), int64(p.Int("length")))
	if err != nil {
		return nil, err
	}
	b.SetAllowShort(p.Bool("allow_short"))
	return b, nil
}

func fileSinkSpec() block.Spec {
	return block.Spec{
		ID:  "file_sink",
		Doc: "writes items to a raw little-endian file (GNU Radio layout)",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "path", Type: block.ParamString, Doc: "file to write (created or truncated)"},
			{Name: "append", Type: block.ParamBool, Default: false, Doc: "append instead of truncating"}},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, sourcesAll(fileSinkFromParams[float32], fileSinkFromParams[complex64],
				fileSinkFromParams[int8], fileSinkFromParams[uint8], fileSinkFromParams[int16]))
		},
	}
}

func fileSinkFromParams[T sourcesItem](p block.Params) (block.Block, error) {
	return NewFileSink[T](p.String("path"), p.Bool("append"))
}
