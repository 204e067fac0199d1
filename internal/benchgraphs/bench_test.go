package benchgraphs_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/benchgraphs"
)

// TestEveryBenchmarkLoads checks each row's graph and twin are embedded.
func TestEveryBenchmarkLoads(t *testing.T) {
	for _, b := range benchgraphs.All() {
		data, err := b.Graph()
		if err != nil {
			t.Fatal(err)
		}
		l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: b.File()})
		if err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		if b.Recording != nil {
			if got := uint64(b.Recording.Samples()); got != b.Items {
				t.Errorf("%s: the recording holds %d samples, the table says %d", b.Name, got, b.Items)
			}
		} else if got := uint64(l.Vars["items"]); got != b.Items {
			t.Errorf("%s: the graph moves %d items, the table says %d (rerun go generate?)", b.Name, got, b.Items)
		}
		if got := len(benchgraphs.SinkCounts(l.Graph.Stats())); got != b.Sinks() {
			t.Errorf("%s: the graph has %d sinks, the table says %d pipes", b.Name, got, b.Sinks())
		}
		if _, err := benchgraphs.Files.ReadFile(b.Twin); err != nil {
			t.Errorf("%s: %v", b.Name, err)
		}
	}
}

// TestEveryBenchmarkRunsAtSmallN runs each graph at a small item count and
// checks that every sink sees exactly the expected items.
func TestEveryBenchmarkRunsAtSmallN(t *testing.T) {
	reg := blocks.NewRegistry()
	for _, b := range benchgraphs.All() {
		t.Run(b.Name, func(t *testing.T) {
			n := b.ItemsFor(5000)
			rec := ""
			if b.Recording != nil {
				n = b.ItemsFor(50000)
				rec = filepath.Join(t.TempDir(), "rec.iq")
				if err := b.Record(rec, n); err != nil {
					t.Fatal(err)
				}
			}
			data, err := b.Graph()
			if err != nil {
				t.Fatal(err)
			}
			l, err := graphfile.Load(data, reg, graphfile.Options{File: b.File(), Set: b.Settings(n, rec)})
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Graph.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := benchgraphs.SinkCounts(l.Graph.Stats())
			if len(got) != b.Sinks() {
				t.Fatalf("%d sinks, want %d", len(got), b.Sinks())
			}
			var total uint64
			for i, x := range got {
				total += x
				if x != b.Expected(n) {
					t.Errorf("sink %d saw %d items, want %d", i, x, b.Expected(n))
				}
			}
			if b.Recording == nil && total != b.Total(n) {
				t.Errorf("the sinks saw %d items together, Total says %d", total, b.Total(n))
			}
		})
	}
}

func TestSelectPicksNamesAndFamilies(t *testing.T) {
	for _, tc := range []struct {
		only string
		want []string
	}{
		{"fir", []string{"fir_k1", "fir_k4", "fir_k10"}},
		{"mixed", []string{"fir_mixed"}},
		{"fir_mixed, copy_k1,mixed", []string{"fir_mixed", "copy_k1"}},
	} {
		bs, err := benchgraphs.Select(tc.only)
		if err != nil {
			t.Fatalf("%q: %v", tc.only, err)
		}
		var got []string
		for _, b := range bs {
			got = append(got, b.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q selects %v, want %v", tc.only, got, tc.want)
		}
	}
	if _, err := benchgraphs.Select("fir_k"); err == nil || !strings.Contains(err.Error(), "mixed") {
		t.Errorf("fir_k: err %v, want an error listing the families", err)
	}
}

func TestMixedRowCountsEveryPipe(t *testing.T) {
	bs, err := benchgraphs.Select("fir_mixed")
	if err != nil {
		t.Fatal(err)
	}
	b := bs[0]
	if b.Family != "mixed" || b.Sinks() != 3 || b.K != 4 || b.Total(1000) != 3000 || b.Expected(1000) != 1000 {
		t.Errorf("%+v: %d sinks, Total(1000) %d, Expected(1000) %d", b, b.Sinks(), b.Total(1000), b.Expected(1000))
	}
	for _, c := range benchgraphs.All() {
		if c.Name != "fir_mixed" && c.Recording == nil && (c.Sinks() != 1 || c.Total(1000) != c.Expected(1000)) {
			t.Errorf("%s: %d sinks, Total(1000) %d", c.Name, c.Sinks(), c.Total(1000))
		}
	}
}

// BenchmarkGraphs runs every benchmark graph at a small N, for go test -bench
// and benchstat to track regressions commit to commit.
func BenchmarkGraphs(b *testing.B) {
	for _, bm := range benchgraphs.All() {
		if bm.Recording != nil {
			continue // needs a recording: flowrun bench --only fm
		}
		b.Run(bm.Name, func(b *testing.B) {
			n := bm.ItemsFor(1 << 20)
			data, err := bm.Graph()
			if err != nil {
				b.Fatal(err)
			}
			reg := blocks.NewRegistry()
			for b.Loop() {
				b.StopTimer()
				l, err := graphfile.Load(data, reg, graphfile.Options{File: bm.File(), Set: map[string]string{"items": strconv.FormatUint(n, 10)}})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := l.Graph.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bm.Total(n))*float64(b.N)/b.Elapsed().Seconds()/1e6, "Msamples/s")
		})
	}
}

func TestFMRowCountsInputSamplesAndExpectsAudio(t *testing.T) {
	bs, err := benchgraphs.Select("fm")
	if err != nil {
		t.Fatal(err)
	}
	b := bs[0]
	// 10 s at 2.4 MS/s: 2.4 MS/s of audio samples at 48 kHz, less the
	// resampler's first 72 inputs at 240 kS/s.
	if n := b.ItemsFor(0); b.Total(n) != 24e6 || b.Expected(n) != (2400000-73)/5+1 || b.Rate() != 2.4e6 {
		t.Errorf("%s: Total %d, Expected %d, Rate %g", b.Name, b.Total(n), b.Expected(n), b.Rate())
	}
	if got := b.Settings(100, "/x.iq"); len(got) != 1 || got[benchgraphs.RecordingBlock+".path"] != "/x.iq" {
		t.Errorf("Settings: %v", got)
	}
	if got := benchgraphs.All()[0].Settings(100, ""); got["items"] != "100" {
		t.Errorf("copy row Settings: %v", got)
	}
}
