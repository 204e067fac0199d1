package blocks

import (
	"math/rand/v2"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// RandomPDU posts PDUs of random bytes, as GNU Radio's random_pdu does: one
// when the graph starts and one for every message on its generate input.
// A PDU's length is drawn uniformly from [min, max] and rounded down to a
// multiple of modulo (at least modulo); each byte is drawn uniformly from
// 0 to 255 and masked. The bytes are flowrun's pseudo-random numbers
// (seeded from the clock), not GNU Radio's: the same distribution, other
// values.
//
// # Message Inputs
//
//   - Generate: any message asks for one PDU.
//
// # Message Outputs
//
//   - PDUs: pmt.PDU values (no metadata, a byte vector).
//
// # Parameters
//
// min, max: the length range in bytes (default 50, 2000); mask: ANDed
// with every byte (default 0xFF); modulo: the length's multiple (at least
// 1, at most max; default 1).
//
// # Usage
//
//	r, _ := blocks.NewRandomPDU(2048, 4096, 0xFF, 256)
//	flowgraph.ConnectMessage(g, &strobe.Out, &r.Generate)
//	flowgraph.ConnectMessage(g, &r.PDUs, &dbg.In)
type RandomPDU struct {
	Generate block.MsgIn
	PDUs     block.MsgOut
	min, max int
	mask     uint8
	modulo   int
	rng      *rand.Rand
	started  bool
}

// NewRandomPDU returns a RandomPDU; 1 <= modulo <= max and min <= max.
func NewRandomPDU(minLen, maxLen int, mask uint8, modulo int) (*RandomPDU, error) {
	if modulo < 1 || maxLen < modulo || minLen < 0 || minLen > maxLen || maxLen > maxRun {
		return nil, streamBadParam("lengths [%d, %d], modulo %d: need 0 <= min <= max <= %d and 1 <= modulo <= max",
			minLen, maxLen, modulo, maxRun)
	}
	seed := uint64(time.Now().UnixNano())
	b := &RandomPDU{min: minLen, max: maxLen, mask: mask, modulo: modulo, rng: rand.New(rand.NewPCG(seed, seed>>1|1))}
	b.Generate.SetHandler(func(pmt.Value) error { b.post(); return nil })
	return b, nil
}

func (b *RandomPDU) post() {
	n := b.min + b.rng.IntN(b.max-b.min+1)
	n = max(b.modulo, n-n%b.modulo)
	data := make([]byte, n)
	for i := range data {
		data[i] = uint8(b.rng.UintN(256)) & b.mask
	}
	b.PDUs.Post(pmt.PDU{Meta: map[string]pmt.Value{}, Data: pmt.Bytes(data)}.Value())
}

// Work posts the first PDU on the first call; the handler posts the others.
func (b *RandomPDU) Work(*block.IO) error {
	if !b.started {
		b.started = true
		b.post()
	}
	return nil
}

// randomPDUSpec is the registry entry of random_pdu.
func randomPDUSpec() registry.Spec {
	return registry.Spec{
		ID:  "random_pdu",
		Doc: "posts a PDU of random bytes at start and per message on generate (GNU Radio random_pdu)",
		Params: []registry.Param{
			{Name: "min", Type: registry.ParamInt, Default: 50, Min: registry.Bound(0), Max: registry.Bound(maxRun), Doc: "shortest length in bytes"},
			{Name: "max", Type: registry.ParamInt, Default: 2000, Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "longest length in bytes"},
			{Name: "mask", Type: registry.ParamInt, Default: 0xFF, Min: registry.Bound(0), Max: registry.Bound(255), Doc: "ANDed with every byte"},
			{Name: "modulo", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "lengths are multiples of it"}},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewRandomPDU(p.Int("min"), p.Int("max"), uint8(p.Int("mask")), p.Int("modulo")))
		},
	}
}
