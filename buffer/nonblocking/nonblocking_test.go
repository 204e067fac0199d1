package nonblocking_test

import (
	"runtime"
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/conformance"
	"github.com/flowrun/flowrun/buffer/nonblocking"
)

// The suite's waiting calls poll: that is how a user of this flavour waits.
type writer struct{ *nonblocking.Writer[uint64] }

func (w writer) TrySlice() []uint64 { return w.Writer.Slice() }

func (w writer) Slice() []uint64 {
	for {
		if s := w.Writer.Slice(); len(s) > 0 {
			return s
		}
		runtime.Gosched()
	}
}

func (w writer) AddReader() conformance.Reader { return reader{w.Writer.AddReader()} }

type reader struct{ *nonblocking.Reader[uint64] }

func (r reader) TrySlice() ([]uint64, bool) { return r.Reader.Slice() }

func (r reader) Slice() ([]uint64, bool) {
	for {
		if s, ok := r.Reader.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		runtime.Gosched()
	}
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Flavour{Name: "nonblocking", New: func(opts ...buffer.Option) (conformance.Writer, error) {
		w, err := nonblocking.New[uint64](opts...)
		return writer{w}, err
	}})
}
