package buffer

import (
	"testing"
	"unsafe"
)

// fuzzWindow writes a pattern through a window at some offset and reads it
// back through the lower half, for an item type T picked by the fuzzer.
// set stores v (truncated as the type must) and get returns what was stored.
func fuzzWindow[T any](t *testing.T, minItems int, offset uint32, set func(*T, uint32), get func(T) uint32) {
	d, err := NewDoubleMapped[T](minItems)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	n := d.Capacity()
	var zero T
	if n < minItems || uintptr(n)*unsafe.Sizeof(zero)%granularity() != 0 {
		t.Fatalf("capacity %d for %d items of %d bytes", n, minItems, unsafe.Sizeof(zero))
	}
	start := int(offset) % (n + 1)
	length := int(offset/7) % (n + 1)
	w := d.Window(start, length)
	for k := range w {
		set(&w[k], uint32(k+1))
	}
	lower := d.Window(0, n)
	for k := range length {
		var want T
		set(&want, uint32(k+1))
		if got := get(lower[(start+k)%n]); got != get(want) {
			t.Fatalf("item %d of window (%d, %d) reads %d through the lower half, want %d", k, start, length, got, get(want))
		}
	}
}

func FuzzDoubleMappedWindow(f *testing.F) {
	f.Add(uint8(0), uint16(1), uint32(0))
	f.Add(uint8(1), uint16(5000), uint32(4095))
	f.Add(uint8(3), uint16(700), uint32(123456))
	f.Fuzz(func(t *testing.T, kind uint8, minItems uint16, offset uint32) {
		min := int(minItems)
		switch kind % 5 {
		case 0:
			fuzzWindow(t, min, offset, func(p *byte, v uint32) { *p = byte(v) }, func(v byte) uint32 { return uint32(v) })
		case 1:
			fuzzWindow(t, min, offset, func(p *[3]byte, v uint32) { *p = [3]byte{byte(v), byte(v >> 8), byte(v >> 16)} },
				func(v [3]byte) uint32 { return uint32(v[0]) | uint32(v[1])<<8 | uint32(v[2])<<16 })
		case 2:
			fuzzWindow(t, min, offset, func(p *uint32, v uint32) { *p = v }, func(v uint32) uint32 { return v })
		case 3:
			fuzzWindow(t, min, offset, func(p *[12]byte, v uint32) { p[11] = byte(v); p[0] = byte(v >> 8) },
				func(v [12]byte) uint32 { return uint32(v[11]) | uint32(v[0])<<8 })
		case 4:
			fuzzWindow(t, min/64, offset, func(p *[4097]byte, v uint32) { p[4096] = byte(v); p[0] = byte(v >> 8) },
				func(v [4097]byte) uint32 { return uint32(v[4096]) | uint32(v[0])<<8 })
		}
	})
}
