package blocks_test

import (
	"context"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

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
