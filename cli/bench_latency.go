package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/benchgraphs"
	"github.com/flowrun/flowrun/registry"
)

// latencyOptions are flowrun bench's flags for the latency rows.
type latencyOptions struct {
	on      bool
	seconds float64
	budget  time.Duration
}

func addLatencyFlags(cmd *cobra.Command) *latencyOptions {
	var o latencyOptions
	f := cmd.Flags()
	f.BoolVar(&o.on, "latency", false, `run the latency rows instead (latency_audio, latency_paced_source, latency_sdr):
item creation to sink, p50/p99/max, with default buffers, one-page buffers and a max_latency budget`)
	f.Float64Var(&o.seconds, "latency-seconds", 10, "how long each latency run lasts; the second half is measured")
	f.DurationVar(&o.budget, "latency-budget", 20*time.Millisecond, "the max_latency of the latency rows' budget setting")
	return &o
}

// latencyFigures are one run's latencies, in seconds.
type latencyFigures struct {
	P50   float64 `json:"p50_seconds"`
	P99   float64 `json:"p99_seconds"`
	Max   float64 `json:"max_seconds"`
	Items uint64  `json:"items"` // items measured
}

type latencyRow struct {
	Name     string           `json:"name"`
	Doc      string           `json:"doc"`
	Buffers  string           `json:"buffers"`
	Ours     []latencyFigures `json:"flowrun"`
	GNURadio []latencyFigures `json:"gnuradio,omitempty"`
	Error    string           `json:"error,omitempty"`
}

