package ticks

import (
	"testing"
	"time"
)

// TestTicksMeasureTime: a known sleep, measured in ticks and converted,
// is at least the sleep (a sleep never ends early) and of the same order
// (not off by a factor: a wrong conversion would be off by the counter's
// frequency in GHz). The upper bound is loose on purpose: a loaded
// machine may oversleep, and the test is of the conversion, not of timing.
func TestTicksMeasureTime(t *testing.T) {
	c := Start()
	t.Logf("source %s", c.Source())
	a := c.Now()
	d0 := time.Now()
	time.Sleep(20 * time.Millisecond)
	b := c.Now()
	wall := time.Since(d0)
	got := c.Duration(b - a)
	if got < 19*time.Millisecond || got > 2*wall+10*time.Millisecond {
		t.Fatalf("20ms sleep measured as %v (wall %v)", got, wall)
	}
}

// TestNowIsMonotonicAndPositive: readings start at 1 or more and never go
// back on one goroutine.
func TestNowIsMonotonicAndPositive(t *testing.T) {
	c := Start()
	last := int64(0)
	for range 100000 {
		n := c.Now()
		if n < 1 || n < last {
			t.Fatalf("reading %d after %d", n, last)
		}
		last = n
	}
	if c.Duration(0) != 0 {
		t.Fatal("Duration(0) != 0")
	}
}

func BenchmarkNow(b *testing.B) {
	c := Start()
	var s int64
	for b.Loop() {
		s += c.Now()
	}
	_ = s
}

// BenchmarkSince is the clock Now replaces, for comparison.
func BenchmarkSince(b *testing.B) {
	start := time.Now()
	var s int64
	for b.Loop() {
		s += int64(time.Since(start))
	}
	_ = s
}
