package blocks

import (
	"context"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
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
	var src block.Out[float32]
	if err := src.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if err := src.Attach(&snk.In, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer snk.In.Close()
	io := block.NewIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		n := len(src.Slice())
		src.Produce(n)
		items += n
		if err := snk.Work(io); err != nil {
			b.Fatal(err)
		}
		if len(snk.items) > 1<<22 {
			snk.items = snk.items[:0]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}
