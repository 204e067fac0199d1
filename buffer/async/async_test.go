package async_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/async"
	"github.com/flowrun/flowrun/buffer/internal/conformance"
)

type writer struct{ *async.Writer[uint64] }

func (w writer) Slice() []uint64 {
	s, err := w.Writer.Slice(context.Background())
	if err != nil {
		panic(err)
	}
	return s
}

func (w writer) AddReader() conformance.Reader { return reader{w.Writer.AddReader()} }

type reader struct{ *async.Reader[uint64] }

func (r reader) Slice() ([]uint64, bool) {
	s, err := r.Reader.Slice(context.Background())
	if err != nil && !errors.Is(err, buffer.ErrEndOfStream) {
		panic(err)
	}
	return s, err == nil
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Flavour{Name: "async", New: func(opts ...buffer.Option) (conformance.Writer, error) {
		w, err := async.New[uint64](opts...)
		return writer{w}, err
	}})
}

func TestSliceReturnsWhenContextIsDone(t *testing.T) {
	w, err := async.New[float32]()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r := w.AddReader()
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if s, err := r.Slice(ctx); !errors.Is(err, context.DeadlineExceeded) || s != nil {
		t.Fatalf("reader Slice on an empty buffer: %d items, error %v; want context.DeadlineExceeded", len(s), err)
	}
	s := w.TrySlice()
	w.Produce(len(s)) // full: the writer has no space until the reader consumes
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if s, err := w.Slice(ctx2); !errors.Is(err, context.Canceled) || s != nil {
		t.Fatalf("writer Slice on a full buffer: %d items, error %v; want context.Canceled", len(s), err)
	}
}

func TestReadyChannelFiresForDataSpaceAndEndOfStream(t *testing.T) {
	w, err := async.New[int32]()
	if err != nil {
		t.Fatal(err)
	}
	r := w.AddReader()
	defer r.Close()
	expect := func(what string, ch <-chan struct{}, fire bool) {
		t.Helper()
		select {
		case <-ch:
			if !fire {
				t.Fatalf("%s: Ready fired", what)
			}
		case <-time.After(30 * time.Millisecond):
			if fire {
				t.Fatalf("%s: Ready did not fire", what)
			}
		}
	}
	expect("empty buffer", r.Ready(), false)
	ready := r.Ready()
	s := w.TrySlice()
	w.Produce(len(s))
	expect("after produce", ready, true)
	expect("data already there", r.Ready(), true)
	expect("full buffer, writer", w.Ready(), false)
	ready = w.Ready()
	items, _ := r.TrySlice()
	r.Consume(len(items))
	expect("after consume, writer", ready, true)
	ready = r.Ready()
	w.Close()
	expect("end of stream", ready, true)
	if _, ok := r.TrySlice(); ok {
		t.Fatal("no end of stream after Close")
	}
}
