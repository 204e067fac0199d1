// Package blocktest runs one block alone, without a scheduler: it feeds
// given input slices (with tags) to the block's inputs, calls Work until the
// block finishes or can go no further, and returns what each output
// produced, with tags. Block tests use it as FutureSDR's mocker is used.
package blocktest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
)

// Stream is a port's items (a []T of the port's item type) and their tags,
// at absolute offsets from the start of the stream.
type Stream struct {
	Items any
	Tags  []buffer.Tag
}

// Options tune Run.
type Options struct {
	// OutputItems is the least capacity of each output buffer (default 4096):
	// small values exercise blocks that must stop when an output is full.
	OutputItems int
	// MaxCalls bounds the number of Work calls (default 1<<20).
	MaxCalls int
}

// wakerPatience bounds Run's wait for a block's Waker.
const wakerPatience = 10 * time.Second

// Run runs b on inputs, one Stream per input port in port order. It returns
// one Stream per output port, in order, whose Items is a []T.
func Run(b block.Block, inputs ...Stream) ([]Stream, error) {
	return RunWith(b, Options{}, inputs...)
}

// RunWith is Run with options.
func RunWith(b block.Block, o Options, inputs ...Stream) (outs []Stream, err error) {
	if o.OutputItems <= 0 {
		o.OutputItems = 4096
	}
	if o.MaxCalls <= 0 {
		o.MaxCalls = 1 << 20
	}
	ps, err := port.Find(b)
	if err != nil {
		return nil, err
	}
	ps.Hold() // as the scheduler does: Consume and Produce take effect at Commit
	for i, s := range ps.Setting {
		s.Bind(ps.SettingName[i], ps.Out, nil) // Set applies at once
	}
	if len(inputs) != len(ps.In) {
		return nil, fmt.Errorf("blocktest: %T has %d inputs, got %d streams", b, len(ps.In), len(inputs))
	}
	var closers []func()
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for i, in := range ps.In {
		items := reflect.ValueOf(inputs[i].Items)
		if items.Kind() != reflect.Slice || items.Type().Elem() != in.ItemType() {
			return nil, fmt.Errorf("blocktest: input %s takes %v, got %T", ps.InName[i], in.ItemType(), inputs[i].Items)
		}
		src := in.NewPeer()
		if err := src.Open(max(items.Len(), 1)); err != nil {
			return nil, err
		}
		closers = append(closers, src.Close)
		if err := src.Attach(in, nil, nil); err != nil {
			return nil, err
		}
		closers = append(closers, in.Close)
		n := reflect.Copy(reflect.ValueOf(src.SliceAny()), items)
		src.Produce(n, inputs[i].Tags...)
		src.Close()
	}
	sinks := make([]port.InPort, len(ps.Out))
	outs = make([]Stream, len(ps.Out))
	for i, out := range ps.Out {
		if err := out.Open(max(o.OutputItems, out.Need())); err != nil {
			return nil, err
		}
		closers = append(closers, out.Close)
		sinks[i] = out.NewPeer()
		if err := out.Attach(sinks[i], nil, nil); err != nil {
			return nil, err
		}
		closers = append(closers, sinks[i].Close)
		outs[i].Items = reflect.MakeSlice(reflect.SliceOf(out.ItemType()), 0, 0).Interface()
	}
	drain := func() {
		for i, snk := range sinks {
			s := reflect.ValueOf(snk.SliceAny())
			if s.Len() == 0 {
				continue
			}
			outs[i].Items = reflect.AppendSlice(reflect.ValueOf(outs[i].Items), s).Interface()
			outs[i].Tags = append(outs[i].Tags, snk.Tags()...)
			snk.Consume(s.Len())
		}
	}
	if init, ok := b.(block.Initializer); ok {
		if err := init.Init(context.Background()); err != nil {
			return outs, err
		}
	}
	if de, ok := b.(block.Deinitializer); ok {
		defer func() { err = errors.Join(err, de.Deinit()) }()
	}
	io := new(block.IO)
	state := port.IOOf(io)
	state.SetContext(context.Background())
	woken := make(chan struct{}, 1)
	state.SetWake(func() {
		select {
		case woken <- struct{}{}:
		default:
		}
	})
	count := func() (c uint64) {
		for _, p := range ps.In {
			c += p.Counted()
		}
		for _, p := range ps.Out {
			c += p.Counted()
		}
		return c
	}
	for range o.MaxCalls {
		before := count()
		err := b.Work(io)
		ps.Commit()
		drain()
		if errors.Is(err, block.ErrDone) {
			return outs, nil
		}
		if err != nil {
			return outs, err
		}
		if count() == before {
			wake := state.TakeWakeAt()
			if wake.IsZero() && state.HasWaker() {
				// Fed from outside: wait for its Waker, as the scheduler
				// would, but not for ever.
				select {
				case <-woken:
				case <-time.After(wakerPatience):
					return outs, fmt.Errorf("blocktest: %T took a Waker and was not woken within %v", b, wakerPatience)
				}
				continue
			}
			if wake.IsZero() {
				if len(ps.In) == 0 {
					return outs, nil // a source with nothing more to give
				}
				// Every input has ended: the block is finished, unless it
				// left items it declared it could use (the scheduler would
				// report the same stall).
				return outs, ps.Stalled()
			}
			time.Sleep(time.Until(wake)) // as the scheduler would: no spinning
		}
	}
	return outs, fmt.Errorf("blocktest: %T still running after %d Work calls", b, o.MaxCalls)
}
