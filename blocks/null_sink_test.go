package blocks

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/internal/port"
)

func TestNullSinkConsumesEverything(t *testing.T) {
	snk := NewNullSink[int8]()
	if _, err := blocktest.Run(snk, blocktest.Stream{Items: make([]int8, 12345)}); err != nil {
		t.Fatal(err)
	}
	if got := port.InOf[int8](&snk.In).Counted(); got != 12345 {
		t.Fatalf("consumed %d, want 12345", got)
	}
}
