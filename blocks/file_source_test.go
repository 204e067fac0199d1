package blocks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
)

func TestFileSourceInitRefusesImpossibleRanges(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.f32")
	fileWrite(t, path, make([]float32, 10))
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name           string
		path           string
		repeat         bool
		offset, length int64
	}{
		{"missing file", filepath.Join(dir, "none"), false, 0, 0},
		{"offset beyond the end", path, false, 11, 0},
		{"length beyond the end", path, false, 5, 6},
		{"repeat of nothing", empty, true, 0, 0},
		{"repeat of nothing after offset", path, true, 10, 0},
	} {
		src, err := NewFileSource[float32](tc.path, tc.repeat, tc.offset, tc.length)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Init(context.Background()); err == nil {
			src.Deinit()
			t.Errorf("%s: Init succeeded", tc.name)
		}
	}
}

func TestFileSourceIgnoresATrailingPartialItem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.s16")
	if err := os.WriteFile(path, []byte{1, 0, 2, 0, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := NewFileSource[int16](path, false, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.Run(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int16); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("items %v, want [1 2]", got)
	}
}

func BenchmarkFileSourceComplexRepeat(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.cf32")
	if err := os.WriteFile(path, make([]byte, 8<<20), 0o644); err != nil {
		b.Fatal(err)
	}
	src, err := NewFileSource[complex64](path, true, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	srcBenchSource(b, src, &src.Out)
}

func TestFileSourceFailsWhenARegularFileShrinks(t *testing.T) {
	for _, tc := range []struct {
		offset, length int64
		allow          bool
		items          int    // the sink gets
		err            string // "": none
	}{
		{0, 0, false, 500_000, "ended after 500000 of 1000000 items"},
		{100_000, 0, false, 400_000, "ended after 500000 of 1000000 items"},
		{100_000, 600_000, false, 400_000, "ended after 500000 of 700000 items"},
		{0, 0, true, 500_000, ""},
	} {
		path := filepath.Join(t.TempDir(), "shrinks.f32")
		fileWrite(t, path, make([]float32, 1_000_000))
		src, err := NewFileSource[float32](path, false, tc.offset, tc.length)
		if err != nil {
			t.Fatal(err)
		}
		src.SetAllowShort(tc.allow)
		n, err := runShrinking(t, src, &src.Out, path, 4*500_000)
		// A failure cancels the run: the sink may not get all of them.
		if n != tc.items && (tc.err == "" || n > tc.items) {
			t.Errorf("%+v: %d items, want %d", tc, n, tc.items)
		}
		if tc.err == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc, err)
			}
			continue
		}
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("%+v: error %v, want ErrTruncated", tc, err)
		}
		for _, want := range []string{path, tc.err} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	}
}
