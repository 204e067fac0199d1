package blocks_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

func TestVarToMsgPostsEachChangeNotTheStartingValue(t *testing.T) {
	g := flowgraph.New()
	v := blocks.NewVarToMsg("test", 1, true)
	dbg := blocks.NewMessageDebug("dbg", nil)
	_ = g.Add("v", v)
	_ = g.Add("dbg", dbg)
	if err := flowgraph.ConnectMessage(g, &v.Out, &dbg.In); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	want := []pmt.Value{pmt.List(pmt.String("test"), pmt.Int(5)), pmt.List(pmt.String("test"), pmt.Float(2.5))}
	for i, x := range []float64{5, 2.5} {
		if err := v.Value.Set(x); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for len(dbg.Messages()) <= i && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
	cancel()
	<-done
	got := dbg.Messages()
	if len(got) != len(want) {
		t.Fatalf("messages %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("message %d: %v, want %v", i, got[i], want[i])
		}
	}
}
