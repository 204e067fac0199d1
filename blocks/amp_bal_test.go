package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestAmpBalScalesQToTheRMSOfI(t *testing.T) {
	// alpha 1: each RMS is the item's magnitude, so Q takes I's.
	b, err := blocks.NewAmpBal(1)
	if err != nil {
		t.Fatal(err)
	}
	out := mathRun(t, b, blocktest.Stream{Items: []complex64{complex(2, 0.5), complex(-3, 1.5), complex(1, -4)}})
	mathCheck(t, out[0].Items.([]complex64), []complex64{complex(2, 2), complex(-3, 3), complex(1, -1)}, 0)
	if _, err := blocks.NewAmpBal(0); err == nil {
		t.Error("alpha 0: no error")
	}
}
