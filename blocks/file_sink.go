package blocks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

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
	b.f = f
	b.w, b.out = sinkWriter(f, b.wrap)
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

func fileSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "file_sink",
		Doc: "writes items to a raw little-endian file (GNU Radio layout)",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "path", Type: registry.ParamString, Doc: "file to write (created or truncated)"},
			{Name: "append", Type: registry.ParamBool, Default: false, Doc: "append instead of truncating"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, withInt32(sourcesAll(fileSinkFromParams[float32], fileSinkFromParams[complex64],
				fileSinkFromParams[int8], fileSinkFromParams[uint8], fileSinkFromParams[int16]), fileSinkFromParams[int32]))
		},
	}
}

func fileSinkFromParams[T sourcesItem](p registry.Params) (block.Block, error) {
	return asBlock(NewFileSink[T](p.String("path"), p.Bool("append")))
}
