package blocks_test

import (
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/pmt"
)

func TestTimeDeltaWritesMillisecondsSinceTheTimeKeyAndDropsPDUsWithout(t *testing.T) {
	then := float64(time.Now().Add(-500*time.Millisecond).UnixMicro()) / 1e6
	d := blocks.NewTimeDelta("time_delta_ms", "SYS_TIME")
	got := runMsgChain(t, []pmt.PDU{
		{Meta: map[string]pmt.Value{}, Data: pmt.Bytes([]byte{1})}, // no time: dropped
		{Meta: map[string]pmt.Value{"SYS_TIME": pmt.Float(then)}, Data: pmt.Bytes([]byte{2})},
	}, [3]any{d, &d.In, &d.Out})
	if len(got) != 1 {
		t.Fatalf("got %v", got)
	}
	p, _ := pmt.AsPDU(got[0])
	ms, ok := p.Meta["time_delta_ms"].Float()
	if !ok || ms < 500 || ms > 20500 {
		t.Errorf("time_delta_ms %v, want 500 ms or a little more", p.Meta["time_delta_ms"])
	}
}
