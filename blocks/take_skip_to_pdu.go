package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// TakeSkipToPDU posts the first take items of the stream as a PDU, skips
// the next skip items, posts the next take, and so on, as GNU Radio's
// take_skip_to_pdu does: PDU k holds items k·(take+skip) to
// k·(take+skip)+take−1, with the metadata {pdu_num: k}. A PDU cut short by
// the end of the stream is not posted.
//
// # Stream Inputs
//
//   - In: items of type T (uint8, float32 or complex64), consumed.
//
// # Message Outputs
//
//   - PDUs: one pmt.PDU value per take items.
//
// # Parameters
//
// take: items per PDU (at least 1, default 1024); skip: items skipped
// after each (default 4096).
//
// # Usage
//
//	ts, _ := blocks.NewTakeSkipToPDU[complex64](1024, 40960)
//	flowgraph.Connect(g, &src.Out, &ts.In)
//	flowgraph.ConnectMessage(g, &ts.PDUs, &dbg.In)
type TakeSkipToPDU[T pduItem] struct {
	In   block.In[T]
	PDUs block.MsgOut
	take int
	skip int
	pos  int // position in the current period of take+skip items
	cur  []T
	num  int64
}

// NewTakeSkipToPDU returns the block; take must be at least 1, skip at least 0.
func NewTakeSkipToPDU[T pduItem](take, skip int) (*TakeSkipToPDU[T], error) {
	if take < 1 || take > maxRun || skip < 0 || int64(skip) >= 1<<32 {
		return nil, streamBadParam("take %d must be in [1, %d], skip %d in [0, 2^32)", take, maxRun, skip)
	}
	return &TakeSkipToPDU[T]{take: take, skip: skip}, nil
}

// Work collects taken items, posts each PDU when complete and drops the
// skipped items.
func (b *TakeSkipToPDU[T]) Work(*block.IO) error {
	in := b.In.Slice()
	for i := 0; i < len(in); {
		if b.pos < b.take {
			n := min(b.take-b.pos, len(in)-i)
			b.cur = append(b.cur, in[i:i+n]...)
			i += n
			b.pos += n
			if b.pos == b.take {
				meta := map[string]pmt.Value{"pdu_num": pmt.Int(b.num)}
				b.PDUs.Post(pmt.PDU{Meta: meta, Data: pduVector(b.cur)}.Value())
				b.num++
				b.cur = nil
			}
		} else {
			n := min(b.take+b.skip-b.pos, len(in)-i)
			i += n
			b.pos += n
		}
		if b.pos == b.take+b.skip {
			b.pos = 0
		}
	}
	b.In.Consume(len(in))
	if len(in) == 0 && b.In.Finished() {
		return block.ErrDone
	}
	return nil
}

func takeSkipToPDUFrom[T pduItem](p registry.Params) (block.Block, error) {
	return asBlock(NewTakeSkipToPDU[T](p.Int("take"), p.Int("skip")))
}

// takeSkipToPDUSpec is the registry entry of take_skip_to_pdu.
func takeSkipToPDUSpec() registry.Spec {
	return registry.Spec{
		ID:  "take_skip_to_pdu",
		Doc: "posts take items as a PDU, skips skip items, repeatedly (GNU Radio take_skip_to_pdu; message output pdus)",
		Params: []registry.Param{typeParam(TypeComplex64, TypeUint8, TypeFloat32, TypeComplex64),
			{Name: "take", Type: registry.ParamInt, Default: 1024, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "items per PDU"},
			{Name: "skip", Type: registry.ParamInt, Default: 4096, Unit: "items", Min: registry.Bound(0), Max: registry.Bound(1<<32 - 1), Doc: "items skipped after each PDU"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeUint8:     takeSkipToPDUFrom[uint8],
				TypeFloat32:   takeSkipToPDUFrom[float32],
				TypeComplex64: takeSkipToPDUFrom[complex64],
			})
		},
	}
}
