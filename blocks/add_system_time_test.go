package blocks_test

import (
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/pmt"
)

func TestAddSystemTimeWritesTheTimeAndKeepsTheRest(t *testing.T) {
	before := float64(time.Now().UnixMicro()) / 1e6
	at := blocks.NewAddSystemTime("SYS_TIME")
	got := runMsgChain(t, []pmt.PDU{{Meta: map[string]pmt.Value{"k": pmt.Int(7)}, Data: pmt.Bytes([]byte{1, 2})}},
		[3]any{at, &at.In, &at.Out})
	after := float64(time.Now().UnixMicro()) / 1e6
	if len(got) != 1 {
		t.Fatalf("got %v", got)
	}
	p, _ := pmt.AsPDU(got[0])
	s, ok := p.Meta["SYS_TIME"].Float()
	if !ok || s < before || s > after {
		t.Errorf("SYS_TIME %v, want a time in [%f, %f]", p.Meta["SYS_TIME"], before, after)
	}
	if !p.Meta["k"].Equal(pmt.Int(7)) || !p.Data.Equal(pmt.Bytes([]byte{1, 2})) {
		t.Errorf("the rest of the PDU changed: %v", got[0])
	}
}
