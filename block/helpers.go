package block

import (
	"errors"
	"fmt"
	"io"
)

// MapBlock is a 1:1 block made from a function over chunks; see Map.
type MapBlock[A, B any] struct {
	In  In[A]
	Out Out[B]
	// Tags is the tag policy: TagsAllToAll (default) or TagsNone.
	Tags TagPolicy
	f    func(in []A, out []B)
}

// Map returns a block that calls f on chunks of equal length, in[i]
// becoming out[i], and carries tags to the same item. f must fill out
// entirely and keep neither slice.
func Map[A, B any](f func(in []A, out []B)) *MapBlock[A, B] { return &MapBlock[A, B]{f: f} }

// Work implements Block.
func (m *MapBlock[A, B]) Work(*IO) error {
	in, out := m.In.Slice(), m.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return m.In.Idle()
	}
	m.f(in[:n], out[:n])
	m.In.SetTagPolicy(m.Tags)
	m.In.Consume(n)
	m.Out.Produce(n)
	return nil
}

// RateChange implements RateChanger: one output item per input item.
func (m *MapBlock[A, B]) RateChange() (interpolation, decimation int) { return 1, 1 }

// SourceBlock is a block with one output made from a function; see Source.
type SourceBlock[T any] struct {
	Out Out[T]
	f   func(out []T) (int, error)
}

// Source returns a block that calls f with the free space of its output; f
// fills the first n items and returns n. Returning ErrDone or io.EOF (or an
// error wrapping either) with the last items ends the stream, as a Go
// reader ends with io.EOF; any other error stops the graph.
func Source[T any](f func(out []T) (n int, err error)) *SourceBlock[T] {
	return &SourceBlock[T]{f: f}
}

// Work implements Block.
func (s *SourceBlock[T]) Work(*IO) error {
	out := s.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	n, err := s.f(out)
	s.Out.Produce(n)
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: %w", ErrDone, err)
	}
	return err
}

// SinkBlock is a block with one input made from a function; see Sink.
type SinkBlock[T any] struct {
	In In[T]
	f  func(in []T) error
}

// Sink returns a block that hands every available chunk of its input to f
// and consumes it. f must not keep the slice. An error from f stops the
// graph (ErrDone finishes the sink, which releases its upstream).
func Sink[T any](f func(in []T) error) *SinkBlock[T] { return &SinkBlock[T]{f: f} }

// Work implements Block.
func (s *SinkBlock[T]) Work(*IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		if s.In.Finished() {
			return ErrDone
		}
		return nil
	}
	err := s.f(in)
	s.In.Consume(len(in))
	return err
}

// IsDone reports whether err means a block finished normally.
func IsDone(err error) bool { return errors.Is(err, ErrDone) }
