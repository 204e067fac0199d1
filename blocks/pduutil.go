package blocks

import "github.com/flowrun/flowrun/registry"

// DefaultLengthTag is the tag key that marks the first item of a packet in
// a tagged stream, with the packet's length in items as value (int64), as
// GNU Radio's tagged stream blocks use.
const DefaultLengthTag = "packet_len"

// pduItem are the item types a PDU vector maps to: uint8 ↔ bytes,
// float32 ↔ floats, complex64 ↔ complexes.
type pduItem interface{ uint8 | float32 | complex64 }

// pduParams are the parameters of pdu_to_tagged_stream and
// tagged_stream_to_pdu.
func pduParams() []registry.Param {
	types := []string{TypeUint8, TypeFloat32, TypeComplex64}
	key := registry.Param{Name: "length_tag", Type: registry.ParamString, Default: DefaultLengthTag, Doc: "tag key of a packet's length"}
	return []registry.Param{typeParam(TypeUint8, types...), key}
}
