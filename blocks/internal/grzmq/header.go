// Package grzmq is gr-zeromq's wire format and a small ZeroMQ socket layer
// for the zmq_* blocks: the stream tag header of GNU Radio's ZeroMQ
// blocks, and PUSH, PULL, PUB, SUB, REQ and REP sockets made on the ZMTP
// connections of github.com/go-zeromq/zmq4 (its socket types lack what
// the blocks need: bounded queues, a PUSH that waits for a peer, prompt
// reconnection, a Close that ends every goroutine).
//
// # Stream messages
//
// A stream message is one ZeroMQ message holding whole items in host byte
// order (little-endian on every platform GNU Radio ships for). With a key
// (PUB/SUB) the message has two parts, [key][payload]. With pass_tags the
// payload starts with a tag header, written by GNU Radio in host byte
// order (little-endian here, always):
//
//	u16 magic 0x5FF0, u8 version 1, u64 offset of the first item, u64 ntags,
//	then per tag: u64 absolute offset, PMT key, PMT value, PMT srcid
//
// the PMTs serialized as pmt.Serialize does. A REQ asks for items with a
// u32 (little-endian): the most items it wants in the reply.
package grzmq

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/flowrun/flowrun/pmt"
)

// The tag header's constants.
const (
	Magic   = 0x5FF0
	Version = 1
	// HeaderLen is the length of a header without tags.
	HeaderLen = 2 + 1 + 8 + 8
	// minTagLen is the least bytes one tag takes: its offset and three
	// one-byte PMTs.
	minTagLen = 8 + 3
)

// ErrBadHeader is wrapped by the error of a tag header ParseHeader refuses.
var ErrBadHeader = errors.New("grzmq: bad tag header")

// Tag is a stream tag as the header carries it.
type Tag struct {
	Offset uint64    // absolute, in the sender's item count
	Key    pmt.Value // a symbol (String) in practice
	Value  pmt.Value
	SrcID  pmt.Value // the block that made it: a symbol, or false (GNU Radio's default)
}

// AppendHeader appends the tag header of a message whose first item is
// at absolute offset, carrying tags, to dst. A tag whose key, value or
// srcid does not serialize is an error; dst is then returned unchanged.
func AppendHeader(dst []byte, offset uint64, tags []Tag) ([]byte, error) {
	b := binary.LittleEndian.AppendUint16(dst, Magic)
	b = append(b, Version)
	b = binary.LittleEndian.AppendUint64(b, offset)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(tags)))
	var err error
	for _, t := range tags {
		b = binary.LittleEndian.AppendUint64(b, t.Offset)
		for _, v := range [3]pmt.Value{t.Key, t.Value, t.SrcID} {
			if b, err = pmt.AppendSerialized(b, v); err != nil {
				return dst, fmt.Errorf("grzmq: tag %v at %d: %w", t.Key, t.Offset, err)
			}
		}
	}
	return b, nil
}

// ParseHeader reads the tag header at the start of b: the offset of the
// message's first item, its tags, and the header's length (the items
// follow). The errors wrap ErrBadHeader: b too short, a wrong magic or
// version, more tags than b can hold, a PMT that does not deserialize.
func ParseHeader(b []byte) (offset uint64, tags []Tag, n int, err error) {
	if len(b) < HeaderLen {
		return 0, nil, 0, fmt.Errorf("%w: %d bytes, a header takes %d", ErrBadHeader, len(b), HeaderLen)
	}
	if m := binary.LittleEndian.Uint16(b); m != Magic {
		return 0, nil, 0, fmt.Errorf("%w: magic 0x%04x, want 0x%04x", ErrBadHeader, m, Magic)
	}
	if b[2] != Version {
		return 0, nil, 0, fmt.Errorf("%w: version %d, want %d", ErrBadHeader, b[2], Version)
	}
	offset = binary.LittleEndian.Uint64(b[3:])
	ntags := binary.LittleEndian.Uint64(b[11:])
	n = HeaderLen
	if ntags > uint64(len(b)-n)/minTagLen {
		return 0, nil, 0, fmt.Errorf("%w: %d tags in %d bytes", ErrBadHeader, ntags, len(b)-n)
	}
	if ntags > 0 {
		tags = make([]Tag, ntags)
	}
	for i := range tags {
		if len(b)-n < minTagLen {
			return 0, nil, 0, fmt.Errorf("%w: tag %d of %d cut short", ErrBadHeader, i, ntags)
		}
		t := &tags[i]
		t.Offset = binary.LittleEndian.Uint64(b[n:])
		n += 8
		for j, v := range [3]*pmt.Value{&t.Key, &t.Value, &t.SrcID} {
			var k int
			if *v, k, err = pmt.Deserialize(b[n:]); err != nil {
				return 0, nil, 0, fmt.Errorf("%w: tag %d of %d, %s: %w", ErrBadHeader, i, ntags, [3]string{"key", "value", "srcid"}[j], err)
			}
			n += k
		}
	}
	return offset, tags, n, nil
}
