package clip_test

import (
	"context"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/examples/customblock/clip"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/registry"
)

func TestClipLimitsEverySampleAndKeepsTags(t *testing.T) {
	in := []float32{0, 0.25, 0.5, 0.75, 2, -0.25, -0.5, -3, float32(math.Inf(1)), float32(math.Inf(-1))}
	want := []float32{0, 0.25, 0.5, 0.5, 0.5, -0.25, -0.5, -0.5, 0.5, -0.5}
	tags := []buffer.Tag{{Offset: 4, Key: "loud"}}
	c, err := clip.New(0.5)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.Run(c, blocktest.Stream{Items: in, Tags: tags})
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
	if c := b.(*clip.Clip); c.Limit.Get() != 1 {
		t.Errorf("default limit %v, want 1", c.Limit.Get())
	}
	if _, err := spec.Check(map[string]any{"limit": -1.0}); err == nil {
		t.Error("a negative limit is accepted")
	}
	if _, err := reg.Build("clip", map[string]any{"limit": 0.5}); err != nil {
		t.Errorf("Build checks the spec's settable limit against the block: %v", err)
	}
	if _, err := clip.New(-1); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("New(-1) = %v, want ErrBadParam", err)
	}
}

// TestLimitChangesWhileRunning changes the limit from Go code while the
// graph runs: the output follows the new limit from the item tagged
// set:limit on.
func TestLimitChangesWhileRunning(t *testing.T) {
	const n = 100000
	c, _ := clip.New(0.5)
	sent, changed := 0, false
	src := block.Source(func(out []float32) (int, error) {
		if sent >= n {
			return 0, io.EOF
		}
		k := min(len(out), 1000, n-sent)
		for i := range k {
			out[i] = 2
		}
		if sent += k; sent >= n/2 && !changed {
			changed = true
			if err := c.Limit.Set(1); err != nil {
				t.Error(err)
			}
		}
		return k, nil
	})
	snk := &recorder{}
	g := flowgraph.New()
	for _, err := range []error{g.Add("src", src), g.Add("clip", c), g.Add("snk", snk),
		flowgraph.Connect(g, &src.Out, &c.In), flowgraph.Connect(g, &c.Out, &snk.In), g.Run(context.Background())} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(snk.items) != n || len(snk.tags) != 1 || snk.tags[0].Key != "set:limit" || snk.tags[0].Value != float32(1) {
		t.Fatalf("%d items, tags %v", len(snk.items), snk.tags)
	}
	at := int(snk.tags[0].Offset)
	for i, v := range snk.items {
		if want := map[bool]float32{true: 0.5, false: 1}[i < at]; v != want {
			t.Fatalf("item %d = %v, want %v (set:limit at %d)", i, v, want, at)
		}
	}
}

// recorder keeps the items and tags it reads.
type recorder struct {
	In    block.In[float32]
	items []float32
	tags  []buffer.Tag
}

func (r *recorder) Work(*block.IO) error {
	in := r.In.Slice()
	if len(in) == 0 {
		return r.In.Idle()
	}
	r.items = append(r.items, in...)
	r.tags = append(r.tags, r.In.Tags()...)
	r.In.Consume(len(in))
	return nil
}
