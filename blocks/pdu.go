package blocks

import (
	"fmt"
	"sort"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

// DefaultLengthTag is the tag key that marks the first item of a packet in
// a tagged stream, with the packet's length in items as value (int64), as
// GNU Radio's tagged stream blocks use.
const DefaultLengthTag = "packet_len"

// pduItem are the item types a PDU vector maps to: uint8 ↔ bytes,
// float32 ↔ floats, complex64 ↔ complexes.
type pduItem interface{ uint8 | float32 | complex64 }

// pduMaxPending bounds the PDUs PDUToTaggedStream holds beyond its queue:
// past it the input pauses and senders wait (or drop) by the port's policy.
const pduMaxPending = 8

// PDUToTaggedStream writes the data vector of each PDU it receives to its
// stream output, the first item of each tagged with the length tag (the
// vector's length, int64) and with one tag per metadata entry (key → the
// entry's Go value, block.Value.Any), like GNU Radio's pdu_to_tagged_stream.
// A PDU whose vector is not of the block's item type stops the graph; an
// empty vector is skipped. The block finishes when its message senders
// have finished and every PDU received is written.
//
// # Message Inputs
//
//   - PDUs: block.PDU values ([meta map, vector]) or bare vectors.
//
// # Stream Outputs
//
//   - Out: items of type T (uint8, float32 or complex64).
type PDUToTaggedStream[T pduItem] struct {
	PDUs    block.MsgIn
	Out     block.Out[T]
	key     string
	pending []pduPacket[T]
	off     int // items of pending[0] written
}

type pduPacket[T any] struct {
	data []T
	meta map[string]block.Value
}

// NewPDUToTaggedStream returns the block; key is the length tag key ("" for packet_len).
func NewPDUToTaggedStream[T pduItem](key string) *PDUToTaggedStream[T] {
	if key == "" {
		key = DefaultLengthTag
	}
	b := &PDUToTaggedStream[T]{key: key}
	b.PDUs.SetHandler(b.handle)
	return b
}

func (b *PDUToTaggedStream[T]) handle(v block.Value) error {
	p, ok := block.PDUFromValue(v)
	if !ok {
		return fmt.Errorf("not a PDU: %v", v)
	}
	data, ok := p.Data.Any().([]T)
	if !ok {
		var zero T
		return fmt.Errorf("PDU data is %s, want a vector of %T", p.Data.Kind(), zero)
	}
	if len(data) > 0 {
		b.pending = append(b.pending, pduPacket[T]{data, p.Meta})
	}
	b.PDUs.Pause(len(b.pending) >= pduMaxPending)
	return nil
}

// Work writes as much of the pending packets as the output has room for.
func (b *PDUToTaggedStream[T]) Work(*block.IO) error {
	for len(b.pending) > 0 {
		pkt := b.pending[0]
		out := b.Out.Slice()
		n := min(len(out), len(pkt.data)-b.off)
		if n == 0 {
			break
		}
		if b.off == 0 {
			at := b.Out.Offset()
			b.Out.AddTag(buffer.Tag{Offset: at, Key: b.key, Value: int64(len(pkt.data))})
			keys := make([]string, 0, len(pkt.meta))
			for k := range pkt.meta {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				b.Out.AddTag(buffer.Tag{Offset: at, Key: k, Value: pkt.meta[k].Any()})
			}
		}
		copy(out, pkt.data[b.off:b.off+n])
		b.Out.Produce(n)
		if b.off += n; b.off == len(pkt.data) {
			b.pending[0] = pduPacket[T]{}
			b.pending, b.off = b.pending[1:], 0
		}
	}
	if len(b.pending) < pduMaxPending {
		b.PDUs.Pause(false)
	}
	if len(b.pending) == 0 && b.PDUs.Finished() {
		return block.ErrDone
	}
	return nil
}

// TaggedStreamToPDU collects each packet of a tagged stream (an item tagged
// with the length tag starts a packet of that many items) into a PDU and
// posts it: the vector of the packet's items, and as metadata every other
// tag on them (key → value, the last one wins). An item outside a packet is
// an error (as in GNU Radio), so is a length tag that is not a positive
// integer; a packet cut short by the end of the stream is dropped.
//
// # Stream Inputs
//
//   - In: items of type T (uint8, float32 or complex64), consumed.
//
// # Message Outputs
//
//   - PDUs: one block.PDU value per packet.
type TaggedStreamToPDU[T pduItem] struct {
	In   block.In[T]
	PDUs block.MsgOut
	key  string
	left int // items of the current packet still to come
	cur  []T
	meta map[string]block.Value
}

// NewTaggedStreamToPDU returns the block; key is the length tag key ("" for packet_len).
func NewTaggedStreamToPDU[T pduItem](key string) *TaggedStreamToPDU[T] {
	if key == "" {
		key = DefaultLengthTag
	}
	return &TaggedStreamToPDU[T]{key: key}
}

// Work gathers the available items into packets and posts the complete ones.
func (b *TaggedStreamToPDU[T]) Work(*block.IO) error {
	in := b.In.Slice()
	tags := b.In.Tags()
	base := b.In.Offset()
	ti := 0
	for i := 0; i < len(in); {
		at := base + uint64(i)
		if b.left == 0 {
			for ti < len(tags) && tags[ti].Offset < at {
				ti++
			}
			n := -1
			for j := ti; j < len(tags) && tags[j].Offset == at; j++ {
				if tags[j].Key == b.key {
					v, err := block.FromAny(tags[j].Value)
					l, ok := v.Int()
					if err != nil || !ok || l <= 0 || l > 1<<31 {
						return fmt.Errorf("item %d: length tag %s=%v is not a positive integer", at, b.key, tags[j].Value)
					}
					n = int(l)
				}
			}
			if n < 0 {
				return fmt.Errorf("item %d is outside a packet: no %s tag starts one", at, b.key)
			}
			b.left, b.cur, b.meta = n, make([]T, 0, n), map[string]block.Value{}
		}
		n := min(b.left, len(in)-i)
		end := at + uint64(n)
		for ; ti < len(tags) && tags[ti].Offset < end; ti++ {
			t := tags[ti]
			if t.Key == b.key {
				continue
			}
			v, err := block.FromAny(t.Value)
			if err != nil {
				v = block.StringValue(fmt.Sprint(t.Value))
			}
			b.meta[t.Key] = v
		}
		b.cur = append(b.cur, in[i:i+n]...)
		i += n
		if b.left -= n; b.left == 0 {
			b.PDUs.Post(block.PDU{Meta: b.meta, Data: pduVector(b.cur)}.Value())
			b.cur, b.meta = nil, nil
		}
	}
	b.In.Consume(len(in))
	if len(in) == 0 && b.In.Finished() {
		return block.ErrDone
	}
	return nil
}

// pduVector wraps a slice of a PDU item type as a Value.
func pduVector[T pduItem](s []T) block.Value {
	switch s := any(s).(type) {
	case []uint8:
		return block.BytesValue(s)
	case []float32:
		return block.FloatsValue(s)
	case []complex64:
		return block.ComplexesValue(s)
	}
	panic("unreachable")
}

func registerPDU(r *block.Registry) {
	types := []string{TypeUint8, TypeFloat32, TypeComplex64}
	key := block.Param{Name: "length_tag", Type: block.ParamString, Default: DefaultLengthTag, Doc: "tag key of a packet's length"}
	r.MustRegister(block.Spec{
		ID:     "pdu_to_tagged_stream",
		Doc:    "writes each PDU's vector (message input pdus) to a tagged stream",
		Params: []block.Param{typeParam(TypeUint8, types...), key},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, map[string]func(block.Params) (block.Block, error){
				TypeUint8: func(p block.Params) (block.Block, error) {
					return NewPDUToTaggedStream[uint8](p.String("length_tag")), nil
				},
				TypeFloat32: func(p block.Params) (block.Block, error) {
					return NewPDUToTaggedStream[float32](p.String("length_tag")), nil
				},
				TypeComplex64: func(p block.Params) (block.Block, error) {
					return NewPDUToTaggedStream[complex64](p.String("length_tag")), nil
				},
			})
		},
	})
	r.MustRegister(block.Spec{
		ID:     "tagged_stream_to_pdu",
		Doc:    "posts each packet of a tagged stream as a PDU (message output pdus)",
		Params: []block.Param{typeParam(TypeUint8, types...), key},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, map[string]func(block.Params) (block.Block, error){
				TypeUint8: func(p block.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[uint8](p.String("length_tag")), nil
				},
				TypeFloat32: func(p block.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[float32](p.String("length_tag")), nil
				},
				TypeComplex64: func(p block.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[complex64](p.String("length_tag")), nil
				},
			})
		},
	})
}
