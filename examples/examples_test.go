// Package examples_test runs every shipped example end to end and checks
// what it produces.
package examples_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
)

// readWAV returns the 16-bit mono samples of a PCM WAV file, scaled to ±1,
// and its sample rate.
func readWAV(t *testing.T, path string) ([]float64, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("%s is not a WAV file", path)
	}
	var rate int
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := b[p+8 : min(len(b), p+8+size)]
		switch id {
		case "fmt ":
			if binary.LittleEndian.Uint16(body[0:2]) != 1 || binary.LittleEndian.Uint16(body[2:4]) != 1 || binary.LittleEndian.Uint16(body[14:16]) != 16 {
				t.Fatalf("%s: not 16-bit mono PCM", path)
			}
			rate = int(binary.LittleEndian.Uint32(body[4:8]))
		case "data":
			x := make([]float64, len(body)/2)
			for i := range x {
				x[i] = float64(int16(binary.LittleEndian.Uint16(body[2*i:]))) / 32768
			}
			return x, rate
		}
		p += 8 + size + size%2
	}
	t.Fatalf("%s: no data chunk", path)
	return nil, 0
}

// power is the squared amplitude of the component of x at frequency f: a
// sine of amplitude a gives a² (a single-bin DFT, scaled by 4/n²).
func power(x []float64, f float64, rate int) float64 {
	w := 2 * math.Pi * f / float64(rate)
	var re, im float64
	for i, v := range x {
		re += v * math.Cos(w*float64(i))
		im -= v * math.Sin(w*float64(i))
	}
	n := float64(len(x))
	return (re*re + im*im) * 4 / (n * n)
}

func TestFMReceiverRecoversTheTestTone(t *testing.T) {
	t.Chdir("..") // paths in the example are relative to the repository root
	data, err := os.ReadFile("examples/fm_receiver.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wav := filepath.Join(t.TempDir(), "fm.wav")
	l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: "examples/fm_receiver.yaml", Set: map[string]string{"wav.path": wav}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.Graph.Run(ctx); err != nil {
		t.Fatal(err)
	}
	checkTone(t, wav)
}

// checkTone checks the FM receiver's output: about 2 s at 48 kHz holding
// the transmitter's 1 kHz tone at amplitude 0.6, 30 dB above anything else.
func checkTone(t *testing.T, wav string) {
	t.Helper()
	x, rate := readWAV(t, wav)
	if rate != 48000 || math.Abs(float64(len(x))-2*48000) > 500 {
		t.Fatalf("%d samples at %d Hz, want about 2 s at 48 kHz", len(x), rate)
	}
	x = x[len(x)/4:] // past the filters' start-up
	tone := power(x, 1000, rate)
	// The transmitter's tone is 0.6 of full deviation: the demodulated tone's amplitude is 0.6.
	if a := math.Sqrt(tone); math.Abs(a-0.6) > 0.06 {
		t.Errorf("1 kHz tone amplitude %.3f, want 0.6 ± 10%%", a)
	}
	for _, f := range []float64{300, 700, 1500, 2000, 3000, 5000, 10000} {
		if p := power(x, f, rate); p > tone/1000 {
			t.Errorf("%g Hz holds %.1f dB relative to the tone: want the tone to dominate by 30 dB", f, 10*math.Log10(p/tone))
		}
	}
}

// TestFMSplitOverTwoHostsMatchesOneProcess runs examples/fm_split.yaml as
// two hosts (two graphs of this process joined by ZeroMQ over loopback, as
// two flowrun processes would be): the demodulator's host hears the tone,
// and both parts end by themselves when the recording does.
func TestFMSplitOverTwoHostsMatchesOneProcess(t *testing.T) {
	t.Chdir("..")
	data, err := os.ReadFile("examples/fm_split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Free ports instead of the example's 5600 and 5700.
	for _, p := range []string{"5600", "5700"} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		free := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		ln.Close()
		data = bytes.Replace(data, []byte("127.0.0.1:"+p), []byte("127.0.0.1:"+free), 1)
	}
	wav := filepath.Join(t.TempDir(), "fm.wav")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	errs := make(chan error, 2)
	for _, host := range []string{"dsp", "rx"} {
		l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: "examples/fm_split.yaml", Host: host, Set: map[string]string{"wav.path": wav}})
		if err != nil {
			t.Fatalf("host %s: %v", host, err)
		}
		names := []string{}
		for _, b := range l.Blocks {
			names = append(names, b.Name+":"+b.ID)
		}
		want := map[string]string{
			"rx":  "iq:file_source to_complex:interleaved_char_to_complex channel:freq_xlating_fir_filter to_dsp_1:zmq_push_sink",
			"dsp": "demod:quadrature_demod deemph:iir_filter audio:rational_resampler wav:wav_sink from_rx_1:zmq_pull_source",
		}[host]
		if got := strings.Join(names, " "); got != want {
			t.Fatalf("host %s runs %s, want %s", host, got, want)
		}
		go func() { errs <- l.Graph.Run(ctx) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	checkTone(t, wav)
}

func TestFMRecordingIsTheGeneratorsOutput(t *testing.T) {
	got, err := os.ReadFile("../testdata/fm_240k_int8.iq")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 960000 {
		t.Fatalf("recording holds %d bytes, want 2 s × 240 kS/s × 2", len(got))
	}
}

func TestBenchmarkGraphsRunAndDeliverEveryItem(t *testing.T) {
	t.Chdir("..")
	// Every chain delivers exactly items: filters prepend their history's
	// zeros, as in GNU Radio, and output one item per input.
	for _, tc := range []struct {
		file  string
		items string
	}{{"internal/benchgraphs/copy_chain.yaml", "100000"}, {"internal/benchgraphs/fir_chain.yaml", "20000"}, {"internal/benchgraphs/fft_chain.yaml", "2048*20"}} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: tc.file, Set: map[string]string{"items": tc.items}})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Graph.Run(context.Background()); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		st := l.Graph.Stats()
		want := uint64(l.Vars["items"])
		if got := st[len(st)-1].Consumed[0]; got != want {
			t.Errorf("%s: the sink consumed %d items, want %d", tc.file, got, want)
		}
	}
}

