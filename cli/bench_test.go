package cli

import (
	"encoding/json"
	"math"
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
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "cpu: ") || !strings.HasPrefix(lines[1], "kernels: FIR ") || !strings.HasPrefix(lines[2], "FIR kernel, 64 real taps") {
		t.Fatalf("want 3 lines about the machine, a header and one row, got:\n%s", stdout)
	}
	lines = lines[3:]
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
		Machine struct {
			FIRKernel struct {
				Variant string  `json:"variant"`
				GFlops  float64 `json:"gflops"`
			} `json:"fir_kernel"`
			FFTKernel string `json:"fft_kernel"`
		} `json:"machine"`
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
	if m := res.Machine; m.FIRKernel.Variant == "" || m.FIRKernel.GFlops <= 0 || m.FFTKernel == "" {
		t.Errorf("machine %+v", m)
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
	if f := strings.Fields(strings.Split(stdout, "\n")[4]); len(f) < 7 || f[0] != "fir_mixed" || f[1] != "10.00k" {
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
	row.Ours = summarize([]rep{{Seconds: 2, Items: 29, Sinks: []uint64{10, 9, 10}}}, 30, 0)
	if row.Ours.Median != 15e-6 {
		t.Errorf("median %g Msamples/s, want the items of all sinks per second, 15e-6", row.Ours.Median)
	}
	g := summarize([]rep{{Seconds: 1, Items: 20, Sinks: []uint64{10, 10}}}, 30, 0)
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

func TestBenchFMRowReportsRealTime(t *testing.T) {
	js := filepath.Join(t.TempDir(), "bench.json")
	code, stdout, stderr := flowrun(t, "bench", "--only", "fm", "--reps", "1", "--items", "240000", "--busy-retries", "0", "--json", js)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if h := strings.Join(strings.Fields(lines[3]), " "); h != "benchmark items MS/s median min max CPU/s xRT note" {
		t.Errorf("header %q", h)
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Rows []struct {
			Name     string  `json:"name"`
			Items    uint64  `json:"items"`
			Expected uint64  `json:"expected_items"`
			Rate     float64 `json:"sample_rate"`
			OK       bool    `json:"items_ok"`
			Ours     summary `json:"flowrun"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	r := res.Rows[0]
	// 0.1 s of signal: 24000 samples at 240 kS/s, of which the resampler
	// (73 taps, decimation 5) makes (24000-73)/5+1 audio samples.
	if r.Name != "fm_rx" || r.Items != 240000 || r.Expected != 4786 || r.Rate != 2.4e6 || !r.OK {
		t.Fatalf("row %+v", r)
	}
	o := r.Ours
	if x := o.Reps[0]; math.Abs(o.RealTime-0.1/x.Seconds) > 1e-9*o.RealTime || math.Abs(o.Median-0.24/x.Seconds) > 1e-9*o.Median {
		t.Errorf("%g xRT, %g MS/s from a rep of %g s: want 0.1 s of signal and 0.24 M input samples per rep", o.RealTime, o.Median, x.Seconds)
	}
}

func TestSummarizeRealTimeIsSignalPerWallSecond(t *testing.T) {
	s := summarize([]rep{{Seconds: 2}, {Seconds: 4}, {Seconds: 1}}, 48e6, 20)
	if s.RealTime != 10 || s.Median != 24 {
		t.Errorf("xRT %g, %g MS/s; want the medians 10 and 24", s.RealTime, s.Median)
	}
	if s := summarize([]rep{{Seconds: 2}}, 10, 0); s.RealTime != 0 {
		t.Errorf("xRT %g for a row without a signal", s.RealTime)
	}
}

func TestWithoutSweepTakesFFTSweepOutOfOnly(t *testing.T) {
	for _, tc := range []struct {
		only, rest string
		sweep      bool
	}{
		{"", "", false},
		{"fft_sweep", "", true},
		{"fir, fft_sweep ,copy_k1", "fir,copy_k1", true},
		{"fft", "fft", false},
	} {
		rest, sweep := withoutSweep(tc.only)
		if rest != tc.rest || sweep != tc.sweep {
			t.Errorf("%q: %q, %v; want %q, %v", tc.only, rest, sweep, tc.rest, tc.sweep)
		}
	}
}

func TestParseCPUInfo(t *testing.T) {
	model, mhz := parseCPUInfo("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9654\ncpu MHz\t\t: 2096.027\n\nprocessor\t: 1\nmodel name\t: other\ncpu MHz\t\t: 1.5\n")
	if model != "AMD EPYC 9654" || mhz != 2096.027 {
		t.Errorf("%q, %g", model, mhz)
	}
	if model, mhz := parseCPUInfo("Processor : ARMv8\n"); model != "" || mhz != 0 {
		t.Errorf("%q, %g from a cpuinfo without them", model, mhz)
	}
}

func TestCoreLimitAVX2(t *testing.T) {
	if g, f := coreLimit("avx2+fma", 3, cpuCore{}); g != 96 || f != "2 FMA units x 8 float32 lanes x 2 flop x 3.00 GHz" {
		t.Errorf("%g GFLOP/s, %q", g, f)
	}
	if g, f := coreLimit("go", 3, cpuCore{}); g != 0 || f != "" {
		t.Errorf("pure Go: %g, %q; want no limit", g, f)
	}
}

func TestPrintMachineAndFFTSweep(t *testing.T) {
	m := benchMachine{GOOS: "linux", GOARCH: "amd64", CPUs: 2, Go: "go1.26", CPU: "AMD EPYC", Features: []string{"avx2", "fma"},
		ProcMHz: 2096, ClockGHz: 3.5, FFTKernel: "avx2+fma",
		FIRKernel: firKernel{Variant: "avx2+fma", Taps: 64, NsPerOutput: 4, MSps: 250, GFlops: 64, LimitGFlops: 112, Formula: "2 FMA units x 8 float32 lanes x 2 flop x 3.50 GHz"}}
	var b strings.Builder
	if err := printMachine(&b, m); err != nil {
		t.Fatal(err)
	}
	want := "cpu: AMD EPYC, 2 CPUs, avx2 fma; clock 3.50 GHz measured (/proc/cpuinfo: 2096 MHz); go1.26 linux/amd64\n" +
		"kernels: FIR avx2+fma, FFT avx2+fma\n" +
		"FIR kernel, 64 real taps on complex64 (256 flop/output): 4.00 ns/output = 250 MS/s = 64.0 GFLOP/s, 57% of the core's 112.0 GFLOP/s (2 FMA units x 8 float32 lanes x 2 flop x 3.50 GHz)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	r := fftSweepRow{Name: "fft_sweep_2048", Size: 2048, Ours: []float64{1000, 3000, 1800}, FFTW: []float64{2000, 2000, 2000}}
	r.summarize()
	if r.OursMedian != 1800 || r.FFTWMedian != 2000 || r.Ratio != 0.9 {
		t.Errorf("medians %g, %g, ratio %g; want 1800, 2000 and the median of 0.5, 1.5, 0.9", r.OursMedian, r.FFTWMedian, r.Ratio)
	}
	b.Reset()
	if err := printFFTSweep(&b, &fftSweep{Rows: []fftSweepRow{r}}, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "medians of 3 interleaved rounds") || !strings.Contains(b.String(), "fft_sweep_2048        1800     2000          0.90") {
		t.Errorf("sweep table:\n%s", b.String())
	}
	b.Reset()
	if err := printFFTSweep(&b, &fftSweep{Skipped: errNoFFTW.Error()}, true); err != nil {
		t.Fatal(err)
	}
	if b.String() != "\n"+errNoFFTW.Error()+"\n" {
		t.Errorf("skipped sweep: %q", b.String())
	}
}

func TestPairRatioIsTheMedianWithinRounds(t *testing.T) {
	ours := []rep{{Seconds: 1}, {Seconds: 2}, {Seconds: 1}}
	theirs := []rep{{Seconds: 3}, {Seconds: 2}, {Seconds: 5}, {Seconds: 9}}
	if got := pairRatio(ours, theirs); got != 3 {
		t.Errorf("ratio %g, want the median of 3, 1, 5", got)
	}
	if got := pairRatio(ours, nil); got != 0 {
		t.Errorf("ratio %g without the twin's reps", got)
	}
}

func TestClipShortensLongErrors(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc …"},
		{"aéb", 2, "a …"}, // é is 2 bytes: not cut in half
	} {
		if got := clip(tc.s, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
