package blocks_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

// The interop tests run GNU Radio 3.10's gr-zeromq blocks, through
// testdata/zmq_gnuradio.py, against ours, when GNU Radio's Python modules
// are installed.

const zmqPython = "/usr/bin/python3"

// zmqGNURadio starts testdata/zmq_gnuradio.py with args, waits until its
// flowgraph runs, and returns its output lines after "ready" and a wait
// for its end. It skips the test when GNU Radio's zeromq module is missing.
func zmqGNURadio(t *testing.T, ctx context.Context, args ...string) (lines <-chan string, wait func() error) {
	t.Helper()
	if err := exec.Command(zmqPython, "-c", "from gnuradio import zeromq").Run(); err != nil {
		t.Skipf("GNU Radio's zeromq module is not importable by %s (%v): no interop test", zmqPython, err)
	}
	cmd := exec.CommandContext(ctx, zmqPython, append([]string{"testdata/zmq_gnuradio.py"}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	zmqMust(t, err)
	zmqMust(t, cmd.Start())
	ch := make(chan string, 1024)
	ready := make(chan struct{})
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if sc.Text() == "ready" {
				close(ready)
				continue
			}
			ch <- sc.Text()
		}
		io.Copy(io.Discard, out)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	select {
	case <-ready:
	case <-ctx.Done():
		t.Fatalf("GNU Radio's flowgraph did not start: %v", ctx.Err())
	}
	return ch, cmd.Wait
}

// zmqGRLines decodes the JSON lines GNU Radio printed, until they end.
func zmqGRLines[T any](t *testing.T, lines <-chan string) []T {
	t.Helper()
	var got []T
	for line := range lines {
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("GNU Radio printed %q: %v", line, err)
		}
		got = append(got, v)
	}
	return got
}

// zmqGRTag is a tag GNU Radio printed: its value serialized.
type zmqGRTag struct {
	Offset uint64
	Key    string
	Value  string
}

func (g zmqGRTag) pmt(t *testing.T) pmt.Value {
	t.Helper()
	b, err := hex.DecodeString(g.Value)
	zmqMust(t, err)
	v, _, err := pmt.Deserialize(b)
	if err != nil {
		t.Fatalf("GNU Radio's %x: %v", b, err)
	}
	return v
}

