package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/benchgraphs"
	"github.com/flowrun/flowrun/registry"
)

// busyShare is the CPU share (of one CPU) that other processes may use during
// a rep before the rep is marked busy.
const busyShare = 0.2

// rep is one timed run of a benchmark.
type rep struct {
	Seconds    float64  `json:"seconds"`
	CPUSeconds float64  `json:"cpu_seconds"`          // ours, or the twin's own CPU time around tb.run()
	Others     float64  `json:"others_cpu,omitempty"` // CPUs' worth used by other processes during the rep (-1: unknown)
	Busy       bool     `json:"busy,omitempty"`
	Items      uint64   `json:"items"`      // items all the sinks saw, together
	Sinks      []uint64 `json:"sink_items"` // items each sink saw (one sink per pipe)
}

// summary is one framework's figures for a row.
type summary struct {
	Reps      []rep   `json:"reps"`
	Median    float64 `json:"msps_median"`
	Min       float64 `json:"msps_min"`
	Max       float64 `json:"msps_max"`
	CPUPerSec float64 `json:"cpu_per_wall_second"` // median
	// RealTime is the median of seconds of signal per wall second, for a
	// row that processes a signal (fm_rx); 0 for the chains.
	RealTime float64 `json:"realtime_median,omitempty"`
	BusyReps int     `json:"busy_reps"`
}

type benchRow struct {
	Name     string `json:"name"`
	Pipes    int    `json:"pipes"`          // parallel pipes, one sink each
	Items    uint64 `json:"items"`          // per pipe
	Expected uint64 `json:"expected_items"` // per sink
	// TwinExpected is what each of the twin's sinks must see, when not
	// Expected (GNU Radio's resampler ends a little earlier).
	TwinExpected uint64   `json:"gnuradio_expected_items,omitempty"`
	Rate         float64  `json:"sample_rate,omitempty"` // of the row's input signal; 0 for the chains
	OK           bool     `json:"items_ok"`              // in every rep, each of the Pipes sinks saw exactly Expected
	Ours         summary  `json:"flowrun"`
	GNURadio     *summary `json:"gnuradio,omitempty"`
	// Ratio is ours/GNU Radio's throughput: the median over rounds of the
	// ratio within a round (our rep and the twin's that followed it), which
	// the machine's drift over minutes disturbs less than a ratio of medians.
	Ratio float64 `json:"ratio,omitempty"`
	Error string  `json:"error,omitempty"`
}

type benchOptions struct {
	only     string
	fftSweep bool
	reps     int
	items    float64
	gnuradio bool
	python   string
	jsonFile string
	retries  int
}

