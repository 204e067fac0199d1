package blocks

import "testing"

func srcCheckConstant[T sourcesItem](t *testing.T, v T) {
	src := NewConstantSource(v)
	got, _, err := srcTake(t, src, &src.Out, 10_007, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10_007 {
		t.Fatalf("%d items", len(got))
	}
	for i, x := range got {
		if x != v {
			t.Fatalf("item %d = %v, want %v", i, x, v)
		}
	}
}

func TestConstantSourceRepeatsItsValueForEveryType(t *testing.T) {
	t.Run("float32", func(t *testing.T) { srcCheckConstant(t, float32(0.5)) })
	t.Run("complex64", func(t *testing.T) { srcCheckConstant(t, complex64(1+2i)) })
	t.Run("int8", func(t *testing.T) { srcCheckConstant(t, int8(-3)) })
	t.Run("uint8", func(t *testing.T) { srcCheckConstant(t, uint8(200)) })
	t.Run("int16", func(t *testing.T) { srcCheckConstant(t, int16(-1234)) })
}

func BenchmarkConstantSourceComplex(b *testing.B) {
	src := NewConstantSource[complex64](1 + 1i)
	srcBenchSource(b, src, &src.Out)
}