func TestZMQInteropGNURadioPushSinkToOurPullSource(t *testing.T) {
	ctx := zmqContext(t, 60*time.Second) // Python and GNU Radio start slowly on a loaded machine
	const n = 10000
	ep := zmqFreeEndpoint(t)
	_, waitGR := zmqGNURadio(t, ctx, "push", ep, "10000")
	src, err := blocks.NewZMQPullSource[complex64](ep, false, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	g, snk := zmqReceiver(t, src, &src.Out, n)
	zmqMust(t, g.Run(ctx))
	if err := waitGR(); err != nil {
		t.Fatalf("GNU Radio: %v", err)
	}
	if got := snk.Items(); !slices.Equal(got, zmqRampC(n)) {
		t.Fatalf("received %d items (%v...), want the ramp of %d", len(got), got[:min(len(got), 3)], n)
	}
	want := []buffer.Tag{
		{Offset: 0, Key: "first", Value: int64(1)},
		{Offset: 100, Key: "freq", Value: 1e6},
		{Offset: 1234, Key: "rx_time", Value: []pmt.Value{pmt.Int(1700000000), pmt.Float(0.25)}},
		{Offset: 5000, Key: "pdu", Value: pmt.PDU{Meta: map[string]pmt.Value{"a": pmt.Int(1)}, Data: pmt.Bytes([]byte{7, 8})}.Value().Any()},
		{Offset: 5001, Key: "name", Value: "burst"},
		{Offset: 9999, Key: "last", Value: true},
	}
	zmqCheckTags(t, snk.Tags(), want)
	if st := src.Stats(); st.BadMessages != 0 || st.TagsDropped != 0 {
		t.Errorf("source stats %+v", st)
	}
}

func TestZMQInteropOurPushSinkToGNURadioPullSource(t *testing.T) {
	ctx := zmqContext(t, 60*time.Second) // Python and GNU Radio start slowly on a loaded machine
	const n = 10000
	ep := zmqFreeEndpoint(t)
	out := filepath.Join(t.TempDir(), "items.cf32")
	lines, waitGR := zmqGNURadio(t, ctx, "pull", ep, "10000", out)
	tags := []buffer.Tag{
		{Offset: 0, Key: "first", Value: int64(1)},
		{Offset: 99, Key: "float", Value: 2.5},
		{Offset: 4096, Key: "map", Value: map[string]pmt.Value{"freq": pmt.Float(1e6), "gain": pmt.Int(3)}},
		{Offset: 5000, Key: "pdu", Value: pmt.PDU{Meta: map[string]pmt.Value{"n": pmt.Int(2)}, Data: pmt.Complexes([]complex64{1i, 2})}.Value().Any()},
		{Offset: 7777, Key: "pair", Value: []pmt.Value{pmt.String("freq"), pmt.Float(1e6)}},
		{Offset: n - 1, Key: "last", Value: "end"},
	}
	sink, err := blocks.NewZMQPushSink[complex64](ep, true, blocks.ZMQOptions{PassTags: true})
	zmqMust(t, err)
	zmqMust(t, zmqSender(t, zmqRampC(n), tags, sink, &sink.In).Run(ctx))
	got := zmqGRLines[zmqGRTag](t, lines)
	if err := waitGR(); err != nil {
		t.Fatalf("GNU Radio: %v", err)
	}
	raw, err := os.ReadFile(out)
	zmqMust(t, err)
	items := unsafe.Slice((*complex64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
	if !slices.Equal(items, zmqRampC(n)) {
		t.Fatalf("GNU Radio received %d items (%v...), want the ramp of %d", len(items), items[:min(len(items), 3)], n)
	}
	if len(got) != len(tags) {
		t.Fatalf("GNU Radio got tags %v, want %v", got, tags)
	}
	for i, tg := range tags {
		want, err := pmt.FromAny(tg.Value)
		zmqMust(t, err)
		ser, _ := pmt.Serialize(want)
		if got[i].Offset != tg.Offset || got[i].Key != tg.Key || got[i].Value != hex.EncodeToString(ser) {
			t.Errorf("GNU Radio got tag %+v (%v), want %v", got[i], got[i].pmt(t), tg)
		}
	}
}

// zmqInteropMessages are testdata/zmq_gnuradio.py's MESSAGES as Values.
var zmqInteropMessages = []pmt.Value{
	pmt.Map(map[string]pmt.Value{"freq": pmt.Float(433.92e6), "gain": pmt.Int(20)}),
	pmt.PDU{Meta: map[string]pmt.Value{"packet_len": pmt.Int(3)}, Data: pmt.Bytes([]byte{1, 2, 3})}.Value(),
	pmt.List(pmt.String("freq"), pmt.Float(1e6)),
	pmt.String("hello"),
	pmt.Floats([]float32{0.5, -0.5}),
	pmt.List(pmt.Int(1), pmt.String("x")), // a tuple
	pmt.Int(-3),
}

func TestZMQInteropGNURadioPubMsgSinkToOurSubMsgSource(t *testing.T) {
	ctx := zmqContext(t, 60*time.Second) // Python and GNU Radio start slowly on a loaded machine
	ep := zmqFreeEndpoint(t)
	_, waitGR := zmqGNURadio(t, ctx, "pubmsg", ep, "2")
	sub, err := blocks.NewZMQSubMsgSource(ep, false, blocks.ZMQOptions{})
	zmqMust(t, err)
	g, dbg := zmqMsgReceiver(t, sub, &sub.Out)
	stop := zmqStart(ctx, g)
	seen := make([]bool, len(zmqInteropMessages))
	for ctx.Err() == nil && slices.Contains(seen, false) {
		time.Sleep(10 * time.Millisecond)
		for _, v := range dbg.Messages() {
			i := slices.IndexFunc(zmqInteropMessages, v.Equal)
			if i < 0 {
				t.Fatalf("received %v, not one of GNU Radio's messages", v)
			}
			seen[i] = true
		}
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	for i, ok := range seen {
		if !ok {
			t.Errorf("never received %v", zmqInteropMessages[i])
		}
	}
	if err := waitGR(); err != nil && ctx.Err() == nil {
		t.Errorf("GNU Radio: %v", err)
	}
	if st := sub.Stats(); st.BadMessages != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestZMQInteropOurPubMsgSinkToGNURadioSubMsgSource(t *testing.T) {
	ctx := zmqContext(t, 60*time.Second) // Python and GNU Radio start slowly on a loaded machine
	ep := zmqFreeEndpoint(t)
	const n = 40
	pub, err := blocks.NewZMQPubMsgSink(ep, true, blocks.ZMQOptions{})
	zmqMust(t, err)
	msgs := append(slices.Clone(zmqInteropMessages[:5]),
		pmt.List(pmt.Int(1), pmt.String("x"), pmt.Null()), // a vector
		pmt.Complexes([]complex64{1 - 1i}), pmt.Int(1<<40), pmt.Bool(false))
	g := flowgraph.New()
	zmqMust(t, g.Add("zmq", pub))
	for i, v := range msgs {
		s := blocks.NewMessageStrobe(v, 20*time.Millisecond, 0)
		name := "strobe" + strings.Repeat("x", i)
		zmqMust(t, g.Add(name, s))
		zmqMust(t, flowgraph.ConnectMessage(g, &s.Out, &pub.In))
	}
	stop := zmqStart(ctx, g)
	lines, waitGR := zmqGNURadio(t, ctx, "submsg", ep, "40")
	var got []string
	for _, m := range zmqGRLines[struct{ Value string }](t, lines) {
		got = append(got, m.Value)
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if err := waitGR(); err != nil {
		t.Fatalf("GNU Radio: %v", err)
	}
	if len(got) != n {
		t.Fatalf("GNU Radio received %d messages, want %d", len(got), n)
	}
	// GNU Radio serializes what it received byte for byte as we sent it.
	want := map[string]bool{}
	for _, v := range msgs {
		b, err := pmt.Serialize(v)
		zmqMust(t, err)
		want[hex.EncodeToString(b)] = false
	}
	for _, h := range got {
		if _, ok := want[h]; !ok {
			b, _ := hex.DecodeString(h)
			v, _, err := pmt.Deserialize(b)
			t.Fatalf("GNU Radio received %s (%v, %v), not one of ours", h, v, err)
		}
		want[h] = true
	}
	for h, ok := range want {
		if !ok {
			t.Errorf("GNU Radio never received %s", h)
		}
	}
}
