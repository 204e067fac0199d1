package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/sys/cpu"

	"github.com/flowrun/flowrun/blocks/kernelbench"
	"github.com/flowrun/flowrun/internal/benchgraphs"
)

// FIR kernel figure: the fir_k rows' filter, 64 real taps on complex64
// items, alone on data that stays in the L1 cache.
const (
	firTaps    = 64
	firOutputs = 2048
	// firFlop is the floating-point operations per output: a multiply and
	// an add per tap for each of the real and imaginary parts.
	firFlop = 4 * firTaps
)

// firKernel is the FIR kernel's throughput against the core's limit.
type firKernel struct {
	Variant     string  `json:"variant"`
	Taps        int     `json:"taps"`
	NsPerOutput float64 `json:"ns_per_output"`
	MSps        float64 `json:"msps"`
	GFlops      float64 `json:"gflops"` // firFlop per output
	// LimitGFlops is the core's peak for the variant's instructions
	// (Formula), 0 when not computed for the variant.
	LimitGFlops float64 `json:"limit_gflops,omitempty"`
	Formula     string  `json:"limit_formula,omitempty"`
}

// benchMachine describes the computer and the kernels the benchmarks ran with.
type benchMachine struct {
	GOOS     string   `json:"goos"`
	GOARCH   string   `json:"goarch"`
	CPUs     int      `json:"cpus"`
	Go       string   `json:"go"`
	CPU      string   `json:"cpu,omitempty"` // /proc/cpuinfo's model name
	Features []string `json:"cpu_features,omitempty"`
	// ProcMHz is /proc/cpuinfo's "cpu MHz" (in virtual machines often the
	// nominal clock, not the running one); ClockGHz the clock measured by
	// kernelbench.ClockGHz while the core is busy.
	ProcMHz   float64   `json:"cpu_mhz_proc,omitempty"`
	ClockGHz  float64   `json:"clock_ghz_measured"`
	FIRKernel firKernel `json:"fir_kernel"`
	FFTKernel string    `json:"fft_kernel"`
}

func describeMachine() benchMachine {
	m := benchMachine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, CPUs: runtime.NumCPU(), Go: runtime.Version(),
		Features: cpuFeatures(), FFTKernel: kernelbench.FFTVariant()}
	var core cpuCore
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU, m.ProcMHz = parseCPUInfo(string(data))
		core = parseCPUCore(string(data))
	}
	m.ClockGHz = kernelbench.ClockGHz(200 * time.Millisecond)
	ns := kernelbench.FIRComplexReal(firTaps, firOutputs, 300*time.Millisecond)
	m.FIRKernel = firKernel{Variant: kernelbench.FIRVariant(), Taps: firTaps, NsPerOutput: ns, MSps: 1e3 / ns, GFlops: firFlop / ns}
	m.FIRKernel.LimitGFlops, m.FIRKernel.Formula = coreLimit(m.FIRKernel.Variant, max(m.ClockGHz, m.ProcMHz/1e3), core)
	return m
}

// parseCPUInfo returns the first model name and cpu MHz of /proc/cpuinfo.
func parseCPUInfo(s string) (model string, mhz float64) {
	for line := range strings.SplitSeq(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch k, v = strings.TrimSpace(k), strings.TrimSpace(v); {
		case k == "model name" && model == "":
			model = v
		case k == "cpu MHz" && mhz == 0:
			mhz, _ = strconv.ParseFloat(v, 64)
		}
	}
	return model, mhz
}

// cpuCore is what coreLimit needs to know of an x86 core besides its
// kernel variant: the width of its FMA units follows from who made it and
// its family.
type cpuCore struct {
	vendor string // /proc/cpuinfo's vendor_id: GenuineIntel, AuthenticAMD
	family int    // /proc/cpuinfo's cpu family, 0 when unknown
}

// parseCPUCore returns the vendor and family of /proc/cpuinfo's first
// processor. x/sys/cpu reports features but not the family, so the family
// comes from the file that parseCPUInfo reads too.
func parseCPUCore(s string) cpuCore {
	var c cpuCore
	for line := range strings.SplitSeq(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch k, v = strings.TrimSpace(k), strings.TrimSpace(v); {
		case k == "vendor_id" && c.vendor == "":
			c.vendor = v
		case k == "cpu family" && c.family == 0:
			c.family, _ = strconv.Atoi(v)
		}
	}
	return c
}

