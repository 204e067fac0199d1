// Package buffer is flowrun's double-mapped circular buffer, the Go
// counterpart of the Rust crate vmcircbuffer.
//
// DoubleMapped maps one memory region twice, back to back, so that a window
// of up to Capacity items starting anywhere is one contiguous slice: readers
// and the writer never see a wrap-around and never copy.
//
// On top of it, one writer and any number of readers share the ring. The
// writer asks for a slice of free space, fills it and produces; each reader
// asks for a slice of what it has not read, uses it in place and consumes.
// Five flavours differ only in how they wait, each in its own package:
//
//   - blocking: Slice blocks until there is space or data (vmcircbuffer's
//     "sync"; a Go package named sync would shadow the standard library's);
//   - async: Slice(ctx) waits until data/space or ctx is done, and Ready
//     returns a channel for select;
//   - nonblocking: Slice returns what is there right now;
//   - lockfree: atomics only on the data path, waiting by spinning;
//   - generic: waiting is left to a user Notifier per side of each reader,
//     which is how flowrun's scheduler wakes blocks.
//
// Rules common to all flavours: the constructor returns the Writer and
// AddReader makes readers, which start at the writer's current position and
// see only newer items. With no readers the writer never waits and
// overwrites; otherwise its space is limited by the slowest live reader, and
// closing a reader releases its hold. After the writer closes, each reader
// drains what is left, then sees end of stream: ok == false, or
// ErrEndOfStream from the async reader whose Slice returns an error anyway.
// Producing or consuming more than the last slice held panics, as indexing
// past a slice does; so does any use after Close. AddReader may be called
// from any goroutine, also while the writer produces. Tags returns a slice
// that the next call reuses, so that reading tags allocates nothing.
//
// The mapping is released when the writer and every reader have closed. A
// slice is valid while the writer or reader it came from is open. An owner
// that becomes unreachable without Close is closed by a cleanup, as the Rust
// crate does on drop: a dropped reader frees its hold on the writer, a
// dropped writer ends the stream. Because the garbage collector cannot see
// a slice of mapped memory, the mapping of a buffer with a dropped owner is
// then retired, not unmapped (see DoubleMapped.Retire): a slice kept by
// mistake faults at its next access instead of reading memory mapped there
// later, at the price of the address range staying reserved.
//
// Positions are monotonic uint64 item counts, so all of the capacity is
// usable (not n-1) and positions are absolute item offsets. Tags (Tag,
// with a per-reader Metadata store chosen by WithTags or WithMetadata) are
// attached at absolute offsets; each reader gets every tag of the items it
// reads, exactly once, and none of the items produced before it joined.
package buffer
