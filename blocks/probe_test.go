package blocks

import (
	"testing"
	"time"
)

func TestProbeKeepsTheLatestValueAndMeasuresTheRate(t *testing.T) {
	p := NewProbe[int16](time.Second)
	clock := time.Unix(1000, 0)
	p.now = func() time.Time { return clock }
	f := sinksFeed(t, &p.In)
	if _, ok := p.Value(); ok {
		t.Fatal("value before any item")
	}
	// Opens the window; 10 items arrive before it and do not count.
	if err := f.put(p, make([]int16, 10)...); err != nil {
		t.Fatal(err)
	}
	for i := range 4 { // 4 × 500 items over 1.25 s
		clock = clock.Add(250 * time.Millisecond)
		items := make([]int16, 500)
		items[499] = int16(i + 7)
		if err := f.put(p, items...); err != nil {
			t.Fatal(err)
		}
		if i < 3 && p.Rate() != 0 {
			t.Fatalf("rate %v before the window completed", p.Rate())
		}
	}
	if v, ok := p.Value(); !ok || v != 10 {
		t.Fatalf("value %v %v, want 10", v, ok)
	}
	if got := p.Rate(); got != 2000 {
		t.Fatalf("rate %v items/s, want 2000", got)
	}
}
