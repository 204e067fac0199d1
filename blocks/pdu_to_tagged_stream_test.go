package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestPDUToTaggedStreamTagsTheFirstItem(t *testing.T) {
	g := flowgraph.New()
	src := &pduSource{pdus: []pmt.PDU{
		{Meta: map[string]pmt.Value{"id": pmt.String("a")}, Data: pmt.Bytes([]byte{1, 2, 3})},
		{Data: pmt.Bytes([]byte{4, 5})},
	}}
	toStream := blocks.NewPDUToTaggedStream[uint8]("")
	snk := blocks.NewVectorSink[uint8]()
	_ = g.Add("src", src)
	_ = g.Add("to_stream", toStream)
	_ = g.Add("snk", snk)
	_ = flowgraph.ConnectMessage(g, &src.Out, &toStream.PDUs)
	_ = flowgraph.Connect(g, &toStream.Out, &snk.In)
	runGraph(t, g)
	if got := snk.Items(); string(got) != "\x01\x02\x03\x04\x05" {
		t.Fatalf("items %v", got)
	}
	want := []buffer.Tag{{Offset: 0, Key: "id", Value: "a"}, {Offset: 0, Key: "packet_len", Value: int64(3)}, {Offset: 3, Key: "packet_len", Value: int64(2)}}
	tags := snk.Tags()
	if len(tags) != len(want) {
		t.Fatalf("tags %v, want %v", tags, want)
	}
	for _, w := range want {
		found := false
		for _, tg := range tags {
			found = found || tg == w
		}
		if !found {
			t.Errorf("tag %v missing from %v", w, tags)
		}
	}
}