// TestEveryExampleGraphLoads validates every graph file in examples/ as
// `flowrun validate` does: blocks, parameters and connections.
func TestEveryExampleGraphLoads(t *testing.T) {
	t.Chdir("..") // paths in the examples are relative to the repository root
	files, err := filepath.Glob("examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("only %v in examples/", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: f}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestStrobeSetExampleRetunesTheTone runs examples/strobe_set.yaml as
// shipped: it ends by itself after its head's items, and both typed
// messages reach signal_source's set port and apply.
func TestStrobeSetExampleRetunesTheTone(t *testing.T) {
	t.Chdir("..")
	data, err := os.ReadFile("examples/strobe_set.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: "examples/strobe_set.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := l.Graph.Run(ctx); err != nil { // no --duration: the head ends it
		t.Fatal(err)
	}
	byName := map[string]flowgraph.BlockStats{}
	for _, st := range l.Graph.Stats() {
		byName[st.Name] = st
	}
	if got, want := byName["tags"].Consumed[0], uint64(l.Vars["samp_rate"]); got != want {
		t.Errorf("the sink consumed %d items, want samp_rate = %d", got, want)
	}
	if st := byName["src"]; st.MsgHandled[0] != 2 || st.MsgRejected[0] != 0 {
		t.Errorf("src.set handled %d messages, rejected %d: want 2 and 0", st.MsgHandled[0], st.MsgRejected[0])
	}
	for _, p := range []struct {
		name string
		want float64
	}{{"frequency", 1500}, {"amplitude", 0.25}} {
		if got, err := l.Graph.Get("src", p.name); err != nil || got != p.want {
			t.Errorf("src.%s = %v (%v) after the run, want %v", p.name, got, err, p.want)
		}
	}
}

// TestFMReceiverUIExampleShowsTheStation runs examples/fm_receiver_ui.yaml
// for a moment without a browser: the spectrum shows the station between
// +20 and +60 kHz, well above the rest, and the waterfall's PNG is written.
func TestFMReceiverUIExampleShowsTheStation(t *testing.T) {
	t.Chdir("..")
	data, err := os.ReadFile("examples/fm_receiver_ui.yaml")
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(t.TempDir(), "wf.png")
	l, err := graphfile.Load(data, blocks.NewRegistry(), graphfile.Options{File: "examples/fm_receiver_ui.yaml", Set: map[string]string{"waterfall.png": png}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if err := l.Graph.Run(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	f := l.Graph.Block("spectrum").(display.Sink).Frame(0)
	if f == nil {
		t.Fatal("no spectrum frame")
	}
	sp := f.Data.(*display.Spectrum)
	n := len(sp.Power)
	var in, out float64
	var nin, nout int
	for k, p := range sp.Power {
		hz := sp.Center + float64(k-n/2)*sp.Rate/float64(n)
		if hz > 25e3 && hz < 55e3 {
			in += math.Pow(10, float64(p)/10)
			nin++
		} else if hz < 10e3 || hz > 70e3 {
			out += math.Pow(10, float64(p)/10)
			nout++
		}
	}
	if ratio := 10 * math.Log10((in/float64(nin))/(out/float64(nout))); ratio < 20 {
		t.Errorf("the station's band is %.1f dB above the rest, want at least 20", ratio)
	}
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("waterfall PNG: %v", err)
	}
}
