package clip_test

import (
	"math"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/examples/customblock/clip"
	"github.com/flowrun/flowrun/registry"
)

func TestClipLimitsEverySampleAndKeepsTags(t *testing.T) {
	in := []float32{0, 0.25, 0.5, 0.75, 2, -0.25, -0.5, -3, float32(math.Inf(1)), float32(math.Inf(-1))}
	want := []float32{0, 0.25, 0.5, 0.5, 0.5, -0.25, -0.5, -0.5, 0.5, -0.5}
	tags := []buffer.Tag{{Offset: 4, Key: "loud"}}
	outs, err := blocktest.Run(clip.New(0.5), blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	got := outs[0].Items.([]float32)
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("clip(%v) = %v, want %v", in[i], got[i], want[i])
		}
	}
	if len(outs[0].Tags) != 1 || outs[0].Tags[0] != tags[0] {
		t.Errorf("tags %v, want %v", outs[0].Tags, tags)
	}
}

func TestSpecRegistersAndChecksTheLimit(t *testing.T) {
	reg := registry.New()
	reg.MustRegister(clip.Spec())
	spec, ok := reg.Lookup("clip")
	if !ok {
		t.Fatal("clip not registered")
	}
	vals, err := spec.Check(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := spec.New(vals)
	if err != nil {
		t.Fatal(err)
	}
	if c := b.(*clip.Clip); c.Limit != 1 {
		t.Errorf("default limit %v, want 1", c.Limit)
	}
	if _, err := spec.Check(map[string]any{"limit": -1.0}); err == nil {
		t.Error("a negative limit is accepted")
	}
}