func runLatencyBench(ctx context.Context, reg *registry.Registry, o benchOptions, lo latencyOptions, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.reps < 1 {
		return badInput(fmt.Errorf("--reps %d: want at least 1", o.reps))
	}
	if !(lo.seconds >= 0.1 && lo.seconds <= 3600) {
		return badInput(fmt.Errorf("--latency-seconds %g: want 0.1 to 3600", lo.seconds))
	}
	if lo.budget <= 0 || lo.budget > time.Hour {
		return badInput(fmt.Errorf("--latency-budget %v: want a duration in (0, 1h]", lo.budget))
	}
	settings := []string{"default", "small", benchgraphs.BudgetSetting(lo.budget)}
	var scenarios []benchgraphs.LatencyScenario
	for _, s := range benchgraphs.LatencyScenarios() {
		if o.only == "" || slices.Contains(strings.Split(o.only, ","), s.Name) {
			scenarios = append(scenarios, s)
		}
	}
	if len(scenarios) == 0 {
		var names []string
		for _, s := range benchgraphs.LatencyScenarios() {
			names = append(names, s.Name)
		}
		return badInput(fmt.Errorf("--only %q: no latency row (have %s)", o.only, strings.Join(names, ", ")))
	}
	lreg, err := benchgraphs.LatencyRegistry(reg)
	if err != nil {
		return err
	}
	var twinDir string
	if o.gnuradio {
		if err := exec.CommandContext(ctx, o.python, "-c", "import gnuradio").Run(); err != nil {
			return badInput(fmt.Errorf("--gnuradio: %s cannot import gnuradio (%w)", o.python, err))
		}
		if twinDir, err = os.MkdirTemp("", "flowrun-twins-"); err != nil {
			return err
		}
		defer os.RemoveAll(twinDir)
		if err := benchgraphs.WriteTwins(twinDir); err != nil {
			return err
		}
	}
	var rows []latencyRow
	for _, s := range scenarios {
		for _, buffers := range settings {
			row := latencyRow{Name: s.Name, Doc: s.Doc, Buffers: buffers}
			// GNU Radio has no limit on items in flight below a buffer's
			// size, and no buffer below a page: no twin for a budget.
			twin := o.gnuradio && buffers != settings[2]
			for rep := range o.reps {
				fmt.Fprintf(stderr, "%s %s rep %d/%d\n", s.Name, buffers, rep+1, o.reps)
				f, err := runLatencyOurs(ctx, lreg, s, buffers, lo.seconds)
				if err != nil {
					row.Error = err.Error()
					break
				}
				row.Ours = append(row.Ours, f)
				if twin {
					g, err := runLatencyTwin(ctx, o.python, twinDir, s, buffers, lo.seconds)
					if err != nil {
						row.Error = err.Error()
						break
					}
					row.GNURadio = append(row.GNURadio, g)
				}
			}
			rows = append(rows, row)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	if err := printLatencyBench(stdout, rows, o.gnuradio, lo.seconds, lo.budget); err != nil {
		return err
	}
	if o.jsonFile != "" {
		data, err := json.MarshalIndent(map[string]any{"machine": describeMachine(), "reps": o.reps, "seconds": lo.seconds, "rows": rows}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonFile, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if r.Error != "" {
			return fmt.Errorf("%s %s: %s", r.Name, r.Buffers, r.Error)
		}
	}
	return nil
}

func runLatencyOurs(ctx context.Context, reg *registry.Registry, s benchgraphs.LatencyScenario, buffers string, seconds float64) (latencyFigures, error) {
	data, err := s.Graph(buffers, seconds)
	if err != nil {
		return latencyFigures{}, err
	}
	l, err := graphfile.Load(data, reg, graphfile.Options{File: s.Name + ".yaml"})
	if err != nil {
		return latencyFigures{}, err
	}
	if err := l.Graph.Run(ctx); err != nil {
		return latencyFigures{}, err
	}
	for _, b := range l.Blocks {
		if h := benchgraphs.SinkLatency(b.Block); h != nil {
			return latencyFigures{P50: h.Quantile(0.5).Seconds(), P99: h.Quantile(0.99).Seconds(),
				Max: h.Quantile(1).Seconds(), Items: h.Count()}, nil
		}
	}
	return latencyFigures{}, fmt.Errorf("%s: no latency_sink", s.Name)
}

func runLatencyTwin(ctx context.Context, python, dir string, s benchgraphs.LatencyScenario, buffers string, seconds float64) (latencyFigures, error) {
	cmd := exec.CommandContext(ctx, python, filepath.Join(dir, "gr_latency.py"),
		"--type", s.Type, "--stages", strconv.Itoa(s.Stages),
		"--source-rate", strconv.FormatFloat(s.SourceRate, 'g', -1, 64), "--sink-rate", strconv.FormatFloat(s.SinkRate, 'g', -1, 64),
		"--buffers", buffers, "--seconds", strconv.FormatFloat(seconds, 'g', -1, 64))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return latencyFigures{}, fmt.Errorf("gr_latency.py: %w: %s", err, strings.TrimSpace(errOut.String()))
	}
	var f latencyFigures
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &f); err != nil {
		return latencyFigures{}, fmt.Errorf("gr_latency.py printed %q: %w", out.String(), err)
	}
	return f, nil
}

// medianOf is the median of one figure over the reps.
func medianOf(fs []latencyFigures, get func(latencyFigures) float64) time.Duration {
	xs := make([]float64, len(fs))
	for i, f := range fs {
		xs[i] = get(f)
	}
	return time.Duration(median(xs) * float64(time.Second))
}

func printLatencyBench(w io.Writer, rows []latencyRow, gr bool, seconds float64, budget time.Duration) error {
	fmt.Fprintf(w, "latency from item creation to sink, the last %gs of %gs runs; median over reps of each figure\n", seconds/2, seconds)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "row\tbuffers\tflowrun p50\tp99\tmax\t"
	if gr {
		head += "GNU Radio p50\tp99\tmax\t"
	}
	fmt.Fprintln(tw, head)
	fig := func(fs []latencyFigures) string {
		if len(fs) == 0 {
			return "-\t-\t-\t"
		}
		return fmt.Sprintf("%v\t%v\t%v\t", round(medianOf(fs, func(f latencyFigures) float64 { return f.P50 })),
			round(medianOf(fs, func(f latencyFigures) float64 { return f.P99 })),
			round(medianOf(fs, func(f latencyFigures) float64 { return f.Max })))
	}
	for _, r := range rows {
		line := r.Name + "\t" + r.Buffers + "\t" + fig(r.Ours)
		if gr {
			line += fig(r.GNURadio)
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range benchgraphs.LatencyScenarios() {
		fmt.Fprintf(w, "%s: %s\n", s.Name, s.Doc)
	}
	fmt.Fprintf(w, "buffers: default; small = %d-byte buffers (one page); %s = options {max_latency: %v} (no GNU Radio twin: it has no limit below a buffer's size)\n",
		benchgraphs.SmallBufferBytes, benchgraphs.BudgetSetting(budget), budget)
	return nil
}
