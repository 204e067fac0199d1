package blocking_test

import (
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/blocking"
	"github.com/flowrun/flowrun/buffer/internal/conformance"
)

type writer struct{ *blocking.Writer[uint64] }

func (w writer) AddReader() conformance.Reader { return w.Writer.AddReader() }

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Flavour{Name: "blocking", New: func(opts ...buffer.Option) (conformance.Writer, error) {
		w, err := blocking.New[uint64](opts...)
		return writer{w}, err
	}})
}
