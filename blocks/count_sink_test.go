package blocks

import (
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/internal/port"
)

func TestCountSinkCountsAndStopsAtExpect(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expect    uint64
		in        int
		wantCount uint64
		wantErr   bool
	}{
		{"no expect counts all", 0, 5000, 5000, false},
		{"stops at expect", 1000, 5000, 1000, false},
		{"exactly expect", 5000, 5000, 5000, false},
		{"input ends before expect", 10_000, 5000, 5000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCountSink[uint8](tc.expect)
			_, err := blocktest.Run(c, blocktest.Stream{Items: make([]uint8, tc.in)})
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if c.Count() != tc.wantCount || port.InOf[uint8](&c.In).Counted() != tc.wantCount {
				t.Fatalf("count %d, consumed %d, want %d", c.Count(), port.InOf[uint8](&c.In).Counted(), tc.wantCount)
			}
		})
	}
}
