package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// NewStreamToTaggedStream returns a block that turns a stream into a tagged
// stream of packets of packetLen items (GNU Radio stream_to_tagged_stream):
// it passes its input unchanged and tags every packetLen-th item, from the
// first, with lengthTag = packetLen (an int64), the tag that
// tagged_stream_to_pdu and GNU Radio's tagged stream blocks read. It is a
// TagInserter with that key, value and period.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, with a length tag on the first item of each packet.
//
// # Parameters
//
//   - length_tag: the tag key (packet_len by default).
//   - packet_len: items per packet, ≥ 1.
//
// # Usage
//
//	pk, err := blocks.NewStreamToTaggedStream[float32]("packet_len", 1000)
//	g.Add("packets", pk)
//	flowgraph.Connect(g, &src.Out, &pk.In)
//	flowgraph.Connect(g, &pk.Out, &snk.In)
func NewStreamToTaggedStream[T any](lengthTag string, packetLen int) (*TagInserter[T], error) {
	if lengthTag == "" {
		return nil, streamBadParam("length_tag must not be empty")
	}
	if packetLen < 1 {
		return nil, streamBadParam("packet_len %d: want at least 1", packetLen)
	}
	return NewTagInserter[T](lengthTag, int64(packetLen), 0, uint64(packetLen)), nil
}

func streamToTaggedStreamFrom[T any](p registry.Params) (block.Block, error) {
	return asBlock(NewStreamToTaggedStream[T](p.String("length_tag"), p.Int("packet_len")))
}

// streamToTaggedStreamSpec is the registry entry of stream_to_tagged_stream.
func streamToTaggedStreamSpec() registry.Spec {
	return registry.Spec{
		ID:  "stream_to_tagged_stream",
		Doc: "tag the first item of every packet of packet_len items with length_tag=packet_len (GNU Radio stream_to_tagged_stream)",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "length_tag", Type: registry.ParamString, Default: DefaultLengthTag, Doc: "tag key of a packet's length"},
			{Name: "packet_len", Type: registry.ParamInt, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun),
				Doc: "items per packet"}},
		New: streamAllTypes(streamToTaggedStreamFrom[float32], streamToTaggedStreamFrom[complex64], streamToTaggedStreamFrom[int8],
			streamToTaggedStreamFrom[uint8], streamToTaggedStreamFrom[int16]),
	}
}
