package blocks_test

import (
	"context"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestTakeSkipToPDUPostsEveryTakeAndDropsTheSkipAndTheCutPDU(t *testing.T) {
	for _, c := range []struct {
		take, skip int
		want       [][]float32
	}{
		{3, 2, [][]float32{{0, 1, 2}, {5, 6, 7}, {10, 11, 12}}}, // 15, 16 make no whole PDU
		{4, 0, [][]float32{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {12, 13, 14, 15}}},
		{2, 20, [][]float32{{0, 1}}},
	} {
		in := make([]float32, 17)
		for i := range in {
			in[i] = float32(i)
		}
		g := flowgraph.New()
		src, _ := blocks.NewVectorSource(in, false)
		ts, err := blocks.NewTakeSkipToPDU[float32](c.take, c.skip)
		if err != nil {
			t.Fatal(err)
		}
		dbg := blocks.NewMessageDebug("dbg", nil)
		_ = g.Add("src", src)
		_ = g.Add("ts", ts)
		_ = g.Add("dbg", dbg)
		_ = flowgraph.Connect(g, &src.Out, &ts.In)
		_ = flowgraph.ConnectMessage(g, &ts.PDUs, &dbg.In)
		if err := g.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := dbg.Messages()
		if len(got) != len(c.want) {
			t.Fatalf("take %d skip %d: %d PDUs, want %d", c.take, c.skip, len(got), len(c.want))
		}
		for k, m := range got {
			want := pmt.PDU{Meta: map[string]pmt.Value{"pdu_num": pmt.Int(int64(k))}, Data: pmt.Floats(c.want[k])}.Value()
			if !m.Equal(want) {
				t.Errorf("take %d skip %d: PDU %d is %v, want %v", c.take, c.skip, k, m, want)
			}
		}
	}
	if _, err := blocks.NewTakeSkipToPDU[float32](0, 1); err == nil {
		t.Error("take 0: no error")
	}
}
