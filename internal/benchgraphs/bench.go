// Package benchgraphs holds the benchmark graphs that flowrun bench runs,
// one YAML file per row, and their GNU Radio 3.10 twins (gr_*.py),
// embedded so that the command works from any directory.
//
// It is internal: the graphs are data for the bench command (package cli)
// and for the benchmarks beside them (go test -bench Graphs
// ./internal/benchgraphs), and its Go API (the table of rows, Select,
// WriteTwins, SinkCounts) is the command's plumbing, not something a user
// of flowrun should depend on. The graph files themselves are ordinary
// graph files: go run ./cmd/flowrun run internal/benchgraphs/fir_k1.yaml.
// They are not under examples/ because they are measurements, generated
// and kept in step with their GNU Radio twins, rather than programs to
// learn from.
//
// The graphs are generated: go generate ./internal/benchgraphs
package benchgraphs

//go:generate go run gen.go

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/internal/fmsignal"
)

// Files holds the graphs, the GNU Radio twins and the FFTW timing program
// of flowrun bench --fft-sweep (FFTWBench).
//
//go:embed *.yaml *.py fftw/fftw_bench.c
var Files embed.FS

// FFTWBench is the FFTW timing program's name in Files.
const FFTWBench = "fftw/fftw_bench.c"

// Benchmark is one row of flowrun bench.
type Benchmark struct {
	Name   string // e.g. copy_k10; the graph is Name + ".yaml"
	Family string // copy, fir, fft, mixed or fm
	K      int    // stages in the chain (in each pipe)
	// Pipes is the number of parallel, independent pipes, each from its own
	// source through its own head to its own sink; 0 means 1. The mixed row
	// (FutureSDR's perf/fir) has several.
	Pipes int
	Items uint64 // default item count per pipe (the graph's items variable)
	// Quantum is the granularity of the item count: the FFT chains move
	// whole 2048-item vectors, so N is rounded down to a multiple of it.
	Quantum uint64
	Twin    string // GNU Radio twin script, run with --k K --pipes P --items N
	// Recording, for a row that reads a recording instead of a source and
	// head, describes it: flowrun bench writes N samples of it to a file
	// (Record) and passes its path to the graph (RecordingBlock's path
	// parameter) and to the twin (--file). N is then the recording's
	// samples, and the throughput counts them rather than the sinks' items.
	Recording *fmsignal.Params
	// out, when not nil, is the item count each sink sees for n input
	// samples (a row that decimates); nil means n.
	out func(n uint64) uint64
	// TwinShort is how many items fewer than Expected each of the twin's
	// sinks sees.
	TwinShort uint64
}

// RecordingBlock is the name of the file source that reads a row's
// recording.
const RecordingBlock = "iq"

// Settings returns the graph settings (graphfile.Options.Set) of a run of
// n items: the head blocks' items variable, or the path of the recording.
func (b Benchmark) Settings(n uint64, recording string) map[string]string {
	if b.Recording != nil {
		return map[string]string{RecordingBlock + ".path": recording}
	}
	return map[string]string{"items": strconv.FormatUint(n, 10)}
}

// Rate is the sample rate of the row's input signal, 0 for the chains,
// whose items are no signal: seconds of signal per wall second is N / Rate
// / seconds.
func (b Benchmark) Rate() float64 {
	if b.Recording == nil {
		return 0
	}
	return b.Recording.SampleRate
}

