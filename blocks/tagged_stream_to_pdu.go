package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

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
//   - PDUs: one pmt.PDU value per packet.
type TaggedStreamToPDU[T pduItem] struct {
	In   block.In[T]
	PDUs block.MsgOut
	key  string
	left int // items of the current packet still to come
	cur  []T
	meta map[string]pmt.Value
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
					v, err := pmt.FromAny(tags[j].Value)
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
			b.left, b.cur, b.meta = n, make([]T, 0, n), map[string]pmt.Value{}
		}
		n := min(b.left, len(in)-i)
		end := at + uint64(n)
		for ; ti < len(tags) && tags[ti].Offset < end; ti++ {
			t := tags[ti]
			if t.Key == b.key {
				continue
			}
			v, err := pmt.FromAny(t.Value)
			if err != nil {
				v = pmt.String(fmt.Sprint(t.Value))
			}
			b.meta[t.Key] = v
		}
		b.cur = append(b.cur, in[i:i+n]...)
		i += n
		if b.left -= n; b.left == 0 {
			b.PDUs.Post(pmt.PDU{Meta: b.meta, Data: pduVector(b.cur)}.Value())
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
func pduVector[T pduItem](s []T) pmt.Value {
	switch s := any(s).(type) {
	case []uint8:
		return pmt.Bytes(s)
	case []float32:
		return pmt.Floats(s)
	case []complex64:
		return pmt.Complexes(s)
	}
	panic("unreachable")
}

// taggedStreamToPDUSpec is the registry entry of tagged_stream_to_pdu.
func taggedStreamToPDUSpec() registry.Spec {
	return registry.Spec{
		ID:     "tagged_stream_to_pdu",
		Doc:    "posts each packet of a tagged stream as a PDU (message output pdus)",
		Params: pduParams(),
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeUint8: func(p registry.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[uint8](p.String("length_tag")), nil
				},
				TypeFloat32: func(p registry.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[float32](p.String("length_tag")), nil
				},
				TypeComplex64: func(p registry.Params) (block.Block, error) {
					return NewTaggedStreamToPDU[complex64](p.String("length_tag")), nil
				},
			})
		},
	}
}
