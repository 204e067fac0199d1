package blocks_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/pmt"
)

func runGraph(t *testing.T, g *flowgraph.Graph) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStrobeToDebugThroughYAML(t *testing.T) {
	src := `
metadata: {name: strobe, file_format: 1}
blocks:
  - {name: strobe, id: message_strobe, parameters: {value: ping, period: 0.01, count: 3}}
  - {name: dbg, id: message_debug, parameters: {print: false}}
connections:
  - [strobe, out, dbg, in]
`
	l, err := graphfile.Load([]byte(src), blocks.NewRegistry(), graphfile.Options{File: "strobe.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	runGraph(t, l.Graph) // finishes by itself: the strobe after 3, the debug when drained
	if d := time.Since(start); d < 25*time.Millisecond {
		t.Errorf("3 messages 10 ms apart took %v", d)
	}
	msgs := l.Blocks[1].Block.(*blocks.MessageDebug).Messages()
	if len(msgs) != 3 {
		t.Fatalf("got %v", msgs)
	}
	for _, m := range msgs {
		if s, ok := m.Str(); !ok || s != "ping" {
			t.Fatalf("got %v", msgs)
		}
	}
}

// pduSource posts its PDUs, then finishes.
type pduSource struct {
	Out  block.MsgOut
	pdus []pmt.PDU
}

func (s *pduSource) Work(*block.IO) error {
	if len(s.pdus) == 0 {
		return block.ErrDone
	}
	s.Out.Post(s.pdus[0].Value())
	s.pdus = s.pdus[1:]
	return nil
}

func TestPDUTaggedStreamRoundTrip(t *testing.T) {
	var want []pmt.PDU
	for i := range 20 {
		n := 1 + i*37
		if i == 7 {
			n = 20000 // bigger than the 32 KiB buffer: written in pieces
		}
		data := make([]complex64, n)
		for k := range data {
			data[k] = complex(float32(i), float32(k))
		}
		meta := map[string]pmt.Value{"seq": pmt.Int(int64(i))}
		if i%2 == 0 {
			meta["freq"] = pmt.Float(1e3 * float64(i))
		}
		want = append(want, pmt.PDU{Meta: meta, Data: pmt.Complexes(data)})
	}
	g := flowgraph.New()
	src := &pduSource{pdus: append([]pmt.PDU(nil), want...)}
	toStream := blocks.NewPDUToTaggedStream[complex64]("")
	toPDU := blocks.NewTaggedStreamToPDU[complex64]("")
	dbg := blocks.NewMessageDebug("dbg", nil)
	for name, b := range map[string]block.Block{"src": src, "to_stream": toStream, "to_pdu": toPDU, "dbg": dbg} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, err := range []error{
		flowgraph.ConnectMessage(g, &src.Out, &toStream.PDUs),
		flowgraph.Connect(g, &toStream.Out, &toPDU.In),
		flowgraph.ConnectMessage(g, &toPDU.PDUs, &dbg.In),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	runGraph(t, g)
	got := dbg.Messages()
	if len(got) != len(want) {
		t.Fatalf("got %d PDUs, want %d", len(got), len(want))
	}
	for i, v := range got {
		p, ok := pmt.AsPDU(v)
		if !ok || !p.Data.Equal(want[i].Data) || !pmt.Map(p.Meta).Equal(pmt.Map(want[i].Meta)) {
			t.Fatalf("PDU %d: got meta %v, %d items; want %v", i, p.Meta, len(p.Data.Any().([]complex64)), want[i].Meta)
		}
	}
}