// Record writes the row's recording of n samples to path.
func (b Benchmark) Record(path string, n uint64) error {
	if b.Recording == nil {
		return fmt.Errorf("benchgraphs: %s reads no recording", b.Name)
	}
	p := *b.Recording
	p.Seconds = float64(n) / p.SampleRate
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = fmsignal.Write(f, p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// File is the name of the benchmark's graph in Files.
func (b Benchmark) File() string { return b.Name + ".yaml" }

// Graph returns the graph's YAML.
func (b Benchmark) Graph() ([]byte, error) { return Files.ReadFile(b.File()) }

// ItemsFor returns the item count to run with: n, or the default when n is 0,
// rounded down to the quantum.
func (b Benchmark) ItemsFor(n uint64) uint64 {
	if n == 0 {
		n = b.Items
	}
	return max(n/b.Quantum*b.Quantum, b.Quantum)
}

// Expected is how many items each sink must see when n items pass each
// pipe's head block (or n samples are read from the recording). Every chain
// delivers them all, as GNU Radio does (its FIR filters prepend taps-1
// zeros of history); the FM receiver decimates.
func (b Benchmark) Expected(n uint64) uint64 {
	if b.out != nil {
		return b.out(n)
	}
	return n
}

// Sinks is the number of sinks in the graph: one per pipe.
func (b Benchmark) Sinks() int { return max(b.Pipes, 1) }

// Total is the items a row's throughput counts per rep, for n items per
// pipe: the items through all the sinks together, or, for a row that reads
// a recording, its n samples. A row's throughput is Total per wall second.
func (b Benchmark) Total(n uint64) uint64 {
	if b.Recording != nil {
		return n
	}
	return b.Expected(n) * uint64(b.Sinks())
}

// All lists the benchmarks in the order flowrun bench runs them.
func All() []Benchmark {
	return []Benchmark{
		{Name: "copy_k1", Family: "copy", K: 1, Items: 1e9, Quantum: 1, Twin: "gr_copy_chain.py"},
		{Name: "copy_k10", Family: "copy", K: 10, Items: 3e8, Quantum: 1, Twin: "gr_copy_chain.py"},
		{Name: "copy_k50", Family: "copy", K: 50, Items: 5e7, Quantum: 1, Twin: "gr_copy_chain.py"},
		{Name: "copy_k200", Family: "copy", K: 200, Items: 2e7, Quantum: 1, Twin: "gr_copy_chain.py"},
		{Name: "fir_k1", Family: "fir", K: 1, Items: 1e8, Quantum: 1, Twin: "gr_fir_chain.py"},
		{Name: "fir_k4", Family: "fir", K: 4, Items: 4e7, Quantum: 1, Twin: "gr_fir_chain.py"},
		{Name: "fir_k10", Family: "fir", K: 10, Items: 2e7, Quantum: 1, Twin: "gr_fir_chain.py"},
		{Name: "fft_k1", Family: "fft", K: 1, Items: 2048e5, Quantum: 2048, Twin: "gr_fft_chain.py"},
		{Name: "fft_k4", Family: "fft", K: 4, Items: 1024e5, Quantum: 2048, Twin: "gr_fft_chain.py"},
		// FutureSDR's perf/fir: 3 pipes of 4 x [copy_rand(max 512) -> FIR (64 taps)], float32.
		{Name: "fir_mixed", Family: "mixed", K: 4, Pipes: 3, Items: 2e7, Quantum: 1, Twin: "gr_fir_mixed.py"},
		// An FM broadcast receiver on 10 s of RTL-SDR-style recording
		// (fm_rx.yaml). Audio comes out at 1/50 of the input rate, from the
		// resampler's 73 taps on: its first output needs 73 inputs. GNU
		// Radio's resampler ends 2 outputs earlier (measured at several
		// lengths).
		{Name: "fm_rx", Family: "fm", K: 1, Items: 24e6, Quantum: 50, Twin: "gr_fm_rx.py",
			Recording: &fmsignal.RTLSDR, out: fmAudio, TwinShort: 2},
	}
}

// fmAudio is the audio samples fm_rx.yaml makes of n input samples: the
// channel filter decimates by 10, and the resampler (decimation 5, 73 taps,
// history none) makes one output per 5 inputs once it has 73.
func fmAudio(n uint64) uint64 {
	const taps, decim = 73, 5
	if m := n / 10; m >= taps {
		return (m-taps)/decim + 1
	}
	return 0
}

// Select returns the benchmarks named in a comma-separated list; a name
// matches itself and, as a family, every benchmark of that family ("fir"
// picks fir_k1, fir_k4, fir_k10; "mixed" picks fir_mixed). An empty list
// selects all.
func Select(only string) ([]Benchmark, error) {
	all := All()
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	var out []Benchmark
	seen := map[string]bool{}
	for _, want := range strings.Split(only, ",") {
		want = strings.TrimSpace(want)
		found := false
		for _, b := range all {
			if b.Name == want || b.Family == want {
				found = true
				if !seen[b.Name] {
					seen[b.Name] = true
					out = append(out, b)
				}
			}
		}
		if !found {
			var names, families []string
			for _, b := range all {
				names = append(names, b.Name)
				if !slices.Contains(families, b.Family) {
					families = append(families, b.Family)
				}
			}
			return nil, fmt.Errorf("no benchmark %q (have %s; families %s)", want, strings.Join(names, ", "), strings.Join(families, ", "))
		}
	}
	return out, nil
}

// WriteTwins copies the GNU Radio scripts into dir, so they can be run.
func WriteTwins(dir string) error {
	names, err := fs.Glob(Files, "*.py")
	if err != nil {
		return err
	}
	for _, n := range names {
		data, err := Files.ReadFile(n)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// SinkCounts returns the items each sink (a block with inputs and no
// outputs) consumed on its first input, in the order of the graph's blocks:
// what a benchmark's item check compares with Expected.
func SinkCounts(st []flowgraph.BlockStats) []uint64 {
	var n []uint64
	for _, s := range st {
		if len(s.Produced) == 0 && len(s.Consumed) > 0 {
			n = append(n, s.Consumed[0])
		}
	}
	return n
}