func benchCmd(reg *registry.Registry) *cobra.Command {
	var o benchOptions
	var profile *string
	var lat *latencyOptions
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Run the benchmark graphs, optionally side by side with GNU Radio",
		Long: `Run the benchmark graphs of internal/benchgraphs (copy, FIR and FFT chains, the
mixed row of FutureSDR's perf/fir: parallel pipes of copy_rand + FIR stages, and
fm_rx, an FM broadcast receiver on an RTL-SDR-style recording) R times each and
report the median, min and max throughput in Msamples/s and the CPU seconds used
per wall second. Throughput counts the items through every sink: for a row of P
parallel pipes of N items each (items is per pipe), P*N per wall second; every
sink must see exactly N items. fm_rx counts its N input samples instead (2.4 MS/s
of signal; --items sets the recording's length) and also reports the real-time
factor, seconds of signal per wall second (xRT). With --gnuradio, the GNU Radio
3.10 twins run interleaved with ours (A B A B ...) and the ratio ours/GNU Radio is
printed per row: the median over rounds of the ratio within a round. A rep during
which other processes used more than 20% of a CPU (from /proc/stat) is rerun, and
marked busy in the row if it stays busy.

The output starts with the machine: CPU model and features, the FIR and FFT kernel
variants in use, and the FIR kernel's throughput (64 real taps on complex64, 256
flop per output) against the core's limit. --fft-sweep (or --only fft_sweep) adds
the FFT size sweep: our FFT against FFTW's (single precision, FFTW_MEASURE), 64 to
65536 points, ns per out-of-place transform, built with gcc and libfftw3-dev and
skipped with a message when they are missing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stopProfile, err := startCPUProfile(*profile)
			if err != nil {
				return err
			}
			if lat.on {
				err = runLatencyBench(cmd.Context(), reg, o, *lat, cmd.OutOrStdout(), cmd.ErrOrStderr())
			} else {
				err = runBench(cmd.Context(), reg, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			if perr := stopProfile(); err == nil {
				err = perr
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.only, "only", "", "benchmarks to run, comma-separated names or families (copy_k10, fir, fm, fft_sweep)")
	f.BoolVar(&o.fftSweep, "fft-sweep", false, "also run the FFT size sweep against FFTW (needs gcc and libfftw3-dev)")
	f.IntVar(&o.reps, "reps", 3, "runs per benchmark")
	f.Float64Var(&o.items, "items", 0, "items per run instead of each benchmark's default (e.g. 1e6)")
	f.BoolVar(&o.gnuradio, "gnuradio", false, "also run the GNU Radio twins (needs Debian's gnuradio package)")
	f.StringVar(&o.python, "python", "/usr/bin/python3", "the Python that imports gnuradio")
	f.StringVar(&o.jsonFile, "json", "", "also write the results as JSON to this file")
	f.IntVar(&o.retries, "busy-retries", 2, "reruns of a rep that other processes disturbed")
	profile = addProfileFlag(cmd)
	lat = addLatencyFlags(cmd)
	return cmd
}

func runBench(ctx context.Context, reg *registry.Registry, o benchOptions, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.reps < 1 {
		return badInput(fmt.Errorf("--reps %d: want at least 1", o.reps))
	}
	if o.items < 0 || o.items > 1e15 {
		return badInput(fmt.Errorf("--items %g: want a positive count", o.items))
	}
	only, named := withoutSweep(o.only)
	sweep := named || o.fftSweep
	var bs []benchgraphs.Benchmark
	if only != "" || !named { // --only fft_sweep alone runs no graph rows
		var err error
		if bs, err = benchgraphs.Select(only); err != nil {
			return badInput(err)
		}
	}
	dir, err := os.MkdirTemp("", "flowrun-bench-")
	if err != nil {
		return failure(err)
	}
	defer os.RemoveAll(dir)
	twinDir := ""
	if o.gnuradio {
		if err := exec.CommandContext(ctx, o.python, "-c", "import gnuradio").Run(); err != nil {
			return badInput(fmt.Errorf("--gnuradio: %s cannot import gnuradio (%v); on Debian: apt-get install -y --no-install-recommends gnuradio", o.python, err))
		}
		twinDir = dir
		if err := benchgraphs.WriteTwins(twinDir); err != nil {
			return failure(err)
		}
	}
	progress := func(string) {}
	if isTerminal(stderr) {
		progress = func(s string) { fmt.Fprint(stderr, "\r\033[K"+s) }
		defer fmt.Fprint(stderr, "\r\033[K")
	}

	progress("timing the FIR kernel and the clock")
	m := describeMachine()
	if err := printMachine(stdout, m); err != nil {
		return failure(err)
	}

	var rows []benchRow
	failed := false
	for i, b := range bs {
		n := b.ItemsFor(uint64(o.items))
		row := benchRow{Name: b.Name, Pipes: b.Sinks(), Items: n, Expected: b.Expected(n), Rate: b.Rate(), OK: true}
		if b.TwinShort > 0 && twinDir != "" {
			row.TwinExpected = row.Expected - b.TwinShort
		}
		rec := ""
		if b.Recording != nil {
			progress(fmt.Sprintf("[%d/%d] %s: writing %s samples of recording", i+1, len(bs), b.Name, si(float64(n))))
			rec = filepath.Join(dir, b.Name+".iq")
			if err := b.Record(rec, n); err != nil {
				return failure(err)
			}
		}
		var ours, theirs []rep
		for r := 0; r < o.reps && row.Error == ""; r++ {
			tag := fmt.Sprintf("[%d/%d] %s rep %d/%d", i+1, len(bs), b.Name, r+1, o.reps)
			progress(tag + " flowrun")
			x, err := measure(o.retries, func() (rep, error) { return runOurs(ctx, reg, b, n, rec) })
			if err != nil {
				row.Error = err.Error()
				break
			}
			if !row.sinksOK(x) {
				row.OK = false
			}
			ours = append(ours, x)
			if twinDir != "" {
				progress(tag + " GNU Radio")
				y, err := measure(o.retries, func() (rep, error) { return runTwin(ctx, o.python, twinDir, b, n, rec) })
				if err != nil {
					row.Error = "GNU Radio: " + err.Error()
					break
				}
				theirs = append(theirs, y)
			}
		}
		if rec != "" {
			os.Remove(rec)
		}
		row.Ours = summarize(ours, b.Total(n), row.signalSeconds())
		if twinDir != "" && len(theirs) > 0 {
			s := summarize(theirs, b.Total(n), row.signalSeconds())
			row.GNURadio = &s
			row.Ratio = pairRatio(ours, theirs)
		}
		if row.Error != "" || !row.OK {
			failed = true
		}
		rows = append(rows, row)
	}
	progress("")
	if len(rows) > 0 {
		if err := printBench(stdout, rows, twinDir != ""); err != nil {
			return failure(err)
		}
	}
	var sw *fftSweep
	if sweep {
		if sw, err = runFFTSweep(ctx, dir, o.reps, progress); err != nil {
			return failure(err)
		}
		progress("")
		if err := printFFTSweep(stdout, sw, len(rows) > 0); err != nil {
			return failure(err)
		}
	}
	if o.jsonFile != "" {
		doc := map[string]any{"machine": m, "reps": o.reps, "rows": rows}
		if sw != nil {
			doc["fft_sweep"] = sw
		}
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return failure(err)
		}
		if err := os.WriteFile(o.jsonFile, append(data, '\n'), 0o644); err != nil {
			return failure(err)
		}
	}
	if failed {
		return failure(errors.New("some benchmarks failed or their sinks saw the wrong item count"))
	}
	return nil
}

// pairRatio is the median over rounds of ours/theirs throughput, i.e. of
// their seconds over ours (the same items in both); 0 without a pair.
func pairRatio(ours, theirs []rep) float64 {
	var r []float64
	for i := range min(len(ours), len(theirs)) {
		if ours[i].Seconds > 0 && theirs[i].Seconds > 0 {
			r = append(r, theirs[i].Seconds/ours[i].Seconds)
		}
	}
	if len(r) == 0 {
		return 0
	}
	return median(r)
}

// withoutSweep takes the fft_sweep name out of an --only list and reports
// whether it was there.
func withoutSweep(only string) (string, bool) {
	var rest []string
	sweep := false
	for _, s := range strings.Split(only, ",") {
		switch s = strings.TrimSpace(s); s {
		case "fft_sweep":
			sweep = true
		case "":
		default:
			rest = append(rest, s)
		}
	}
	return strings.Join(rest, ","), sweep
}

// signalSeconds is the seconds of signal in one rep of the row, 0 for rows
// that process no signal.
func (r *benchRow) signalSeconds() float64 {
	if r.Rate <= 0 {
		return 0
	}
	return float64(r.Items) / r.Rate
}

// sinksOK reports whether the row's every sink saw exactly the expected
// item count in rep x.
func (r *benchRow) sinksOK(x rep) bool { return sinksSaw(x, r.Pipes, r.Expected) }

// twinSinksOK is sinksOK for a rep of the GNU Radio twin.
func (r *benchRow) twinSinksOK(x rep) bool {
	want := r.Expected
	if r.TwinExpected > 0 {
		want = r.TwinExpected
	}
	return sinksSaw(x, r.Pipes, want)
}

func sinksSaw(x rep, pipes int, want uint64) bool {
	if len(x.Sinks) != pipes {
		return false
	}
	for _, n := range x.Sinks {
		if n != want {
			return false
		}
	}
	return true
}

// sinkItems formats the items each sink saw in x ("5000000", or
// "5000000+4999000+5000000" for several sinks).
func sinkItems(x rep) string {
	s := make([]string, len(x.Sinks))
	for i, n := range x.Sinks {
		s[i] = strconv.FormatUint(n, 10)
	}
	if len(s) == 0 {
		return "no"
	}
	return strings.Join(s, "+")
}

// measure runs f, and reruns it up to retries times while other processes
// disturbed it; the last rep is kept (marked busy if it still was).
func measure(retries int, f func() (rep, error)) (rep, error) {
	for try := 0; ; try++ {
		before := readProcStat()
		cpu0, cpuOK := cpuTime()
		x, err := f()
		if err != nil {
			return x, err
		}
		cpu1, _ := cpuTime()
		after := readProcStat()
		x.Others = -1
		if before.ok && after.ok && cpuOK && x.Seconds > 0 {
			busy := float64(after.busy-before.busy) / clockTicks // CPU seconds used by everyone
			x.Others = max(0, busy-(cpu1-cpu0).Seconds()) / (float64(after.wall-before.wall) / 1e9)
			x.Busy = x.Others > busyShare
		}
		if !x.Busy || try >= retries {
			return x, nil
		}
	}
}

func runOurs(ctx context.Context, reg *registry.Registry, b benchgraphs.Benchmark, n uint64, recording string) (rep, error) {
	data, err := b.Graph()
	if err != nil {
		return rep{}, err
	}
	l, err := graphfile.Load(data, reg, graphfile.Options{File: b.File(), Set: b.Settings(n, recording)})
	if err != nil {
		return rep{}, err
	}
	runtime.GC()
	cpu0, _ := cpuTime()
	start := time.Now()
	err = l.Graph.Run(ctx)
	el := time.Since(start)
	cpu1, _ := cpuTime()
	if err != nil {
		return rep{}, err
	}
	x := rep{Seconds: el.Seconds(), CPUSeconds: (cpu1 - cpu0).Seconds(), Sinks: benchgraphs.SinkCounts(l.Graph.Stats())}
	for _, n := range x.Sinks {
		x.Items += n
	}
	return x, nil
}

func runTwin(ctx context.Context, python, dir string, b benchgraphs.Benchmark, n uint64, recording string) (rep, error) {
	args := []string{filepath.Join(dir, b.Twin), "--k", strconv.Itoa(b.K), "--pipes", strconv.Itoa(b.Sinks()), "--items", strconv.FormatUint(n, 10)}
	if recording != "" {
		args = append(args, "--file", recording, "--want", strconv.FormatUint(b.Expected(n)-b.TwinShort, 10))
	}
	cmd := exec.CommandContext(ctx, python, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return rep{}, fmt.Errorf("%s: %v: %s", b.Twin, err, strings.TrimSpace(errOut.String()))
	}
	var res struct {
		Seconds    float64  `json:"seconds"`
		CPUSeconds float64  `json:"cpu_seconds"`
		Items      uint64   `json:"items"`
		Sinks      []uint64 `json:"sinks"`
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		return rep{}, fmt.Errorf("%s printed %q: %v", b.Twin, out.String(), err)
	}
	return rep{Seconds: res.Seconds, CPUSeconds: res.CPUSeconds, Items: res.Items, Sinks: res.Sinks}, nil
}

// summarize computes a framework's figures for a row from its reps, total
// being the items the throughput counts in one rep (benchgraphs'
// Benchmark.Total) and signal the seconds of signal in one rep (0: none).
func summarize(reps []rep, total uint64, signal float64) summary {
	s := summary{Reps: reps}
	if len(reps) == 0 {
		return s
	}
	msps := make([]float64, len(reps))
	cpu := make([]float64, len(reps))
	rt := make([]float64, len(reps))
	for i, r := range reps {
		msps[i] = float64(total) / r.Seconds / 1e6
		cpu[i] = r.CPUSeconds / r.Seconds
		rt[i] = signal / r.Seconds
		if r.Busy {
			s.BusyReps++
		}
	}
	s.Median, s.CPUPerSec = median(msps), median(cpu)
	if signal > 0 {
		s.RealTime = median(rt)
	}
	s.Min, s.Max = slices.Min(msps), slices.Max(msps)
	return s
}

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	if len(y)%2 == 1 {
		return y[len(y)/2]
	}
	return (y[len(y)/2-1] + y[len(y)/2]) / 2
}

func printBench(w io.Writer, rows []benchRow, gr bool) error {
	rt := slices.ContainsFunc(rows, func(r benchRow) bool { return r.Rate > 0 })
	realTime := func(s summary) string {
		if !rt {
			return ""
		}
		if s.RealTime == 0 {
			return "-\t"
		}
		return fmt.Sprintf("%.1f\t", s.RealTime)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "benchmark\titems\tMS/s median\tmin\tmax\tCPU/s\t"
	if rt {
		head += "xRT\t"
	}
	if gr {
		head += "GNU Radio MS/s\tmin\tmax\tCPU/s\t"
		if rt {
			head += "xRT\t"
		}
		head += "ours/GR\t"
	}
	fmt.Fprintln(tw, head+"note\t")
	for _, r := range rows {
		o := r.Ours
		line := fmt.Sprintf("%s\t%s\t%.1f\t%.1f\t%.1f\t%.2f\t", r.Name, si(float64(r.Items)), o.Median, o.Min, o.Max, o.CPUPerSec) + realTime(o)
		var notes []string
		if r.Error != "" {
			notes = append(notes, "error: "+clip(r.Error, maxNote))
		}
		if !r.OK {
			got := make([]string, 0, len(o.Reps))
			for _, x := range o.Reps {
				got = append(got, sinkItems(x))
			}
			notes = append(notes, fmt.Sprintf("%s %s items, want %d%s", sinkWord(r.Pipes), strings.Join(slices.Compact(got), ","), r.Expected, each(r.Pipes)))
		}
		if o.BusyReps > 0 {
			notes = append(notes, fmt.Sprintf("busy %d/%d", o.BusyReps, len(o.Reps)))
		}
		if gr {
			if g := r.GNURadio; g != nil {
				line += fmt.Sprintf("%.1f\t%.1f\t%.1f\t%.2f\t", g.Median, g.Min, g.Max, g.CPUPerSec) + realTime(*g) + fmt.Sprintf("%.2f\t", r.Ratio)
				if g.BusyReps > 0 {
					notes = append(notes, fmt.Sprintf("GR busy %d/%d", g.BusyReps, len(g.Reps)))
				}
				for _, x := range g.Reps {
					if !r.twinSinksOK(x) {
						notes = append(notes, fmt.Sprintf("GR %s %s items", sinkWord(r.Pipes), sinkItems(x)))
						break
					}
				}
			} else {
				line += "-\t-\t-\t-\t" + realTime(summary{}) + "-\t"
			}
		}
		note := strings.Join(notes, "; ")
		if note == "" {
			note = "ok"
		}
		fmt.Fprintln(tw, line+note+"\t")
	}
	return tw.Flush()
}

// maxNote is the longest error a row's note shows; the JSON has it whole
// (a stall in copy_k200 describes 200 blocks).
const maxNote = 300

// clip shortens s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + " …"
}

func sinkWord(pipes int) string {
	if pipes > 1 {
		return "sinks saw"
	}
	return "sink saw"
}

func each(pipes int) string {
	if pipes > 1 {
		return " each"
	}
	return ""
}

// clockTicks is USER_HZ, the unit of /proc/stat (100 on every Linux port).
const clockTicks = 100

type procStat struct {
	ok   bool
	busy uint64 // jiffies not idle, summed over CPUs (steal counts as busy)
	wall int64  // nanoseconds, monotonic enough for a rep
}

var startTime = time.Now()

// readProcStat reads the aggregate cpu line of /proc/stat (Linux only; ok is
// false elsewhere).
func readProcStat() procStat {
	s := procStat{wall: int64(time.Since(startTime))}
	f, err := os.Open("/proc/stat")
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return s
	}
	fields := strings.Fields(sc.Text())
	if len(fields) < 5 || fields[0] != "cpu" {
		return s
	}
	for i, v := range fields[1:] {
		if i >= 8 { // guest and guest_nice are already in user and nice
			break
		}
		x, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return s
		}
		if i != 3 && i != 4 { // idle, iowait
			s.busy += x
		}
	}
	s.ok = true
	return s
}
