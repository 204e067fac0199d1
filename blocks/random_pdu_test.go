package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/pmt"
)

func TestRandomPDUPostsOneAtStartAndOnePerRequestOfAllowedLengthsAndBytes(t *testing.T) {
	r, err := blocks.NewRandomPDU(100, 1000, 0x0F, 64)
	if err != nil {
		t.Fatal(err)
	}
	reqs := make([]pmt.PDU, 50)
	for i := range reqs {
		reqs[i] = pmt.PDU{Data: pmt.Bytes([]byte{0})} // any message asks for one
	}
	got := runMsgChain(t, reqs, [3]any{r, &r.Generate, &r.PDUs})
	if len(got) != 51 {
		t.Fatalf("%d PDUs, want 51", len(got))
	}
	lengths := map[int]bool{}
	var or byte
	for _, m := range got {
		p, _ := pmt.AsPDU(m)
		b, ok := p.Data.Bytes()
		if !ok || len(b) < 64 || len(b) > 1000 || len(b)%64 != 0 {
			t.Fatalf("PDU of %d bytes: want a multiple of 64 in [64, 1000]", len(b))
		}
		lengths[len(b)] = true
		for _, x := range b {
			or |= x
		}
	}
	if or != 0x0F {
		t.Errorf("the bytes ORed give %#x, want the mask 0x0f", or)
	}
	if len(lengths) < 5 {
		t.Errorf("51 PDUs have %d lengths: not random", len(lengths))
	}
	if _, err := blocks.NewRandomPDU(10, 5, 0xFF, 1); err == nil {
		t.Error("min > max: no error")
	}
}
