package blocks

import (
	"bytes"
	"testing"
)

func TestSourcesSwapReversesEachScalar(t *testing.T) {
	b := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	sourcesSwap(b, 4)
	if !bytes.Equal(b, []byte{4, 3, 2, 1, 8, 7, 6, 5}) {
		t.Fatalf("% x", b)
	}
	if sourcesScalarSize[complex64]() != 4 || sourcesScalarSize[int16]() != 2 {
		t.Fatal("scalar sizes")
	}
}
