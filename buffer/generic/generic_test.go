package generic_test

import (
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/generic"
	"github.com/flowrun/flowrun/buffer/internal/conformance"
)

// wake is the notifier a scheduler would use: a coalescing channel.
type wake chan struct{}

func (wake) Arm() {}

func (c wake) Notify() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// writer waits with the protocol of the package doc: Slice, Arm, Slice, wait.
type writer struct {
	*generic.Writer[uint64]
	space wake
}

func (w writer) TrySlice() []uint64 { return w.Writer.Slice() }

func (w writer) Slice() []uint64 {
	for {
		if s := w.Writer.Slice(); len(s) > 0 {
			return s
		}
		w.Arm()
		if s := w.Writer.Slice(); len(s) > 0 {
			return s
		}
		<-w.space
	}
}

func (w writer) AddReader() conformance.Reader {
	data := make(wake, 1)
	return reader{w.Writer.AddReader(data, w.space), data}
}

type reader struct {
	*generic.Reader[uint64]
	data wake
}

func (r reader) TrySlice() ([]uint64, bool) { return r.Reader.Slice() }

func (r reader) Slice() ([]uint64, bool) {
	for {
		if s, ok := r.Reader.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		r.Arm()
		if s, ok := r.Reader.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		<-r.data
	}
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Flavour{Name: "generic", New: func(opts ...buffer.Option) (conformance.Writer, error) {
		w, err := generic.New[uint64](opts...)
		return writer{w, make(wake, 1)}, err
	}})
}

// countingNotifier records the calls the buffer makes.
type countingNotifier struct{ arms, notifies int }

func (n *countingNotifier) Arm()    { n.arms++ }
func (n *countingNotifier) Notify() { n.notifies++ }

func TestNotifyOnlyWhenArmedAndOncePerArm(t *testing.T) {
	w, err := generic.New[byte]()
	if err != nil {
		t.Fatal(err)
	}
	var data, space countingNotifier
	r := w.AddReader(&data, &space)
	w.Slice()
	w.Produce(1)
	if data.notifies != 0 {
		t.Fatalf("unarmed reader notified %d times", data.notifies)
	}
	r.Arm()
	w.Slice()
	w.Produce(1)
	w.Slice()
	w.Produce(1)
	if data.arms != 1 || data.notifies != 1 {
		t.Fatalf("armed once: %d arms, %d notifies; want 1 and 1", data.arms, data.notifies)
	}
	w.Arm()
	r.Slice()
	r.Consume(1)
	r.Consume(1)
	if space.notifies != 1 {
		t.Fatalf("armed writer notified %d times, want 1", space.notifies)
	}
	r.Arm()
	w.Close()
	if data.notifies != 2 {
		t.Fatalf("armed reader not notified of end of stream (%d notifies)", data.notifies)
	}
	r.Close()
}
