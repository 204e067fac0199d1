package blocks

import (
	"slices"
	"testing"

	"github.com/flowrun/flowrun/buffer"
)

func TestVectorSinkKeepsItemsAndTagsAtTheirOffsets(t *testing.T) {
	snk := NewVectorSink[complex64]()
	f := sinksFeed(t, &snk.In)
	var want []complex64
	var wantTags []buffer.Tag
	for chunk := range 5 {
		items := make([]complex64, 100+chunk)
		for i := range items {
			items[i] = complex(float32(len(want)+i), -1)
		}
		tag := buffer.Tag{Offset: uint64(len(want) + chunk), Key: "k", Value: chunk}
		copy(f.out.Slice(), items)
		f.out.Produce(len(items), tag)
		if err := snk.Work(f.io); err != nil {
			t.Fatal(err)
		}
		want = append(want, items...)
		wantTags = append(wantTags, tag)
	}
	if !slices.Equal(snk.Items(), want) {
		t.Fatalf("items differ: %d, want %d", len(snk.Items()), len(want))
	}
	if !slices.Equal(snk.Tags(), wantTags) {
		t.Fatalf("tags %v, want %v", snk.Tags(), wantTags)
	}
}

func BenchmarkVectorSinkFloat(b *testing.B) {
	snk := NewVectorSink[float32]()
	benchSink(b, snk, &snk.In, func() {
		if len(snk.items) > 1<<22 {
			snk.items = snk.items[:0]
		}
	})
}
