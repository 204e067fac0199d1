package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/pmt"
)

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
	tune := pmt.Map(map[string]pmt.Value{
		"frequency": pmt.Int(1500),
		"taps":      pmt.List(pmt.Float(0.5), pmt.Int(1)),
		"on":        pmt.Bool(true),
	})
	for i, want := range [][]pmt.Value{{tune, tune}, {pmt.Int(42)}, {pmt.String("42")}} {
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
