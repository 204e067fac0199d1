package blocks_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

// convertMust returns b, panicking on err: for constructors given valid
// parameters, where an error is a bug in the test.
func convertMust[B block.Block](b B, err error) B {
	if err != nil {
		panic(err)
	}
	return b
}

var (
	convertNaN  = float32(math.NaN())
	convertInf  = float32(math.Inf(1))
	convertNInf = float32(math.Inf(-1))
)

func TestFloatToIntegerSaturatesAndRoundsHalfToEven(t *testing.T) {
	in := []float32{0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49, -0.51, 1, -1, 100.7, -100.7,
		32766.5, 32767.4, 32767.5, 40000, -32768.4, -32768.6, -1e9, convertNaN, convertInf, convertNInf}
	t.Run("float_to_short scale 1", func(t *testing.T) {
		want := []int16{0, 0, 2, 2, 0, -2, -2, 0, -1, 1, -1, 101, -101,
			32766, 32767, 32767, 32767, -32768, -32768, -32768, 0, 32767, -32768}
		outs := mathRun(t, convertMust(blocks.NewFloatToShort(1)), blocktest.Stream{Items: in})
		if got := outs[0].Items.([]int16); !slices.Equal(got, want) {
			t.Fatalf("got  %v\nwant %v", got, want)
		}
	})
	t.Run("float_to_short scale 32767", func(t *testing.T) {
		x := []float32{1, -1, 0.5, -0.5, 1.0001, -1.01, 1.0 / 32767 * 0.5}
		want := []int16{32767, -32767, 16384, -16384, 32767, -32768, 0} // 16383.5 rounds to even 16384
		outs := mathRun(t, convertMust(blocks.NewFloatToShort(32767)), blocktest.Stream{Items: x})
		if got := outs[0].Items.([]int16); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("float_to_char scale 1", func(t *testing.T) {
		want := []int8{0, 0, 2, 2, 0, -2, -2, 0, -1, 1, -1, 101, -101,
			127, 127, 127, 127, -128, -128, -128, 0, 127, -128}
		outs := mathRun(t, convertMust(blocks.NewFloatToChar(1)), blocktest.Stream{Items: in})
		if got := outs[0].Items.([]int8); !slices.Equal(got, want) {
			t.Fatalf("got  %v\nwant %v", got, want)
		}
	})
	t.Run("float_to_char scale 127", func(t *testing.T) {
		x := []float32{1, -1, 0.5, -1.5, 127.5 / 127}
		want := []int8{127, -127, 64, -128, 127} // 63.5 rounds to even 64
		outs := mathRun(t, convertMust(blocks.NewFloatToChar(127)), blocktest.Stream{Items: x})
		if got := outs[0].Items.([]int8); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}

func TestIntegerToFloatDividesByScale(t *testing.T) {
	shorts := []int16{0, 1, -1, 32767, -32768, 16384, -12345}
	chars := []int8{0, 1, -1, 127, -128, 64, -77}
	for _, scale := range []float64{1, 32768, 0.5, -3} {
		want := make([]float32, len(shorts))
		for i, v := range shorts {
			want[i] = float32(float64(v) / scale)
		}
		outs := mathRun(t, convertMust(blocks.NewShortToFloat(scale)), blocktest.Stream{Items: shorts})
		mathCheck(t, outs[0].Items.([]float32), want, 1e-7)
		for i, v := range chars {
			want[i] = float32(float64(v) / scale)
		}
		outs = mathRun(t, convertMust(blocks.NewCharToFloat(scale)), blocktest.Stream{Items: chars})
		mathCheck(t, outs[0].Items.([]float32), want, 1e-7)
	}
	u := []uint8{0, 1, 127, 128, 255}
	outs := mathRun(t, blocks.NewUcharToFloat(), blocktest.Stream{Items: u, Tags: []buffer.Tag{{Offset: 4, Key: "end"}}})
	if got := outs[0].Items.([]float32); !slices.Equal(got, []float32{0, 1, 127, 128, 255}) {
		t.Fatalf("uchar_to_float: %v", got)
	}
	if len(outs[0].Tags) != 1 || outs[0].Tags[0].Offset != 4 {
		t.Fatalf("tags %v", outs[0].Tags)
	}
}

func TestInterleavedToComplexMatchesDirectFormula(t *testing.T) {
	const n = 1001 // pairs
	i16 := make([]int16, 2*n)
	i8 := make([]int8, 2*n)
	u8 := make([]uint8, 2*n)
	for i := range i16 {
		i16[i] = int16(i*7919 - 32768)
		i8[i] = int8(i*31 - 128)
		u8[i] = uint8(i * 37)
	}
	pair := func(a, b, scale float64) complex64 { return complex(float32(a/scale), float32(b/scale)) }
	t.Run("short scale 32768", func(t *testing.T) {
		want := make([]complex64, n)
		for k := range want {
			want[k] = pair(float64(i16[2*k]), float64(i16[2*k+1]), 32768)
		}
		outs := mathRun(t, convertMust(blocks.NewInterleavedShortToComplex(32768, false)), blocktest.Stream{Items: i16})
		mathCheck(t, outs[0].Items.([]complex64), want, 1e-7)
	})
	t.Run("short swapped scale 1", func(t *testing.T) {
		want := make([]complex64, n)
		for k := range want {
			want[k] = pair(float64(i16[2*k+1]), float64(i16[2*k]), 1)
		}
		outs := mathRun(t, convertMust(blocks.NewInterleavedShortToComplex(1, true)), blocktest.Stream{Items: i16})
		mathCheck(t, outs[0].Items.([]complex64), want, 0)
	})
	t.Run("char scale 128", func(t *testing.T) {
		want := make([]complex64, n)
		for k := range want {
			want[k] = pair(float64(i8[2*k]), float64(i8[2*k+1]), 128)
		}
		outs := mathRun(t, convertMust(blocks.NewInterleavedCharToComplex(128)), blocktest.Stream{Items: i8})
		mathCheck(t, outs[0].Items.([]complex64), want, 1e-7)
	})
	t.Run("uchar defaults map 0..255 to -1..1", func(t *testing.T) {
		want := make([]complex64, n)
		for k := range want {
			want[k] = pair(float64(u8[2*k])-127.5, float64(u8[2*k+1])-127.5, 127.5)
		}
		outs := mathRun(t, convertMust(blocks.NewInterleavedUcharToComplex(127.5, 127.5)), blocktest.Stream{Items: u8})
		mathCheck(t, outs[0].Items.([]complex64), want, 1e-7)
		outs = mathRun(t, convertMust(blocks.NewInterleavedUcharToComplex(127.5, 127.5)), blocktest.Stream{Items: []uint8{0, 255}})
		if got := outs[0].Items.([]complex64); got[0] != complex(-1, 1) {
			t.Fatalf("(0, 255) -> %v, want -1+1i", got[0])
		}
	})
	t.Run("uchar osmosdr convention", func(t *testing.T) {
		outs := mathRun(t, convertMust(blocks.NewInterleavedUcharToComplex(127.4, 128)), blocktest.Stream{Items: []uint8{0, 255, 127, 128}})
		want := []complex64{pair(-127.4, 127.6, 128), pair(-0.4, 0.6, 128)}
		mathCheck(t, outs[0].Items.([]complex64), want, 1e-7)
	})
	t.Run("odd trailing item is left", func(t *testing.T) {
		outs := mathRun(t, convertMust(blocks.NewInterleavedShortToComplex(1, false)), blocktest.Stream{Items: []int16{1, 2, 3, 4, 5}})
		if got := outs[0].Items.([]complex64); !slices.Equal(got, []complex64{1 + 2i, 3 + 4i}) {
			t.Fatalf("got %v", got)
		}
	})
}

func TestComplexToInterleavedSaturatesAndRounds(t *testing.T) {
	in := []complex64{complex(1, -1), complex(0.5, -0.5), complex(1.5, -1.5), complex(convertNaN, convertInf), complex(0.25, 1e-6)}
	t.Run("short scale 32767", func(t *testing.T) {
		want := []int16{32767, -32767, 16384, -16384, 32767, -32768, 0, 32767, 8192, 0}
		outs := mathRun(t, convertMust(blocks.NewComplexToInterleavedShort(32767)), blocktest.Stream{Items: in})
		if got := outs[0].Items.([]int16); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("short scale 1 rounds half to even", func(t *testing.T) {
		x := []complex64{complex(-1.5, 2.5), complex(-0.5, 0.5)}
		want := []int16{-2, 2, 0, 0}
		outs := mathRun(t, convertMust(blocks.NewComplexToInterleavedShort(1)), blocktest.Stream{Items: x})
		if got := outs[0].Items.([]int16); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("char scale 127", func(t *testing.T) {
		want := []int8{127, -127, 64, -64, 127, -128, 0, 127, 32, 0} // 31.75 -> 32
		outs := mathRun(t, convertMust(blocks.NewComplexToInterleavedChar(127)), blocktest.Stream{Items: in})
		if got := outs[0].Items.([]int8); !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("short round trip", func(t *testing.T) {
		x := mathRamp[complex64](500, 0.7)
		for i := range x {
			x[i] /= 4
		}
		outs := mathRun(t, convertMust(blocks.NewComplexToInterleavedShort(32767)), blocktest.Stream{Items: x})
		outs = mathRun(t, convertMust(blocks.NewInterleavedShortToComplex(32767, false)), blocktest.Stream{Items: outs[0].Items})
		mathCheck(t, outs[0].Items.([]complex64), x, 1.0/32767)
	})
}

func TestIQConversionsRescaleTagOffsets(t *testing.T) {
	const pairs = 3000
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 1, Key: "b"}, {Offset: 2, Key: "c"}, {Offset: 5, Key: "d"},
		{Offset: 4097, Key: "e"}, {Offset: 2*pairs - 1, Key: "f"}}
	want := []uint64{0, 0, 1, 2, 2048, pairs - 1}
	check := func(t *testing.T, got []buffer.Tag, want []uint64) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("tags %v, want offsets %v", got, want)
		}
		for i, tg := range got {
			if tg.Offset != want[i] || tg.Key != tags[i].Key {
				t.Fatalf("tag %d = %v, want %s at %d", i, tg, tags[i].Key, want[i])
			}
		}
	}
	for _, tc := range []struct {
		name  string
		b     block.Block
		items any
	}{
		{"interleaved_short_to_complex", convertMust(blocks.NewInterleavedShortToComplex(1, false)), make([]int16, 2*pairs)},
		{"interleaved_char_to_complex", convertMust(blocks.NewInterleavedCharToComplex(1)), make([]int8, 2*pairs)},
		{"interleaved_uchar_to_complex", convertMust(blocks.NewInterleavedUcharToComplex(127.5, 127.5)), make([]uint8, 2*pairs)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outs := mathRun(t, tc.b, blocktest.Stream{Items: tc.items, Tags: tags})
			if n := len(outs[0].Items.([]complex64)); n != pairs {
				t.Fatalf("%d items out, want %d", n, pairs)
			}
			check(t, outs[0].Tags, want)
		})
	}
	ctags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 3, Key: "b"}, {Offset: 100, Key: "c"}, {Offset: 2999, Key: "d"}}
	cwant := []uint64{0, 6, 200, 5998}
	for _, tc := range []struct {
		name string
		b    block.Block
	}{
		{"complex_to_interleaved_short", convertMust(blocks.NewComplexToInterleavedShort(1))},
		{"complex_to_interleaved_char", convertMust(blocks.NewComplexToInterleavedChar(1))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outs := mathRun(t, tc.b, blocktest.Stream{Items: make([]complex64, 3000), Tags: ctags})
			got := outs[0].Tags
			if len(got) != len(cwant) {
				t.Fatalf("tags %v, want offsets %v", got, cwant)
			}
			for i, tg := range got {
				if tg.Offset != cwant[i] || tg.Key != ctags[i].Key {
					t.Fatalf("tag %d = %v, want %s at %d", i, tg, ctags[i].Key, cwant[i])
				}
			}
		})
	}
}

func TestConvertConstructorsRefuseZeroScale(t *testing.T) {
	for name, err := range map[string]error{
		"short_to_float": func() error { _, err := blocks.NewShortToFloat(0); return err }(),
		"interleaved_uchar_to_complex": func() error {
			_, err := blocks.NewInterleavedUcharToComplex(0, 0)
			return err
		}(),
		"complex_to_interleaved_short": func() error {
			_, err := blocks.NewComplexToInterleavedShort(math.NaN())
			return err
		}(),
	} {
		if !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s: err = %v, want ErrBadParam", name, err)
		}
	}
}
