package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Benchmarks measure; these tests check only what the command reports, never timings.

func TestBenchRunsOneRowAndWritesJSON(t *testing.T) {
	js := filepath.Join(t.TempDir(), "bench.json")
	code, stdout, stderr := flowrun(t, "bench", "--only", "copy_k1", "--reps", "1", "--items", "1e5", "--busy-retries", "0", "--json", js)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a header and one row, got:\n%s", stdout)
	}
	if h := strings.Join(strings.Fields(lines[0]), " "); h != "benchmark items MS/s median min max CPU/s note" {
		t.Errorf("header %q", h)
	}
	f := strings.Fields(lines[1])
	if len(f) < 7 || f[0] != "copy_k1" || f[1] != "100.00k" {
		t.Fatalf("row %q", lines[1])
	}
	// The machine may be busy (other builds): then the note says so.
	if note := strings.Join(f[6:], " "); note != "ok" && !strings.HasPrefix(note, "busy ") {
		t.Errorf("note %q, want ok or busy", note)
	}

	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Reps int `json:"reps"`
		Rows []struct {
			Name     string    `json:"name"`
			Items    uint64    `json:"items"`
			Expected uint64    `json:"expected_items"`
			OK       bool      `json:"items_ok"`
			GNURadio *struct{} `json:"gnuradio"`
			Ours     struct {
				Reps []struct {
					Seconds float64 `json:"seconds"`
					Items   uint64  `json:"items"`
				} `json:"reps"`
				Median float64 `json:"msps_median"`
			} `json:"flowrun"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	if res.Reps != 1 || len(res.Rows) != 1 {
		t.Fatalf("reps %d, %d rows", res.Reps, len(res.Rows))
	}
	r := res.Rows[0]
	if r.Name != "copy_k1" || r.Items != 100000 || r.Expected != 100000 || !r.OK || r.GNURadio != nil {
		t.Errorf("row %+v", r)
	}
	if len(r.Ours.Reps) != 1 || r.Ours.Reps[0].Items != 100000 || r.Ours.Reps[0].Seconds <= 0 || r.Ours.Median <= 0 {
		t.Errorf("reps %+v, median %g", r.Ours.Reps, r.Ours.Median)
	}
}

func TestBenchRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--only", "nosuch"},
		{"bench", "--reps", "0"},
		{"bench", "--items", "-5"},
		{"bench", "--gnuradio", "--python", "/nonexistent/python3", "--only", "copy_k1"},
	} {
		code, _, stderr := flowrun(t, args...)
		if code != 2 || !strings.HasPrefix(stderr, "flowrun: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and an error", args, code, stderr)
		}
	}
}

func TestBenchFamilySelection(t *testing.T) {
	code, stdout, _ := flowrun(t, "bench", "--only", "fft", "--reps", "1", "--items", "4096", "--busy-retries", "0")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	for _, name := range []string{"fft_k1", "fft_k4"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("no %s row in:\n%s", name, stdout)
		}
	}
}

func TestBenchMixedRowCountsEverySink(t *testing.T) {
	js := filepath.Join(t.TempDir(), "bench.json")
	code, stdout, stderr := flowrun(t, "bench", "--only", "mixed", "--reps", "1", "--items", "1e4", "--busy-retries", "0", "--json", js)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	if f := strings.Fields(strings.Split(stdout, "\n")[1]); len(f) < 7 || f[0] != "fir_mixed" || f[1] != "10.00k" {
		t.Fatalf("row %q", f)
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Rows []struct {
			Name     string `json:"name"`
			Pipes    int    `json:"pipes"`
			Items    uint64 `json:"items"`
			Expected uint64 `json:"expected_items"`
			OK       bool   `json:"items_ok"`
			Ours     struct {
				Reps []rep `json:"reps"`
			} `json:"flowrun"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("%d rows", len(res.Rows))
	}
	r := res.Rows[0]
	if r.Name != "fir_mixed" || r.Pipes != 3 || r.Items != 10000 || r.Expected != 10000 || !r.OK || len(r.Ours.Reps) != 1 {
		t.Fatalf("row %+v", r)
	}
	if x := r.Ours.Reps[0]; x.Items != 30000 || !slices.Equal(x.Sinks, []uint64{10000, 10000, 10000}) {
		t.Errorf("rep saw %d items, sinks %v; want 30000 and 10000 each", x.Items, x.Sinks)
	}
}

func TestBenchRowFailsUnlessEverySinkSawTheCount(t *testing.T) {
	row := benchRow{Name: "fir_mixed", Pipes: 3, Items: 10, Expected: 10, OK: true}
	for _, tc := range []struct {
		sinks []uint64
		ok    bool
	}{
		{[]uint64{10, 10, 10}, true},
		{[]uint64{10, 9, 10}, false},
		{[]uint64{10, 10}, false},
		{[]uint64{10, 10, 10, 10}, false},
		{nil, false},
	} {
		if got := row.sinksOK(rep{Sinks: tc.sinks}); got != tc.ok {
			t.Errorf("sinks %v: ok %v, want %v", tc.sinks, got, tc.ok)
		}
	}
	row.OK = false
	row.Ours = summarize([]rep{{Seconds: 2, Items: 29, Sinks: []uint64{10, 9, 10}}}, 30)
	if row.Ours.Median != 15e-6 {
		t.Errorf("median %g Msamples/s, want the items of all sinks per second, 15e-6", row.Ours.Median)
	}
	g := summarize([]rep{{Seconds: 1, Items: 20, Sinks: []uint64{10, 10}}}, 30)
	row.GNURadio = &g
	var b strings.Builder
	if err := printBench(&b, []benchRow{row}, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sinks saw 10+9+10 items, want 10 each", "GR sinks saw 10+10 items"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in:\n%s", want, b.String())
		}
	}
}
