package grzmq

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/pmt"
)

// gnuRadioMessage is what GNU Radio 3.10's push_sink with pass_tags sent
// (on x86) for the bytes 0, 1, 2, 3 with the tags (2, "a", 1, srcid
// False) and (3, "burst", 2.5, srcid "src"): the tag header, then the items.
const gnuRadioMessage = "f05f01" + "0000000000000000" + "0200000000000000" +
	"0200000000000000" + "02000161" + "0300000001" + "01" +
	"0300000000000000" + "0200056275727374" + "044004000000000000" + "020003737263" +
	"00010203"

func TestHeaderMatchesGNURadio(t *testing.T) {
	msg, err := hex.DecodeString(gnuRadioMessage)
	if err != nil {
		t.Fatal(err)
	}
	want := msg[:len(msg)-4]
	tags := []Tag{
		{Offset: 2, Key: pmt.String("a"), Value: pmt.Int(1), SrcID: pmt.Bool(false)},
		{Offset: 3, Key: pmt.String("burst"), Value: pmt.Float(2.5), SrcID: pmt.String("src")},
	}
	got, err := AppendHeader(nil, 0, tags)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("AppendHeader = %x, %v\nGNU Radio:      %x", got, err, want)
	}
	off, back, n, err := ParseHeader(msg)
	if err != nil || off != 0 || n != len(want) || len(back) != 2 {
		t.Fatalf("ParseHeader = %d, %v, %d, %v", off, back, n, err)
	}
	for i := range tags {
		if back[i].Offset != tags[i].Offset || !back[i].Key.Equal(tags[i].Key) ||
			!back[i].Value.Equal(tags[i].Value) || !back[i].SrcID.Equal(tags[i].SrcID) {
			t.Errorf("tag %d: %+v, want %+v", i, back[i], tags[i])
		}
	}
}

func TestHeaderWithoutTags(t *testing.T) {
	b, err := AppendHeader([]byte{0xee}, 7, nil)
	if err != nil || len(b) != 1+HeaderLen {
		t.Fatalf("AppendHeader = %x, %v", b, err)
	}
	off, tags, n, err := ParseHeader(b[1:])
	if err != nil || off != 7 || tags != nil || n != HeaderLen {
		t.Errorf("ParseHeader = %d, %v, %d, %v", off, tags, n, err)
	}
}

func TestAppendHeaderRefusesAnUnserializableTag(t *testing.T) {
	dst := []byte{1}
	b, err := AppendHeader(dst, 0, []Tag{{Key: pmt.String(strings.Repeat("k", 1<<16))}})
	if !errors.Is(err, pmt.ErrTooLarge) || !bytes.Equal(b, dst) {
		t.Errorf("AppendHeader = %x, %v", b, err)
	}
}

func TestParseHeaderRejectsBadHeaders(t *testing.T) {
	good, _ := AppendHeader(nil, 5, []Tag{{Offset: 5, Key: pmt.String("k"), Value: pmt.Int(1), SrcID: pmt.Bool(false)}})
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"short", good[:HeaderLen-1]},
		{"magic", append([]byte{0xf0, 0x5e}, good[2:]...)},
		{"big-endian magic", append([]byte{0x5f, 0xf0}, good[2:]...)},
		{"version", append([]byte{0xf0, 0x5f, 2}, good[3:]...)},
		{"tag cut", good[:len(good)-1]},
		{"tag count beyond the message", append(append(append([]byte{}, good[:11]...), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0), good[HeaderLen:]...)},
		{"bad key", append(append([]byte{}, good[:HeaderLen+8]...), 0x0e, 0x06, 0x06)},
	} {
		if _, _, _, err := ParseHeader(tc.b); !errors.Is(err, ErrBadHeader) {
			t.Errorf("%s: ParseHeader(%x) = %v, want ErrBadHeader", tc.name, tc.b, err)
		}
	}
}

// FuzzParseHeader checks that any message parses or fails cleanly, and
// that a header that parses writes back the same bytes.
func FuzzParseHeader(f *testing.F) {
	b, _ := hex.DecodeString(gnuRadioMessage)
	f.Add(b)
	e, _ := AppendHeader(nil, 0, nil)
	f.Add(e)
	f.Fuzz(func(t *testing.T, in []byte) {
		off, tags, n, err := ParseHeader(in)
		if err != nil {
			if !errors.Is(err, ErrBadHeader) {
				t.Fatalf("error %v does not wrap ErrBadHeader", err)
			}
			return
		}
		if n < HeaderLen || n > len(in) {
			t.Fatalf("header of %d bytes in %d", n, len(in))
		}
		out, err := AppendHeader(nil, off, tags)
		if err != nil {
			t.Fatalf("%x parsed but does not write back: %v", in[:n], err)
		}
		off2, tags2, n2, err := ParseHeader(out)
		if err != nil || off2 != off || len(tags2) != len(tags) || n2 != len(out) {
			t.Fatalf("%x: wrote %x, read back %d, %v, %d, %v", in[:n], out, off2, tags2, n2, err)
		}
		again, _ := AppendHeader(nil, off2, tags2)
		if !bytes.Equal(out, again) {
			t.Fatalf("%x: wrote %x, then %x", in[:n], out, again)
		}
	})
}
