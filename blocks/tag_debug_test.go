package blocks

import (
	"bytes"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

func TestTagDebugPrintsNameOffsetKeyValue(t *testing.T) {
	var out bytes.Buffer
	dbg := NewTagDebug[float32]("dbg", &out)
	tags := []buffer.Tag{{Offset: 0, Key: "a", Value: 1}, {Offset: 5, Key: "burst", Value: complex(1, 2)}, {Offset: 999, Key: "eob", Value: nil}}
	if _, err := blocktest.Run(dbg, blocktest.Stream{Items: make([]float32, 1000), Tags: tags}); err != nil {
		t.Fatal(err)
	}
	want := "dbg 0 a 1\ndbg 5 burst (1+2i)\ndbg 999 eob <nil>\n"
	if out.String() != want {
		t.Fatalf("printed %q, want %q", out.String(), want)
	}
}
