package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestTagToMessage(t *testing.T) {
	g := flowgraph.New()
	src, err := blocks.NewVectorSource([]float32{1, 2, 3, 4, 5}, false,
		buffer.Tag{Offset: 1, Key: "a", Value: 1.5}, buffer.Tag{Offset: 4, Key: "b", Value: "x"})
	if err != nil {
		t.Fatal(err)
	}
	t2m := blocks.NewTagToMessage[float32]()
	dbg := blocks.NewMessageDebug("dbg", nil)
	_ = g.Add("src", src)
	_ = g.Add("t2m", t2m)
	_ = g.Add("dbg", dbg)
	_ = flowgraph.Connect(g, &src.Out, &t2m.In)
	_ = flowgraph.ConnectMessage(g, &t2m.Out, &dbg.In)
	runGraph(t, g)
	got := dbg.Messages()
	if len(got) != 2 || got[0].String() != `{key: "a", offset: 1, value: 1.5}` || got[1].String() != `{key: "b", offset: 4, value: "x"}` {
		t.Fatalf("got %v", got)
	}
	tag, err := pmt.ToTag(got[1])
	if err != nil || tag != (buffer.Tag{Offset: 4, Key: "b", Value: "x"}) {
		t.Fatalf("TagFromValue: %v, %v", tag, err)
	}
}
