package display

import "testing"

func TestLatestKeepsTheNewestFrameAndCountsTheDropped(t *testing.T) {
	var l Latest
	if f := l.Frame(0); f != nil {
		t.Fatalf("empty slot: %+v", f)
	}
	l.Publish(&Number{Value: 1})
	l.Publish(&Number{Value: 2}) // the first was never taken
	f := l.Frame(0)
	if f == nil || f.Seq != 2 || f.Dropped != 1 || f.Data.(*Number).Value != 2 {
		t.Fatalf("Frame(0) = %+v, want seq 2, 1 dropped, value 2", f)
	}
	if g := l.Frame(f.Seq); g != nil {
		t.Errorf("Frame(%d) = %+v, want nil: nothing newer", f.Seq, g)
	}
	l.Publish(&Number{Value: 3}) // the second was taken: not dropped
	if f := l.Frame(2); f == nil || f.Seq != 3 || f.Dropped != 1 {
		t.Errorf("Frame(2) = %+v, want seq 3, still 1 dropped", f)
	}
	if l.Dropped() != 1 {
		t.Errorf("Dropped() = %d", l.Dropped())
	}
}
