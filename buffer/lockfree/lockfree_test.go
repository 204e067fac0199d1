package lockfree_test

import (
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/conformance"
	"github.com/flowrun/flowrun/buffer/lockfree"
)

type writer struct{ *lockfree.Writer[uint64] }

func (w writer) AddReader() conformance.Reader { return w.Writer.AddReader() }

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Flavour{Name: "lockfree", New: func(opts ...buffer.Option) (conformance.Writer, error) {
		w, err := lockfree.New[uint64](opts...)
		return writer{w}, err
	}})
}
