package blocks

import (
	"testing"
	"time"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/display"
)

// displayRamp returns the items 0, 1, ..., n-1.
func displayRamp(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i)
	}
	return x
}

func TestTimeSinkPutsTheTriggerAtItsPosition(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trigger string
		slope   string
		level   float64
		items   []float32
		tags    []buffer.Tag
		want    float32 // the trigger item
	}{
		// A sawtooth of period 100: rising through 50.5 at items 51, 151, ...
		{name: "level rising", trigger: TriggerLevel, slope: "rising", level: 50.5, want: 51},
		// Falling through 50.5: at the wrap, items 100 (value 0), ...
		{name: "level falling", trigger: TriggerLevel, slope: "falling", level: 50.5, want: 0},
		// With the clock standing still, auto waits for the crossing as level does.
		{name: "auto", trigger: TriggerAuto, slope: "rising", level: 50.5, want: 51},
		{name: "tag", trigger: TriggerTag, tags: []buffer.Tag{{Offset: 5, Key: "burst"}, {Offset: 377, Key: "burst"}}, want: 77},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewTimeSink[float32](40, 0.25) // the trigger at item 10 of 40
			if err != nil {
				t.Fatal(err)
			}
			displayFixedClock(&s.clock)
			_ = s.Trigger.Set(tc.trigger)
			_ = s.Level.Set(tc.level)
			if tc.slope != "" {
				_ = s.Slope.Set(tc.slope)
			}
			_ = s.TagKey.Set("burst")
			x := displayRamp(1000)
			for i := range x {
				x[i] = float32(i % 100)
			}
			if _, err := blocktest.Run(s, blocktest.Stream{Items: x, Tags: tc.tags}); err != nil {
				t.Fatal(err)
			}
			fr := s.Frame(0)
			if fr == nil {
				t.Fatal("no frame")
			}
			tf := fr.Data.(*display.Time)
			if tf.Trigger != 10 || len(tf.Re) != 40 || tf.Im != nil {
				t.Fatalf("trigger at %d of %d (im %v), want 10 of 40, real", tf.Trigger, len(tf.Re), tf.Im != nil)
			}
			if tf.Re[10] != tc.want {
				t.Errorf("trigger item %v, want %v", tf.Re[10], tc.want)
			}
			if tc.trigger == TriggerTag && (len(tf.Tags) != 1 || tf.Tags[0].Index != 10 || tf.Tags[0].Key != "burst") {
				t.Errorf("tags %+v, want burst at 10", tf.Tags)
			}
		})
	}
}

func TestTimeSinkShowsComplexItemsAsIAndQ(t *testing.T) {
	s, err := NewTimeSink[complex64](16, 0)
	if err != nil {
		t.Fatal(err)
	}
	displayFixedClock(&s.clock)
	x := make([]complex64, 100)
	for i := range x {
		x[i] = complex(float32(i), -float32(i))
	}
	if _, err := blocktest.Run(s, blocktest.Stream{Items: x}); err != nil {
		t.Fatal(err)
	}
	tf := s.Frame(0).Data.(*display.Time)
	if tf.Trigger != -1 || len(tf.Im) != 16 || tf.Re[3] != 3 || tf.Im[3] != -3 {
		t.Errorf("free-running frame: trigger %d, re %v, im %v", tf.Trigger, tf.Re, tf.Im)
	}
}

func TestTimeSinkAutoTriggerRunsFreeWithoutACrossing(t *testing.T) {
	s, err := NewTimeSink[float32](40, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	// The clock advances a second per read: a frame period (1/15 s) passes
	// at once without a crossing of the constant signal.
	now := time.Unix(1000, 0)
	s.clock.now = func() time.Time { now = now.Add(time.Second); return now }
	_ = s.Trigger.Set(TriggerAuto)
	_ = s.Level.Set(2)
	x := make([]float32, 1000)
	for i := range x {
		x[i] = 1
	}
	if _, err := blocktest.Run(s, blocktest.Stream{Items: x}); err != nil {
		t.Fatal(err)
	}
	fr := s.Frame(0)
	if fr == nil {
		t.Fatal("no frame: auto waited for a crossing that never comes")
	}
	if tf := fr.Data.(*display.Time); tf.Trigger != -1 || len(tf.Re) != 40 || tf.Re[0] != 1 {
		t.Errorf("frame: trigger %d, %d items, want -1 (free running), 40", tf.Trigger, len(tf.Re))
	}
}
