package blocks_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
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

// TestStrobeSendsTypedMessagesThroughYAML checks message_strobe's message
// parameter: a typed YAML value is posted as that value; it wins over
// value; null leaves value in effect.
func TestStrobeSendsTypedMessagesThroughYAML(t *testing.T) {
	src := `
blocks:
  - {name: tune, id: message_strobe, parameters: {message: {frequency: 1500, taps: [0.5, 1], on: true}, period: 0.001, count: 2}}
  - {name: int, id: message_strobe, parameters: {message: 42, value: ignored, period: 0.001, count: 1}}
  - {name: str, id: message_strobe, parameters: {message: null, value: "42", period: 0.001, count: 1}}
  - {name: d1, id: message_debug, parameters: {print: false}}
  - {name: d2, id: message_debug, parameters: {print: false}}
  - {name: d3, id: message_debug, parameters: {print: false}}
connections:
  - [tune, out, d1, in]
  - [int, out, d2, in]
  - [str, out, d3, in]
`
	l, err := graphfile.Load([]byte(src), blocks.NewRegistry(), graphfile.Options{File: "strobe.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	runGraph(t, l.Graph) // the strobes finish after count, the debugs when drained
	tune := block.MapValue(map[string]block.Value{
		"frequency": block.IntValue(1500),
		"taps":      block.ListValue(block.FloatValue(0.5), block.IntValue(1)),
		"on":        block.BoolValue(true),
	})
	for i, want := range [][]block.Value{{tune, tune}, {block.IntValue(42)}, {block.StringValue("42")}} {
		got := l.Blocks[3+i].Block.(*blocks.MessageDebug).Messages()
		if len(got) != len(want) {
			t.Errorf("%s: got %v, want %v", l.Blocks[3+i].Name, got, want)
			continue
		}
		for j := range got {
			if !got[j].Equal(want[j]) {
				t.Errorf("%s: message %d is %v (%v), want %v", l.Blocks[3+i].Name, j, got[j], got[j].Kind(), want[j])
			}
		}
	}
}

// pduSource posts its PDUs, then finishes.
type pduSource struct {
	Out  block.MsgOut
	pdus []block.PDU
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
	var want []block.PDU
	for i := range 20 {
		n := 1 + i*37
		if i == 7 {
			n = 20000 // bigger than the 32 KiB buffer: written in pieces
		}
		data := make([]complex64, n)
		for k := range data {
			data[k] = complex(float32(i), float32(k))
		}
		meta := map[string]block.Value{"seq": block.IntValue(int64(i))}
		if i%2 == 0 {
			meta["freq"] = block.FloatValue(1e3 * float64(i))
		}
		want = append(want, block.PDU{Meta: meta, Data: block.ComplexesValue(data)})
	}
	g := flowgraph.New()
	src := &pduSource{pdus: append([]block.PDU(nil), want...)}
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
		p, ok := block.PDUFromValue(v)
		if !ok || !p.Data.Equal(want[i].Data) || !block.MapValue(p.Meta).Equal(block.MapValue(want[i].Meta)) {
			t.Fatalf("PDU %d: got meta %v, %d items; want %v", i, p.Meta, len(p.Data.Any().([]complex64)), want[i].Meta)
		}
	}
}

func TestPDUToTaggedStreamTagsTheFirstItem(t *testing.T) {
	g := flowgraph.New()
	src := &pduSource{pdus: []block.PDU{
		{Meta: map[string]block.Value{"id": block.StringValue("a")}, Data: block.BytesValue([]byte{1, 2, 3})},
		{Data: block.BytesValue([]byte{4, 5})},
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
	tag, err := block.TagFromValue(got[1])
	if err != nil || tag != (buffer.Tag{Offset: 4, Key: "b", Value: "x"}) {
		t.Fatalf("TagFromValue: %v, %v", tag, err)
	}
}

func TestTaggedStreamToPDURefusesAnItemOutsideAPacket(t *testing.T) {
	g := flowgraph.New()
	src, _ := blocks.NewVectorSource([]uint8{1, 2, 3}, false, buffer.Tag{Offset: 1, Key: "packet_len", Value: 2})
	toPDU := blocks.NewTaggedStreamToPDU[uint8]("")
	_ = g.Add("src", src)
	_ = g.Add("to_pdu", toPDU)
	_ = flowgraph.Connect(g, &src.Out, &toPDU.In)
	err := g.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "item 0 is outside a packet") {
		t.Fatalf("Run: %v", err)
	}
}
