package buffer

import (
	"errors"
	"fmt"
	"slices"
)

// ErrEndOfStream is returned by readers whose methods already return an
// error (the async flavour) once the writer has closed and every item has
// been consumed. The other flavours report the same moment as ok == false.
var ErrEndOfStream = errors.New("buffer: end of stream")

// Tag annotates the item at absolute stream offset Offset (the count of
// items the writer produced before it), like a GNU Radio stream tag.
type Tag struct {
	Offset uint64
	Key    string
	Value  any
}

// String formats a tag as offset:key=value.
func (t Tag) String() string { return fmt.Sprintf("%d:%s=%v", t.Offset, t.Key, t.Value) }

// Metadata is one reader's store of the tags attached to items it has not
// consumed yet. Each reader owns one, made by the factory given with
// WithMetadata; the writer adds to every reader's store and the reader reads
// and prunes its own. Calls are serialized by the buffer; an implementation
// needs no locking of its own. Tags live on the Go heap, never in mapped memory.
//
// Implement it to change how tags are kept (the latest value per key only,
// bounded history, ...); TagStore keeps every tag.
type Metadata interface {
	// Add stores tags for items just produced; every offset is in [start, end)
	// and start is at least every offset added before. Add may reorder tags
	// but must not keep the slice.
	Add(start, end uint64, tags []Tag)
	// AppendTags appends the tags of items in [start, end) to dst in offset
	// order and returns the extended slice.
	AppendTags(dst []Tag, start, end uint64) []Tag
	// Prune drops the tags of items before offset (they were consumed).
	Prune(offset uint64)
	// Len reports how many tags are stored.
	Len() int
}

// NoMetadata is a Metadata that keeps nothing: the default, for streams
// without tags. Tags given to Produce are dropped.
type NoMetadata struct{}

// Add drops tags.
func (NoMetadata) Add(uint64, uint64, []Tag) {}

// AppendTags returns dst unchanged.
func (NoMetadata) AppendTags(dst []Tag, _, _ uint64) []Tag { return dst }

// Prune does nothing.
func (NoMetadata) Prune(uint64) {}

// Len returns 0.
func (NoMetadata) Len() int { return 0 }

// TagStore is a Metadata that keeps every tag in offset order (tags on the
// same item keep the order they were produced in). Its memory is reused, so
// a steady stream of tags allocates nothing once it has grown to its peak.
type TagStore struct {
	tags []Tag
	head int // tags[:head] are pruned
}

// Add appends tags in offset order.
func (s *TagStore) Add(start, end uint64, tags []Tag) {
	for _, t := range tags {
		if t.Offset < start || t.Offset >= end {
			panic(fmt.Sprintf("buffer: tag at offset %d outside the produced items [%d, %d)", t.Offset, start, end))
		}
	}
	if s.head > 0 && s.head >= len(s.tags)/2 {
		n := copy(s.tags, s.tags[s.head:])
		clear(s.tags[n:]) // drop references held by old Values
		s.tags, s.head = s.tags[:n], 0
	}
	first := len(s.tags)
	s.tags = append(s.tags, tags...)
	slices.SortStableFunc(s.tags[first:], func(a, b Tag) int {
		switch {
		case a.Offset < b.Offset:
			return -1
		case a.Offset > b.Offset:
			return 1
		}
		return 0
	})
}

// AppendTags appends the tags of items in [start, end).
func (s *TagStore) AppendTags(dst []Tag, start, end uint64) []Tag {
	live := s.tags[s.head:]
	i, _ := slices.BinarySearchFunc(live, start, func(t Tag, off uint64) int {
		if t.Offset < off {
			return -1
		}
		return 1 // first tag at or after start
	})
	for _, t := range live[i:] {
		if t.Offset >= end {
			break
		}
		dst = append(dst, t)
	}
	return dst
}

// Prune drops tags before offset.
func (s *TagStore) Prune(offset uint64) {
	for s.head < len(s.tags) && s.tags[s.head].Offset < offset {
		s.tags[s.head] = Tag{}
		s.head++
	}
}

// Len returns the number of stored tags.
func (s *TagStore) Len() int { return len(s.tags) - s.head }

// Notifier wakes a waiting side of a buffer: a reader waiting for data, or
// the writer waiting for space. The buffer calls Arm when that side is about
// to wait (before it checks once more), and Notify after a change it may be
// waiting for, at most once per Arm: a Notify is never lost and never sent
// unarmed. Notify must not block; a send on a channel of capacity 1 with a
// default case (a coalescing wake-up) is the typical implementation.
type Notifier interface {
	Arm()
	Notify()
}

// Options configure a circular buffer; every flavour's constructor takes them.
type Options struct {
	// MinItems is the least capacity in items; 0 means the smallest the OS allows.
	MinItems int
	// NewMetadata makes each reader's tag store; nil means NoMetadata.
	NewMetadata func() Metadata
	// MaxFill is the most items the writer may have in the buffer at once,
	// ahead of the slowest reader; 0 (or more than the capacity) means the
	// capacity. It bounds the latency a buffer adds without shrinking the
	// mapping below the OS's granularity: the writer's Slice offers at most
	// MaxFill minus the items not yet consumed.
	MaxFill int
}

// Option sets a field of Options.
type Option func(*Options)

// WithMinItems asks for a capacity of at least n items.
func WithMinItems(n int) Option { return func(o *Options) { o.MinItems = n } }

// WithMaxFill lets the writer fill at most n items of the buffer ahead of
// the slowest reader (see Options.MaxFill); n <= 0 means the capacity.
func WithMaxFill(n int) Option { return func(o *Options) { o.MaxFill = n } }

// WithMetadata gives every reader a tag store made by newStore.
func WithMetadata(newStore func() Metadata) Option {
	return func(o *Options) { o.NewMetadata = newStore }
}

// WithTags gives every reader a TagStore.
func WithTags() Option { return WithMetadata(func() Metadata { return new(TagStore) }) }

// Apply returns the Options that opts set.
func Apply(opts ...Option) Options {
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
