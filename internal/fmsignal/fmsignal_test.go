package fmsignal

import (
	"bytes"
	"testing"
)

func TestFormatsQuantizeTheSameSignal(t *testing.T) {
	p := Default
	p.Seconds = 0.01
	var s, u bytes.Buffer
	if err := Write(&s, p); err != nil {
		t.Fatal(err)
	}
	p.Format = "uint8"
	if err := Write(&u, p); err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2*p.Samples() || u.Len() != s.Len() {
		t.Fatalf("%d and %d bytes, want %d", s.Len(), u.Len(), 2*p.Samples())
	}
	// int8 is round(x·127), uint8 round(x·127.5 + 127.5): the same x.
	for i, b := range s.Bytes() {
		x := float64(int8(b)) / 127
		y := (float64(u.Bytes()[i]) - 127.5) / 127.5
		if d := x - y; d > 0.01 || d < -0.01 {
			t.Fatalf("byte %d: int8 %d and uint8 %d are %g and %g", i, int8(b), u.Bytes()[i], x, y)
		}
	}
}

func TestUnknownFormatIsAnError(t *testing.T) {
	p := Default
	p.Format = "int16"
	if err := Write(&bytes.Buffer{}, p); err == nil {
		t.Error("no error")
	}
}
