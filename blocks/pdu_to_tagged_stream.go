package blocks

import (
	"fmt"
	"sort"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// pduMaxPending bounds the PDUs PDUToTaggedStream holds beyond its queue:
// past it the input pauses and senders wait (or drop) by the port's policy.
const pduMaxPending = 8

// PDUToTaggedStream writes the data vector of each PDU it receives to its
// stream output, the first item of each tagged with the length tag (the
// vector's length, int64) and with one tag per metadata entry (key → the
// entry's Go value, pmt.Value.Any), like GNU Radio's pdu_to_tagged_stream.
// A PDU whose vector is not of the block's item type stops the graph; an
// empty vector is skipped. The block finishes when its message senders
// have finished and every PDU received is written.
//
// # Message Inputs
//
//   - PDUs: pmt.PDU values ([meta map, vector]) or bare vectors.
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
	meta map[string]pmt.Value
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

func (b *PDUToTaggedStream[T]) handle(v pmt.Value) error {
	p, ok := pmt.AsPDU(v)
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

// pduToTaggedStreamSpec is the registry entry of pdu_to_tagged_stream.
func pduToTaggedStreamSpec() registry.Spec {
	return registry.Spec{
		ID:     "pdu_to_tagged_stream",
		Doc:    "writes each PDU's vector (message input pdus) to a tagged stream",
		Params: pduParams(),
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeUint8: func(p registry.Params) (block.Block, error) {
					return NewPDUToTaggedStream[uint8](p.String("length_tag")), nil
				},
				TypeFloat32: func(p registry.Params) (block.Block, error) {
					return NewPDUToTaggedStream[float32](p.String("length_tag")), nil
				},
				TypeComplex64: func(p registry.Params) (block.Block, error) {
					return NewPDUToTaggedStream[complex64](p.String("length_tag")), nil
				},
			})
		},
	}
}
