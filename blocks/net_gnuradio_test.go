package blocks

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// Interoperability with GNU Radio 3.10 (gr-network) and gr-osmosdr: the
// other end of each connection is testdata/gr_net.py, run by
// /usr/bin/python3. The tests skip where GNU Radio's Python modules are not
// installed (Debian: apt-get install gnuradio gr-osmosdr).

const grPython = "/usr/bin/python3"

var grProbe = struct {
	sync.Mutex
	done map[string]error
}{done: map[string]error{}}

// needPython skips the test unless /usr/bin/python3 can import module.
func needPython(t *testing.T, module, what string) {
	t.Helper()
	grProbe.Lock()
	err, done := grProbe.done[module]
	if !done {
		out, e := exec.Command(grPython, "-c", "import "+module).CombinedOutput()
		if e != nil {
			err = errors.New(string(bytes.TrimSpace(out)))
			if len(out) == 0 {
				err = e
			}
		}
		grProbe.done[module] = err
	}
	grProbe.Unlock()
	if err != nil {
		t.Skipf("skipped: %s is not installed (%s cannot import %s: %v)", what, grPython, module, err)
	}
}

func needGNURadio(t *testing.T) { needPython(t, "gnuradio.network", "GNU Radio 3.10 (gr-network)") }

// grProc is a run of testdata/gr_net.py.
type grProc struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	out   bytes.Buffer
	ready chan struct{}
	done  chan error
}

// startGR starts gr_net.py with args.
func startGR(t *testing.T, args ...string) *grProc {
	t.Helper()
	p := &grProc{ready: make(chan struct{}), done: make(chan error, 1)}
	p.cmd = exec.Command(grPython, append([]string{filepath.Join("testdata", "gr_net.py")}, args...)...)
	p.cmd.Stderr = lockedWriter{&p.mu, &p.out}
	stdout, err := p.cmd.StdoutPipe()
	must(t, err)
	must(t, p.cmd.Start())
	go func() {
		s := bufio.NewScanner(stdout)
		ready := false
		for s.Scan() {
			if s.Text() == "ready" && !ready {
				ready = true
				close(p.ready)
				continue
			}
			p.mu.Lock()
			p.out.WriteString(s.Text() + "\n")
			p.mu.Unlock()
		}
		p.done <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		select {
		case <-p.done:
		case <-time.After(netTestTimeout):
		}
	})
	return p
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (w lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}

func (p *grProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitReady waits until the script listens.
func (p *grProc) waitReady(t *testing.T) {
	t.Helper()
	select {
	case <-p.ready:
	case err := <-p.done:
		p.done <- err
		t.Fatalf("gr_net.py ended before it was ready: %v\n%s", err, p.output())
	case <-time.After(2 * netTestTimeout):
		t.Fatalf("gr_net.py is not ready after %v\n%s", 2*netTestTimeout, p.output())
	}
}

// wait waits for the script to end and fails the test if it failed.
func (p *grProc) wait(t *testing.T) {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("gr_net.py: %v\n%s", err, p.output())
		}
	case <-time.After(4 * netTestTimeout):
		t.Fatalf("gr_net.py still runs after %v\n%s", 4*netTestTimeout, p.output())
	}
}

// grItems are the items gr_net.py sends and expects: k − 2jk.
func grItems(n int) []complex64 {
	v := make([]complex64, n)
	for k := range v {
		v[k] = complex(float32(k), -2*float32(k))
	}
	return v
}

// readComplex reads a raw complex64 file (host byte order).
func readComplex(t *testing.T, path string) []complex64 {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	v := make([]complex64, len(b)/8)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*8), b)
	return v
}

func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	must(t, err)
	return p
}

func TestGNURadioTCPSinkFeedsOurTCPSource(t *testing.T) {
	needGNURadio(t)
	const n = 200_000
	g, src, out := tcpReceiver[complex64](t, NetServer, "127.0.0.1:0", false)
	ran := startGraph(context.Background(), g)
	gr := startGR(t, "tcp_sink_client", portOf(t, waitAddr(t, src.Addr)), strconv.Itoa(n))
	gr.wait(t)
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}
	if got := out.Items(); !slices.Equal(got, grItems(n)) {
		t.Fatalf("received %d items from GNU Radio's tcp_sink, want %d (first difference at %d)", len(got), n, firstDiff(got, grItems(n)))
	}
}

func TestOurTCPSinkFeedsGNURadioTCPSource(t *testing.T) {
	needGNURadio(t)
	const n = 200_000
	g, snk := tcpSender(t, NetServer, "127.0.0.1:0", grItems(n))
	ran := startGraph(context.Background(), g)
	file := filepath.Join(t.TempDir(), "out.cf32")
	gr := startGR(t, "tcp_source_client", portOf(t, waitAddr(t, snk.Addr)), file)
	gr.wait(t)
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}
	if got := readComplex(t, file); !slices.Equal(got, grItems(n)) {
		t.Fatalf("GNU Radio's tcp_source got %d items, want %d (first difference at %d)", len(got), n, firstDiff(got, grItems(n)))
	}
}

