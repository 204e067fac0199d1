package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// PDUToStream writes the data vectors of the PDUs it receives to its
// stream output as bursts, as GNU Radio's pdu_to_stream does: the first
// item of a burst is tagged tx_sob (true), and tx_time (the metadata's
// tx_time, a [seconds, fraction] pair) when the PDU is timed; the last item
// is tagged tx_eob (true). When a burst starts, the untimed PDUs queued
// behind its PDU join it. Between bursts nothing is written (no zeros).
// With early "append", PDUs that come while a burst is written wait in a
// queue of depth PDUs (beyond it they are dropped); with "drop" (and
// "balk", which GNU Radio also logs) they are dropped. A message that is
// not a PDU of the block's item type, and an empty PDU, are dropped, as
// GNU Radio drops (and logs) them. The block finishes when its message
// senders have finished and every queued PDU is written.
//
// # Message Inputs
//
//   - PDUs: pmt.PDU values ([meta map, vector]) or bare vectors.
//
// # Stream Outputs
//
//   - Out: items of type T (uint8, float32 or complex64).
//
// # Parameters
//
// early: append, drop or balk (default append); depth: the queue's length
// in PDUs (default 64).
//
// # Usage
//
//	p, _ := blocks.NewPDUToStream[complex64]("append", 64)
//	flowgraph.ConnectMessage(g, &strobe.Out, &p.PDUs)
//	flowgraph.Connect(g, &p.Out, &snk.In)
type PDUToStream[T pduItem] struct {
	PDUs  block.MsgIn
	Out   block.Out[T]
	drop  bool
	depth int
	queue []pduPacket[T]
	cur   []T // the burst being written
	start bool
	time  pmt.Value
}

// NewPDUToStream returns the block; early is append, drop or balk, depth
// at least 1.
func NewPDUToStream[T pduItem](early string, depth int) (*PDUToStream[T], error) {
	if early != "append" && early != "drop" && early != "balk" {
		return nil, streamBadParam("early %q is not append, drop or balk", early)
	}
	if depth < 1 {
		return nil, streamBadParam("depth %d must be at least 1", depth)
	}
	b := &PDUToStream[T]{drop: early != "append", depth: depth}
	b.PDUs.SetHandler(b.handle)
	return b, nil
}

func (b *PDUToStream[T]) handle(v pmt.Value) error {
	if b.drop && (len(b.cur) > 0 || len(b.queue) > 0) {
		return nil
	}
	p, ok := pmt.AsPDU(v)
	if !ok {
		return nil
	}
	data, ok := p.Data.Any().([]T)
	if !ok || len(data) == 0 || len(b.queue) >= b.depth {
		return nil
	}
	b.queue = append(b.queue, pduPacket[T]{data, p.Meta})
	return nil
}

// Work starts a burst when none is being written and writes what fits.
func (b *PDUToStream[T]) Work(*block.IO) error {
	if len(b.cur) == 0 && len(b.queue) > 0 {
		first := b.queue[0]
		b.cur = append([]T(nil), first.data...)
		b.queue = b.queue[1:]
		for len(b.queue) > 0 {
			if _, timed := b.queue[0].meta["tx_time"]; timed {
				break
			}
			b.cur = append(b.cur, b.queue[0].data...)
			b.queue = b.queue[1:]
		}
		b.start, b.time = true, pmt.Null()
		if t, ok := first.meta["tx_time"].List(); ok && len(t) == 2 {
			if _, ok := t[0].Int(); ok {
				if _, ok := t[1].Float(); ok {
					b.time = first.meta["tx_time"]
				}
			}
		}
	}
	if len(b.cur) > 0 {
		out := b.Out.Slice()
		n := min(len(out), len(b.cur))
		if n == 0 {
			return nil
		}
		at := b.Out.Offset()
		var tags []buffer.Tag
		if b.start {
			tags = append(tags, buffer.Tag{Offset: at, Key: "tx_sob", Value: true})
			if !b.time.IsNull() {
				tags = append(tags, buffer.Tag{Offset: at, Key: "tx_time", Value: b.time.Any()})
			}
			b.start = false
		}
		copy(out, b.cur[:n])
		if n == len(b.cur) {
			tags = append(tags, buffer.Tag{Offset: at + uint64(n) - 1, Key: "tx_eob", Value: true})
		}
		b.Out.Produce(n, tags...)
		b.cur = b.cur[n:]
		return nil
	}
	if len(b.queue) == 0 && b.PDUs.Finished() {
		return block.ErrDone
	}
	return nil
}

func pduToStreamFrom[T pduItem](p registry.Params) (block.Block, error) {
	return asBlock(NewPDUToStream[T](p.String("early"), p.Int("depth")))
}

// pduToStreamSpec is the registry entry of pdu_to_stream.
func pduToStreamSpec() registry.Spec {
	return registry.Spec{
		ID:  "pdu_to_stream",
		Doc: "writes received PDUs as bursts tagged tx_sob/tx_eob (GNU Radio pdu_to_stream; message input pdus)",
		Params: []registry.Param{typeParam(TypeComplex64, TypeUint8, TypeFloat32, TypeComplex64),
			{Name: "early", Type: registry.ParamString, Default: "append", Allowed: []string{"append", "drop", "balk"},
				Doc: "what happens to PDUs that come while a burst is written"},
			{Name: "depth", Type: registry.ParamInt, Default: 64, Min: registry.Bound(1), Max: registry.Bound(1 << 20), Doc: "queue length in PDUs"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeUint8:     pduToStreamFrom[uint8],
				TypeFloat32:   pduToStreamFrom[float32],
				TypeComplex64: pduToStreamFrom[complex64],
			})
		},
	}
}
