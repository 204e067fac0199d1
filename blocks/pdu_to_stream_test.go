package blocks_test

import (
	"reflect"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestPDUSetThenPDUToStreamWritesTimedBursts(t *testing.T) {
	g := flowgraph.New()
	src := &pduSource{pdus: []pmt.PDU{
		{Data: pmt.Floats([]float32{1, 2, 3})},
		{Meta: map[string]pmt.Value{"seq": pmt.Int(1)}, Data: pmt.Floats([]float32{4})},
		{Data: pmt.Floats(nil)}, // empty: dropped
		{Data: pmt.Floats([]float32{5, 6})},
	}}
	when := pmt.List(pmt.Int(1), pmt.Float(0.1234))
	set := blocks.NewPDUSet("tx_time", when)
	toStream, err := blocks.NewPDUToStream[float32]("append", 64)
	if err != nil {
		t.Fatal(err)
	}
	snk := blocks.NewVectorSink[float32]()
	for name, b := range map[string]block.Block{"src": src, "set": set, "to_stream": toStream, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, err := range []error{
		flowgraph.ConnectMessage(g, &src.Out, &set.PDUs),
		flowgraph.ConnectMessage(g, &set.Out, &toStream.PDUs),
		flowgraph.Connect(g, &toStream.Out, &snk.In),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	runGraph(t, g)
	if got, want := snk.Items(), []float32{1, 2, 3, 4, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Fatalf("items %v, want %v", got, want)
	}
	// Every PDU is timed (pdu_set), so each is a burst of its own.
	var want []buffer.Tag
	for _, b := range [][2]uint64{{0, 2}, {3, 3}, {4, 5}} {
		want = append(want, buffer.Tag{Offset: b[0], Key: "tx_sob", Value: true},
			buffer.Tag{Offset: b[0], Key: "tx_time", Value: when.Any()},
			buffer.Tag{Offset: b[1], Key: "tx_eob", Value: true})
	}
	if got := snk.Tags(); !reflect.DeepEqual(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
}

func TestPDUToStreamRefusesBadParameters(t *testing.T) {
	if _, err := blocks.NewPDUToStream[float32]("later", 64); err == nil {
		t.Error("early later: no error")
	}
	if _, err := blocks.NewPDUToStream[float32]("drop", 0); err == nil {
		t.Error("depth 0: no error")
	}
}