// grHeaders are GNU Radio's header_type values of our header names.
var grHeaders = map[string]string{UDPHeaderNone: "0", UDPHeaderSeqNum: "1", UDPHeaderSeqNumSize: "2"}

func TestGNURadioUDPSinkFeedsOurUDPSource(t *testing.T) {
	needGNURadio(t)
	// Not seqnum_size: GNU Radio 3.10's udp_sink copies its 16-byte header
	// into a 12-byte buffer (udp_sink_impl.h: d_tmpheaderbuff[12]) and
	// crashes. Its udp_source reads that header (TestOurUDPSinkFeedsGNURadioUDPSource).
	for _, header := range []string{UDPHeaderNone, UDPHeaderSeqNum} {
		t.Run(header, func(t *testing.T) {
			n := 50 * (UDPDefaultPayload - udpHeaderBytes[header]) / 8 // whole datagrams: GNU Radio keeps a partial one
			g, src, out := udpReceiver[complex64](t, header, UDPDefaultPayload, false)
			ran := startGraph(context.Background(), g)
			gr := startGR(t, "udp_sink", portOf(t, waitAddr(t, src.Addr)), grHeaders[header], strconv.Itoa(UDPDefaultPayload), strconv.Itoa(n))
			gr.wait(t)
			if err := waitRun(t, ran); err != nil {
				t.Fatal(err)
			}
			if got := out.Items(); !slices.Equal(got, grItems(n)) {
				t.Fatalf("received %d items from GNU Radio's udp_sink, want %d (first difference at %d)", len(got), n, firstDiff(got, grItems(n)))
			}
			if src.LostDatagrams() != 0 || src.BadDatagrams() != 0 || src.Datagrams() < 51 {
				t.Errorf("%d datagrams, %d lost, %d bad", src.Datagrams(), src.LostDatagrams(), src.BadDatagrams())
			}
		})
	}
}

func TestOurUDPSinkFeedsGNURadioUDPSource(t *testing.T) {
	needGNURadio(t)
	for _, header := range []string{UDPHeaderSeqNum, UDPHeaderSeqNumSize} {
		t.Run(header, func(t *testing.T) {
			n := 50 * (UDPDefaultPayload - udpHeaderBytes[header]) / 8
			free, err := net.ListenPacket("udp", "127.0.0.1:0") // a free port for GNU Radio's udp_source
			must(t, err)
			port := portOf(t, free.LocalAddr().String())
			free.Close()
			file := filepath.Join(t.TempDir(), "out.cf32")
			gr := startGR(t, "udp_source", port, grHeaders[header], strconv.Itoa(UDPDefaultPayload), strconv.Itoa(n), file)
			gr.waitReady(t)
			g, _ := udpSender(t, "127.0.0.1:"+port, header, UDPDefaultPayload, grItems(n))
			if err := waitRun(t, startGraph(context.Background(), g)); err != nil {
				t.Fatal(err)
			}
			gr.wait(t)
			if got := readComplex(t, file); !slices.Equal(got, grItems(n)) {
				t.Fatalf("GNU Radio's udp_source got %d items, want %d (first difference at %d)", len(got), n, firstDiff(got, grItems(n)))
			}
		})
	}
}

func TestOsmosdrRTLTCPReadsOurRTLTCPSink(t *testing.T) {
	needPython(t, "osmosdr", "gr-osmosdr")
	const n = 100_000
	levels := rtlLevels(1 << 16)
	vs, err := NewVectorSource(levels, true)
	must(t, err)
	snk, err := NewRTLTCPSink[complex64]("127.0.0.1:0", RTLTunerR820T, 29, true)
	must(t, err)
	g := line(t, flowgraph.New(), []block.Block{vs, snk}, []*block.Out[complex64]{&vs.Out}, []*block.In[complex64]{&snk.In})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := startGraph(ctx, g)
	file := filepath.Join(t.TempDir(), "out.cf32")
	gr := startGR(t, "osmosdr_rtl_tcp", portOf(t, waitAddr(t, snk.Addr)), strconv.Itoa(n), file)
	gr.wait(t)
	cancel()
	if err := waitRun(t, ran); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	got := readComplex(t, file)
	want := slices.Repeat(levels, 2)[:n]
	if len(got) != n {
		t.Fatalf("osmosdr got %d samples, want %d\n%s", len(got), n, gr.output())
	}
	for k := range got {
		if d := got[k] - want[k]; real(d)*real(d)+imag(d)*imag(d) > 1e-12 {
			t.Fatalf("osmosdr's sample %d is %v, want %v (scaled as (x-127.4)/128)", k, got[k], want[k])
		}
	}
	if f, _ := snk.LastCommand(RTLTCPSetFrequency); f != 100_000_000 {
		t.Errorf("the last frequency osmosdr asked for is %d, want 100 MHz", f)
	}
	if r, _ := snk.LastCommand(RTLTCPSetSampleRate); r != 2_400_000 {
		t.Errorf("the last sample rate osmosdr asked for is %d, want 2.4 MHz", r)
	}
	t.Logf("osmosdr sent %d commands", snk.CommandCount())
}
