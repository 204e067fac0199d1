package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestPDUSplitPostsMetadataAndVectorApartSkippingEmptyOnes(t *testing.T) {
	pdus := []pmt.PDU{
		{Meta: map[string]pmt.Value{"a": pmt.Int(1)}, Data: pmt.Bytes([]byte{1, 2})},
		{Meta: map[string]pmt.Value{}, Data: pmt.Bytes([]byte{3})},
		{Meta: map[string]pmt.Value{"b": pmt.Int(2)}, Data: pmt.Bytes(nil)},
	}
	for _, c := range []struct {
		passEmpty      bool
		dicts, vectors int
	}{{false, 2, 2}, {true, 3, 3}} {
		g := flowgraph.New()
		src := &pduSource{pdus: append([]pmt.PDU(nil), pdus...)}
		s := blocks.NewPDUSplit(c.passEmpty)
		dicts, vecs := blocks.NewMessageDebug("dict", nil), blocks.NewMessageDebug("vec", nil)
		_ = g.Add("src", src)
		_ = g.Add("split", s)
		_ = g.Add("dicts", dicts)
		_ = g.Add("vecs", vecs)
		_ = flowgraph.ConnectMessage(g, &src.Out, &s.In)
		_ = flowgraph.ConnectMessage(g, &s.Dict, &dicts.In)
		_ = flowgraph.ConnectMessage(g, &s.Vec, &vecs.In)
		runGraph(t, g)
		d, v := dicts.Messages(), vecs.Messages()
		if len(d) != c.dicts || len(v) != c.vectors {
			t.Fatalf("pass_empty %v: %d dicts, %d vectors, want %d and %d", c.passEmpty, len(d), len(v), c.dicts, c.vectors)
		}
		if !d[0].Equal(pmt.Map(pdus[0].Meta)) || !v[0].Equal(pdus[0].Data) {
			t.Errorf("pass_empty %v: first dict %v and vector %v", c.passEmpty, d[0], v[0])
		}
	}
}
