package blocks

import "testing"

func TestNullSourceProducesOnlyZeros(t *testing.T) {
	src := NewNullSource[complex64]()
	got, _, err := srcTake(t, src, &src.Out, 100_000, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 100_000 {
		t.Fatalf("%d items, want 100000", len(got))
	}
	for i, v := range got {
		if v != 0 {
			t.Fatalf("item %d = %v, want 0", i, v)
		}
	}
}
