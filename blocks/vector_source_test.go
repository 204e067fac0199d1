package blocks

import (
	"errors"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
)

func TestVectorSourceOnceProducesValuesAndTagsThenFinishes(t *testing.T) {
	vals := make([]int16, 1000)
	for i := range vals {
		vals[i] = int16(3*i - 500)
	}
	tags := []buffer.Tag{{Offset: 999, Key: "last"}, {Offset: 0, Key: "first", Value: 1}, {Offset: 300, Key: "mid"}}
	src, err := NewVectorSource(vals, false, tags...)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 64})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int16); !slices.Equal(got, vals) {
		t.Fatalf("items differ: got %d items", len(got))
	}
	want := []buffer.Tag{{Offset: 0, Key: "first", Value: 1}, {Offset: 300, Key: "mid"}, {Offset: 999, Key: "last"}}
	if !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, want)
	}
}

func TestVectorSourceRepeatRepeatsValuesAndTagsEveryPass(t *testing.T) {
	vals := []complex64{1, 2i, 3, 4i, 5, 6i, 7}
	src, err := NewVectorSource(vals, true, buffer.Tag{Offset: 0, Key: "sof"}, buffer.Tag{Offset: 5, Key: "x"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10_000 // many passes, through a buffer that is not a multiple of 7
	got, tags, err := srcTake(t, src, &src.Out, n, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d items", len(got))
	}
	for i, v := range got {
		if v != vals[i%len(vals)] {
			t.Fatalf("item %d = %v, want %v", i, v, vals[i%len(vals)])
		}
	}
	var want []buffer.Tag
	for p := 0; p*len(vals) < n; p++ {
		want = append(want, buffer.Tag{Offset: uint64(p * len(vals)), Key: "sof"})
		if p*len(vals)+5 < n {
			want = append(want, buffer.Tag{Offset: uint64(p*len(vals) + 5), Key: "x"})
		}
	}
	if !slices.Equal(tags, want) {
		t.Fatalf("%d tags, want %d; first %v", len(tags), len(want), tags[:min(4, len(tags))])
	}
}

func TestVectorSourceRefusesRepeatingNothingAndTagsBeyondTheVector(t *testing.T) {
	if _, err := NewVectorSource([]float32{}, true); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("empty repeat: %v", err)
	}
	if _, err := NewVectorSource([]float32{1}, false, buffer.Tag{Offset: 1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("tag beyond: %v", err)
	}
}

func BenchmarkVectorSourceRepeat(b *testing.B) {
	src, _ := NewVectorSource(make([]float32, 1000), true, buffer.Tag{Offset: 0, Key: "sof"})
	srcBenchSource(b, src, &src.Out)
}

func TestVectorSourceSpecTakesTagsAsValues(t *testing.T) {
	tag := func(off int64, key string, v pmt.Value) pmt.Value {
		return pmt.Map(map[string]pmt.Value{"offset": pmt.Int(off), "key": pmt.String(key), "value": v})
	}
	spec := vectorSourceSpec()
	p, err := spec.Check(map[string]any{"type": "float32", "values": []any{1.0, 2.0, 3.0},
		"tags": pmt.List(tag(2, "mark2", pmt.Int(12345)), tag(0, "mark", pmt.Bool(true)))})
	if err != nil {
		t.Fatal(err)
	}
	b, err := spec.New(p)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(b, blocktest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []buffer.Tag{{Offset: 0, Key: "mark", Value: true}, {Offset: 2, Key: "mark2", Value: int64(12345)}}
	if !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, want)
	}
	for _, bad := range []pmt.Value{pmt.Int(3), pmt.List(pmt.String("x")), pmt.List(tag(3, "beyond", pmt.Null()))} {
		p, err := spec.Check(map[string]any{"type": "float32", "values": []any{1.0, 2.0, 3.0}, "tags": bad})
		if err == nil {
			_, err = spec.New(p)
		}
		if !errors.Is(err, block.ErrBadParam) {
			t.Errorf("tags %v: got %v, want a bad parameter", bad, err)
		}
	}
}