// coreLimit is one core's peak float32 flop rate for a kernel variant at
// ghz on core, and how it is computed; 0 and "" for variants or cores
// without a known peak. It is the limit of the kernel's instructions, not
// always of the core.
//
// AVX2+FMA: two FMA units (Intel since Haswell, AMD since Zen 2), each an
// 8-lane multiply-add (2 flop per lane) per cycle.
//
// AVX-512: two 16-lane FMA units on Intel's cores with AVX-512 and on AMD's
// from Zen 5 (family 26) on. Zen 4 (family 25) executes each 512-bit FMA as
// two 256-bit halves, so its AVX-512 peak is the AVX2 one. Some Intel parts
// (client cores, lower Xeon bins) have one 512-bit FMA unit, and their
// figure understates the share of the peak reached by half. Without the
// vendor and family (no /proc/cpuinfo) there is no AVX-512 limit.
func coreLimit(variant string, ghz float64, core cpuCore) (float64, string) {
	if ghz <= 0 {
		return 0, ""
	}
	switch {
	case variant == "avx2+fma":
		return 2 * 8 * 2 * ghz, fmt.Sprintf("2 FMA units x 8 float32 lanes x 2 flop x %.2f GHz", ghz)
	case variant != "avx512":
		return 0, ""
	case core.vendor == "GenuineIntel", core.vendor == "AuthenticAMD" && core.family >= 26:
		return 2 * 16 * 2 * ghz, fmt.Sprintf("2 FMA units x 16 float32 lanes x 2 flop x %.2f GHz", ghz)
	case core.vendor == "AuthenticAMD" && core.family == 25:
		return 2 * 8 * 2 * ghz, fmt.Sprintf("2 FMA units x 8 float32 lanes (Zen 4: 512-bit FMAs in two halves) x 2 flop x %.2f GHz", ghz)
	default:
		return 0, ""
	}
}

// cpuFeatures lists the SIMD features that matter to the kernels.
func cpuFeatures() []string {
	var f []string
	for _, x := range []struct {
		name string
		has  bool
	}{{"avx2", cpu.X86.HasAVX2}, {"fma", cpu.X86.HasFMA}, {"avx512f", cpu.X86.HasAVX512F},
		{"asimd", cpu.ARM64.HasASIMD}, {"sve", cpu.ARM64.HasSVE}} {
		if x.has {
			f = append(f, x.name)
		}
	}
	return f
}

// printMachine writes the lines that head flowrun bench's output.
func printMachine(w io.Writer, m benchMachine) error {
	cpuName := m.CPU
	if cpuName == "" {
		cpuName = m.GOARCH
	}
	fmt.Fprintf(w, "cpu: %s, %d CPUs", cpuName, m.CPUs)
	if len(m.Features) > 0 {
		fmt.Fprintf(w, ", %s", strings.Join(m.Features, " "))
	}
	fmt.Fprintf(w, "; clock %.2f GHz measured", m.ClockGHz)
	if m.ProcMHz > 0 {
		fmt.Fprintf(w, " (/proc/cpuinfo: %.0f MHz)", m.ProcMHz)
	}
	fmt.Fprintf(w, "; %s %s/%s\n", m.Go, m.GOOS, m.GOARCH)
	k := m.FIRKernel
	fmt.Fprintf(w, "kernels: FIR %s, FFT %s\n", k.Variant, m.FFTKernel)
	fmt.Fprintf(w, "FIR kernel, %d real taps on complex64 (%d flop/output): %.2f ns/output = %.0f MS/s = %.1f GFLOP/s",
		k.Taps, 4*k.Taps, k.NsPerOutput, k.MSps, k.GFlops)
	if k.LimitGFlops > 0 {
		fmt.Fprintf(w, ", %.0f%% of the core's %.1f GFLOP/s (%s)", 100*k.GFlops/k.LimitGFlops, k.LimitGFlops, k.Formula)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// fftSweepSizes are the transform sizes of the sweep.
var fftSweepSizes = []int{64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536}

// fftSweepBudget is the time each timing of one size takes, per framework
// and round.
const fftSweepBudget = 200 * time.Millisecond

// fftSweepRow is one size of the FFT sweep: ns per transform in each
// round, ours and FFTW's, interleaved.
type fftSweepRow struct {
	Name       string    `json:"name"` // fft_sweep_N
	Size       int       `json:"size"`
	Ours       []float64 `json:"flowrun_ns"`
	FFTW       []float64 `json:"fftw_ns"`
	OursMedian float64   `json:"flowrun_ns_median"`
	FFTWMedian float64   `json:"fftw_ns_median"`
	// Ratio is the median over rounds of ours/FFTW's time in the round:
	// below 1, ours is faster.
	Ratio float64 `json:"time_ratio"`
}

// fftSweep is the FFT size sweep, or why it was skipped.
type fftSweep struct {
	Skipped string        `json:"skipped,omitempty"`
	FFTW    string        `json:"fftw_version,omitempty"`
	Rows    []fftSweepRow `json:"rows,omitempty"`
}

// errNoFFTW is why the sweep is skipped: gcc or FFTW's headers or library
// are missing.
var errNoFFTW = errors.New("FFT sweep skipped: it needs gcc and FFTW (on Debian: apt-get install -y --no-install-recommends gcc libfftw3-dev)")

// buildFFTW compiles the FFTW timing program into dir.
func buildFFTW(ctx context.Context, dir string) (string, error) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		return "", errNoFFTW
	}
	src, err := benchgraphs.Files.ReadFile(benchgraphs.FFTWBench)
	if err != nil {
		return "", err
	}
	c := filepath.Join(dir, "fftw_bench.c")
	if err := os.WriteFile(c, src, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "fftw_bench")
	out, err := exec.CommandContext(ctx, gcc, "-O2", "-o", bin, c, "-lfftw3f").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w: gcc: %v: %s", errNoFFTW, err, firstLine(string(out)))
	}
	return bin, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// runFFTSweep times our FFT and FFTW's at every size, reps rounds, ours
