package blocks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
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

func fileSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "file_source",
		Doc: "reads items from a raw little-endian file (GNU Radio layout)",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "path", Type: registry.ParamString, Doc: "file to read"},
			{Name: "repeat", Type: registry.ParamBool, Default: false, Doc: "start again after the last item"},
			{Name: "offset", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0), Doc: "items to skip at the start"},
			{Name: "length", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0), Doc: "items per pass, 0 for all"},
			{Name: "allow_short", Type: registry.ParamBool, Default: false,
				Doc: "a regular file that ends before the items it had when opened ends the stream instead of failing (pipes and devices always end at their end of file)"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, withInt32(sourcesAll(fileSourceFromParams[float32], fileSourceFromParams[complex64],
				fileSourceFromParams[int8], fileSourceFromParams[uint8], fileSourceFromParams[int16]), fileSourceFromParams[int32]))
		},
	}
}

func fileSourceFromParams[T sourcesItem](p registry.Params) (block.Block, error) {
	b, err := NewFileSource[T](p.String("path"), p.Bool("repeat"), int64(p.Int("offset")), int64(p.Int("length")))
	if err != nil {
		return nil, err
	}
	b.SetAllowShort(p.Bool("allow_short"))
	return b, nil
}
