package block

import "github.com/flowrun/flowrun/internal/port"

// Setting is a block parameter that may change while the graph runs (GNU
// Radio's callbacks, FutureSDR's settings): declare it once, as an
// exported field of the block, read it in Work with Get, and every way of
// changing a running graph reaches it — Set from Go code on any goroutine,
// flowgraph.Graph.Set, the control API, and a "set" message input that the
// graph gives every block with settings (a map {"name": value, ...} or a
// pair [name, value]).
//
//	type Gain struct {
//		*block.MapBlock[float32, float32]
//		K block.Setting[float32]
//	}
//
//	func NewGain(k float32) *Gain {
//		g := &Gain{}
//		g.K.Set(k)
//		g.MapBlock = block.Map(func(in, out []float32) {
//			k := g.K.Get()
//			for i, v := range in {
//				out[i] = k * v
//			}
//		})
//		return g
//	}
//
// Its name is the lower-cased field name, or the field's `param:"name"`
// tag (`param:"sample_rate"`); a registry spec declares it with a Param of
// that name marked Settable. While the graph runs, every change takes
// effect between two Work calls of the block and tags the next item of
// every output with SetTagPrefix+name and the new value; before and after,
// Set applies at once. Values from YAML, JSON or messages are converted to
// T when nothing is lost (a complex number to a real T only with no
// imaginary part, a float to an integer only when integral). The zero
// Setting holds T's zero value.
type Setting[T any] struct{ s port.Setting[T] }

// Get returns the current value; Work reads it once per call.
func (s *Setting[T]) Get() T { return s.s.Get() }

// Set changes the value, after the check of SetCheck; safe from any
// goroutine, Work included. In a running graph the change is applied
// between Work calls, after Set returns; the error is the check's.
func (s *Setting[T]) Set(v T) error { return s.s.Set(v) }

// SetCheck sets the function that validates every new value, from Set or
// from the graph; an error refuses the change (and is wrapped with
// ErrBadParam). Call it in the constructor, before the first Set.
func (s *Setting[T]) SetCheck(f func(T) error) { s.s.SetCheck(f) }

// Changed reports whether the value changed since the last Changed call
// (or since the block was made, for the first call): Work uses it to
// recompute what it derives from the value (a filter's kernel from its
// taps). Call it only from Work.
func (s *Setting[T]) Changed() bool { return s.s.Changed() }