// then FFTW's for each size in each round. A missing gcc or FFTW skips it.
func runFFTSweep(ctx context.Context, dir string, reps int, progress func(string)) (*fftSweep, error) {
	bin, err := buildFFTW(ctx, dir)
	if errors.Is(err, errNoFFTW) {
		return &fftSweep{Skipped: err.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	wisdom := filepath.Join(dir, "fftw.wisdom")
	fftw := func(n int, budget time.Duration) (float64, error) {
		out, err := exec.CommandContext(ctx, bin, wisdom, strconv.FormatFloat(budget.Seconds(), 'g', -1, 64), strconv.Itoa(n)).Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return 0, fmt.Errorf("fftw_bench %d: %v: %s", n, err, firstLine(string(ee.Stderr)))
			}
			return 0, fmt.Errorf("fftw_bench %d: %v", n, err)
		}
		f := strings.Fields(string(out))
		if len(f) != 2 || f[0] != strconv.Itoa(n) {
			return 0, fmt.Errorf("fftw_bench %d printed %q", n, out)
		}
		return strconv.ParseFloat(f[1], 64)
	}
	sw := &fftSweep{}
	for _, n := range fftSweepSizes {
		progress(fmt.Sprintf("FFT sweep: FFTW plans %d points (FFTW_MEASURE)", n))
		if _, err := fftw(n, time.Millisecond); err != nil { // plan once, into the wisdom file
			return nil, err
		}
		sw.Rows = append(sw.Rows, fftSweepRow{Name: "fft_sweep_" + strconv.Itoa(n), Size: n})
	}
	for r := range reps {
		for i := range sw.Rows {
			row := &sw.Rows[i]
			progress(fmt.Sprintf("FFT sweep round %d/%d: %d points", r+1, reps, row.Size))
			ours, err := kernelbench.FFT(row.Size, fftSweepBudget)
			if err != nil {
				return nil, err
			}
			theirs, err := fftw(row.Size, fftSweepBudget)
			if err != nil {
				return nil, err
			}
			row.Ours, row.FFTW = append(row.Ours, ours), append(row.FFTW, theirs)
		}
	}
	for i := range sw.Rows {
		sw.Rows[i].summarize()
	}
	if v, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f", "${Version}", "libfftw3-single3").Output(); err == nil {
		sw.FFTW = "libfftw3-single3 " + string(bytes.TrimSpace(v))
	}
	return sw, nil
}

// summarize computes the row's medians and its median ratio.
func (r *fftSweepRow) summarize() {
	ratios := make([]float64, 0, len(r.Ours))
	for i := range min(len(r.Ours), len(r.FFTW)) {
		if r.FFTW[i] > 0 {
			ratios = append(ratios, r.Ours[i]/r.FFTW[i])
		}
	}
	if len(r.Ours) > 0 {
		r.OursMedian = median(r.Ours)
	}
	if len(r.FFTW) > 0 {
		r.FFTWMedian = median(r.FFTW)
	}
	r.Ratio = math.NaN()
	if len(ratios) > 0 {
		r.Ratio = median(ratios)
	}
}

// printFFTSweep writes the sweep's table (after a blank line when it
// follows the rows' table).
func printFFTSweep(w io.Writer, sw *fftSweep, after bool) error {
	if after {
		fmt.Fprintln(w)
	}
	if sw.Skipped != "" {
		_, err := fmt.Fprintln(w, sw.Skipped)
		return err
	}
	rounds := 0
	if len(sw.Rows) > 0 {
		rounds = len(sw.Rows[0].Ours)
	}
	fftw := "FFTW"
	if sw.FFTW != "" {
		fftw = sw.FFTW
	}
	fmt.Fprintf(w, "FFT sweep against %s (FFTW_MEASURE): out-of-place forward complex64 transforms, ns each (fastest of 20 batches), medians of %d interleaved rounds\n", fftw, rounds)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tflowrun ns\tFFTW ns\tflowrun/FFTW\t")
	for _, r := range sw.Rows {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t\n", r.Name, r.OursMedian, r.FFTWMedian, r.Ratio)
	}
	return tw.Flush()
}
