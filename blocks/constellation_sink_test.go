package blocks

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/display"
)

func TestConstellationAndNumberSinkFrames(t *testing.T) {
	cs, err := NewConstellationSink(8)
	if err != nil {
		t.Fatal(err)
	}
	displayFixedClock(&cs.clock)
	pts := []complex64{1, 1i, -1, -1i, 1, 1i, -1, -1i, 5, 5}
	if _, err := blocktest.Run(cs, blocktest.Stream{Items: pts}); err != nil {
		t.Fatal(err)
	}
	if got := cs.Frame(0).Data.(*display.Constellation).Points; len(got) != 8 || got[1] != 1i || got[7] != -1i {
		t.Errorf("points %v, want the first 8 items", got)
	}
	ns, err := NewNumberSink("V", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	displayFixedClock(&ns.clock)
	if _, err := blocktest.Run(ns, blocktest.Stream{Items: []float32{1, 2, 3, 6}}); err != nil {
		t.Fatal(err)
	}
	if got := ns.Frame(0).Data.(*display.Number); got.Value != 3 || got.Unit != "V" || got.Max != 10 {
		t.Errorf("number %+v, want the mean 3 V", got)
	}
}
