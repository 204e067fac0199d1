package block_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// Scale is what a user writes for a named multiply-by-constant block, its
// constant settable while the graph runs.
type Scale struct {
	*block.MapBlock[float32, float32]
	K block.Setting[float32]
}

// NewScale returns a Scale by k.
func NewScale(k float32) *Scale {
	s := &Scale{}
	s.K.Set(k)
	s.MapBlock = block.Map(func(in, out []float32) {
		k := s.K.Get()
		for i, v := range in {
			out[i] = k * v
		}
	})
	return s
}

// Boxcar is what a user writes for a decimating moving average.
type Boxcar struct {
	*block.MapNBlock[float32, float32]
}

// NewBoxcar returns a Boxcar that averages each group of n items into one.
func NewBoxcar(n int) *Boxcar {
	return &Boxcar{block.MapN(n, 1, func(in, out []float32) {
		for i := range out {
			var sum float32
			for _, v := range in[i*n : (i+1)*n] {
				sum += v
			}
			out[i] = sum / float32(n)
		}
	})}
}

func ramp(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(i)
	}
	return s
}

func TestUserScaleBlock(t *testing.T) {
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 7000, Key: "b"}}
	outs, err := blocktest.RunWith(NewScale(3), blocktest.Options{OutputItems: 1000}, blocktest.Stream{Items: ramp(10000), Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	got := outs[0].Items.([]float32)
	if len(got) != 10000 || got[9999] != 3*9999 {
		t.Fatalf("%d items, last %v", len(got), got[len(got)-1])
	}
	if !slices.Equal(outs[0].Tags, tags) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, tags)
	}
}

func TestUserBoxcarDecimates(t *testing.T) {
	// 10 items by 4: two averages, the last partial group dropped (the
	// need MapN declares ends the block instead of stalling it).
	tags := []buffer.Tag{{Offset: 1, Key: "a"}, {Offset: 6, Key: "b"}, {Offset: 9, Key: "dropped"}}
	outs, err := blocktest.Run(NewBoxcar(4), blocktest.Stream{Items: ramp(10), Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]float32); !slices.Equal(got, []float32{1.5, 5.5}) {
		t.Fatalf("items %v, want [1.5 5.5]", got)
	}
	want := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 1, Key: "b"}}
	if !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v (input j on output j/4)", outs[0].Tags, want)
	}
}

func TestMapNInterpolates(t *testing.T) {
	up := block.MapN(1, 3, func(in, out []int32) {
		for i, v := range in {
			out[3*i], out[3*i+1], out[3*i+2] = v, 0, 0
		}
	})
	outs, err := blocktest.RunWith(up, blocktest.Options{OutputItems: 7}, blocktest.Stream{Items: []int32{1, 2, 3}, Tags: []buffer.Tag{{Offset: 2, Key: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int32); !slices.Equal(got, []int32{1, 0, 0, 2, 0, 0, 3, 0, 0}) {
		t.Fatalf("items %v", got)
	}
	if want := []buffer.Tag{{Offset: 6, Key: "x"}}; !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, want)
	}
}

func TestCombineAndSplit(t *testing.T) {
	add := block.Combine(2, func(ins [][]int32, out []int32) {
		for i := range out {
			out[i] = ins[0][i] + ins[1][i]
		}
	})
	outs, err := blocktest.Run(add,
		blocktest.Stream{Items: []int32{1, 2, 3, 4}, Tags: []buffer.Tag{{Offset: 1, Key: "a"}}},
		blocktest.Stream{Items: []int32{10, 20, 30}, Tags: []buffer.Tag{{Offset: 2, Key: "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int32); !slices.Equal(got, []int32{11, 22, 33}) {
		t.Fatalf("sum %v: the block ends with its shortest input", got)
	}
	if want := []buffer.Tag{{Offset: 1, Key: "a"}, {Offset: 2, Key: "b"}}; !slices.Equal(outs[0].Tags, want) {
		t.Fatalf("tags %v, want %v", outs[0].Tags, want)
	}
	split := block.Split(2, func(in []complex64, outs [][]float32) {
		for i, v := range in {
			outs[0][i], outs[1][i] = real(v), imag(v)
		}
	})
	outs, err = blocktest.Run(split, blocktest.Stream{Items: []complex64{1 + 2i, 3 + 4i}, Tags: []buffer.Tag{{Offset: 1, Key: "t"}}})
	if err != nil {
		t.Fatal(err)
	}
	if re, im := outs[0].Items.([]float32), outs[1].Items.([]float32); !slices.Equal(re, []float32{1, 3}) || !slices.Equal(im, []float32{2, 4}) {
		t.Fatalf("re %v im %v", re, im)
	}
	for i := range 2 {
		if want := []buffer.Tag{{Offset: 1, Key: "t"}}; !slices.Equal(outs[i].Tags, want) {
			t.Fatalf("output %d tags %v, want %v", i, outs[i].Tags, want)
		}
	}
}

// A user's blocks in a graph: ramp → Scale(2) → Boxcar(4) → sink.
func ExampleMapN() {
	g := flowgraph.New()
	left := 12
	src := block.Source(func(out []float32) (int, error) {
		n := min(len(out), left)
		for i := range out[:n] {
			out[i] = float32(12 - left + i)
		}
		left -= n
		if left == 0 {
			return n, fmt.Errorf("ramp: %w", block.ErrDone)
		}
		return n, nil
	})
	var got []float32
	snk := block.Sink(func(in []float32) error { got = append(got, in...); return nil })
	scale, box := NewScale(2), NewBoxcar(4)
	for name, b := range map[string]block.Block{"src": src, "scale": scale, "box": box, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(flowgraph.Connect(g, &src.Out, &scale.In), flowgraph.Connect(g, &scale.Out, &box.In), flowgraph.Connect(g, &box.Out, &snk.In))
	fmt.Println(g.Run(context.Background()), got)
	// Output:
	// <nil> <nil> <nil>
	// <nil> [3 11 19]
}
