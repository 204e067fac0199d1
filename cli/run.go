package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
)

func runCmd(reg *registry.Registry) *cobra.Command {
	var (
		sets     []string
		host     string
		duration time.Duration
		grace    time.Duration
		stats    string
		progress string
		control  *controlFlags
		uiAddr   string
		profile  *string
	)
	cmd := &cobra.Command{
		Use:   "run GRAPH.yaml|FILE.grc",
		Short: "Run a graph until it finishes, the duration passes, or Ctrl-C",
		Long: `Run a graph until it finishes, the duration passes, or Ctrl-C.

Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the graph cleanly: files flushed and
closed, WAV headers final. The exit status is then 128 + the signal's number
(130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), what a shell reports for a
process the signal killed, unless the run failed (1). A second signal exits at
once with that status. A signal the process was started ignoring (nohup) stays
ignored. A write to a closed standard output (flowrun run ... | head) is a
write error of the block that made it: the rest of the graph stops cleanly and
the exit status is 1.

Exit status: 0 success, 1 failure while running, 2 bad input, 128+N stopped by
signal N.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set := map[string]string{}
			for _, s := range sets {
				name, expr, ok := strings.Cut(s, "=")
				if !ok || name == "" {
					return badInput(fmt.Errorf("--set %q: want name=value", s))
				}
				set[name] = expr
			}
			if stats != "text" && stats != "json" && stats != "none" {
				return badInput(fmt.Errorf("--stats %q: want text, json or none", stats))
			}
			if cmd.Flags().Changed("duration") && duration <= 0 {
				return badInput(fmt.Errorf("--duration %v: want a positive duration, e.g. 10s", duration))
			}
			if grace < 0 {
				return badInput(fmt.Errorf("--grace %v: want 0 (wait for ever) or a positive duration", grace))
			}
			l, err := loadFile(reg, args[0], set, host, maxFileSize(cmd), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			l.Graph.SetGrace(grace)
			ctx, stop := context.WithCancel(cmd.Context())
			defer stop()
			if duration > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, duration)
				defer cancel()
			}
			sw := watchSignals(stop, cmd.ErrOrStderr(), os.Exit)
			defer sw.release()

			if uiAddr != "" && uiAddr == control.addr {
				control.addr = "" // the web UI's server serves the control API too
			}
			ctl, err := startControl(cmd, control, l, stop)
			if err != nil {
				return err
			}
			defer ctl.close()
			web, err := startUI(cmd, uiAddr, control, l, stop)
			if err != nil {
				return err
			}
			defer web.close()
			stopProfile, err := startCPUProfile(*profile)
			if err != nil {
				return err
			}
			start := time.Now()
			done := make(chan error, 1)
			go func() { done <- l.Graph.Run(ctx) }()
			showProgress := progress == "on" || progress == "auto" && isTerminal(cmd.ErrOrStderr())
			var runErr error
			if showProgress {
				runErr = watch(cmd.ErrOrStderr(), l, start, done)
			} else {
				runErr = <-done
			}
			elapsed := time.Since(start)
			sw.close() // a signal from now on no longer stops the run: it is over
			sig := sw.received()
			if err := stopProfile(); err != nil {
				return err
			}
			ctl.close() // the control API ends with the run
			web.close() // and so does the web UI
			if (ctl.stopRequested() || web.stopRequested()) && errors.Is(runErr, context.Canceled) {
				runErr = nil
			}
			if sig != nil && errors.Is(runErr, context.Canceled) {
				runErr = nil
			}
			if duration > 0 && errors.Is(runErr, context.DeadlineExceeded) {
				runErr = nil
			}
			if stats != "none" {
				if err := printStats(cmd.OutOrStdout(), stats, l, elapsed); err != nil {
					return failure(errors.Join(runErr, err)) // the run's error first
				}
			}
			if runErr != nil {
				return failure(runErr)
			}
			if sig != nil {
				return &exitError{code: signalExitCode(sig), err: fmt.Errorf("%w by %s", errStopped, signalName(sig))}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "override a graph variable (name=value) or a block parameter (block.param=value) (repeatable)")
	cmd.Flags().DurationVar(&duration, "duration", 0, "stop the graph after this long (e.g. 10s)")
	cmd.Flags().DurationVar(&grace, "grace", flowgraph.DefaultGrace,
		"once stopping, how long to wait for a block to return from Init or Work before giving up on it and failing (0: wait for ever)")
	cmd.Flags().StringVar(&host, "host", "", "for a graph with a hosts section, run only this host's blocks, joined to the other hosts' by ZeroMQ")
	cmd.Flags().StringVar(&stats, "stats", "text", "statistics after the run: text, json or none")
	cmd.Flags().StringVar(&progress, "progress", "auto", "live progress line: auto (on a terminal), on, off")
	control = addControlFlags(cmd)
	cmd.Flags().StringVar(&uiAddr, "ui", "",
		"serve the web UI (graph, display sinks, controls) and the control API on this address, e.g. 127.0.0.1:8080 "+
			"(--control-allow-remote and --control-token apply to it too)")
	profile = addProfileFlag(cmd)
	return cmd
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// total returns the number of items the graph will move, when a head block
// bounds it (0 if unknown).
func total(l *graphfile.Loaded) uint64 {
	var t uint64
	for _, b := range l.Blocks {
		if b.ID == "head" {
			if n := uint64(b.Params.Int("items")); t == 0 || n < t {
				t = n
			}
		}
	}
	return t
}

// sunk is how many items the graph's sinks have consumed (the first input of each).
func sunk(st []flowgraph.BlockStats) (n uint64) {
	for _, s := range st {
		if len(s.Produced) == 0 && len(s.Consumed) > 0 {
			n = max(n, s.Consumed[0])
		}
	}
	return n
}

// watch redraws a progress line twice a second until the run ends.
func watch(w io.Writer, l *graphfile.Loaded, start time.Time, done <-chan error) error {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	want := total(l)
	for {
		select {
		case err := <-done:
			fmt.Fprint(w, "\r\033[K")
			return err
		case <-tick.C:
			el := time.Since(start)
			n := sunk(l.Graph.Stats())
			line := fmt.Sprintf("%8.1fs  %s items  %s items/s", el.Seconds(), si(float64(n)), si(float64(n)/el.Seconds()))
			if want > 0 {
				frac := min(float64(n)/float64(want), 1)
				bar := strings.Repeat("#", int(frac*30)) + strings.Repeat(".", 30-int(frac*30))
				line = fmt.Sprintf("[%s] %5.1f%% %s", bar, 100*frac, line)
			}
			fmt.Fprint(w, "\r\033[K"+line)
		}
	}
}

// si formats a number with an SI prefix.
func si(x float64) string {
	for _, u := range []struct {
		div float64
		suf string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if x >= u.div {
			return fmt.Sprintf("%.2f%s", x/u.div, u.suf)
		}
	}
	return fmt.Sprintf("%.0f", x)
}

type blockReport struct {
	Name        string      `json:"name"`
	ID          string      `json:"id"`
	WorkCalls   uint64      `json:"work_calls"`
	Consumed    []uint64    `json:"items_in"`
	Produced    []uint64    `json:"items_out"`
	WorkSeconds float64     `json:"work_seconds"`
	WaitSeconds float64     `json:"wait_seconds"`
	ItemsPerSec float64     `json:"items_per_second"` // items through the block per second of run time
	Finished    bool        `json:"finished"`
	Buffers     []outBuffer `json:"out_buffers"` // per output (latency.go)
}

func printStats(w io.Writer, format string, l *graphfile.Loaded, elapsed time.Duration) error {
	st := l.Graph.Stats()
	reports := make([]blockReport, len(st))
	for i, s := range st {
		var items uint64
		for _, c := range s.Consumed {
			items = max(items, c)
		}
		for _, p := range s.Produced {
			items = max(items, p)
		}
		if s.Consumed == nil {
			s.Consumed = []uint64{}
		}
		if s.Produced == nil {
			s.Produced = []uint64{}
		}
		reports[i] = blockReport{Name: s.Name, ID: l.Blocks[i].ID, WorkCalls: s.WorkCalls, Consumed: s.Consumed,
			Produced: s.Produced, WorkSeconds: s.WorkTime.Seconds(), WaitSeconds: s.WaitTime.Seconds(),
			ItemsPerSec: float64(items) / elapsed.Seconds(), Finished: s.Finished, Buffers: outBuffers(s)}
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"graph": l.Name, "seconds": elapsed.Seconds(), "blocks": reports})
	}
	fmt.Fprintf(w, "graph %q ran %.3fs\n", l.Name, elapsed.Seconds())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "block\tid\twork calls\titems in\titems out\twork time\titems/s\tout limit/capacity\t")
	for _, r := range reports {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%.3fs\t%s\t%s\t\n", termSafe(r.Name, false), termSafe(r.ID, false), r.WorkCalls, list(r.Consumed), list(r.Produced),
			r.WorkSeconds, si(r.ItemsPerSec), limits(r.Buffers))
	}
	return tw.Flush()
}

func list(xs []uint64) string {
	if len(xs) == 0 {
		return "-"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}
