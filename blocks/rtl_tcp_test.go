package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

// rtlCmd is one rtl_tcp command as it goes on the wire.
type rtlCmd struct {
	Cmd   RTLTCPCommand
	Param uint32
}

// fakeRTLTCP is a fake rtl_tcp server: it sends the header, then the bytes
// 0, 1, 2, ... (mod 256) in odd-sized pieces, paced, until stopped, and
// reports every command it receives.
type fakeRTLTCP struct {
	ln   net.Listener
	cmds chan rtlCmd
	stop chan struct{}
	done sync.WaitGroup
}

func newFakeRTLTCP(t *testing.T, tuner, gains uint32, stream bool) *fakeRTLTCP {
	t.Helper()
	f := &fakeRTLTCP{ln: testListen(t), cmds: make(chan rtlCmd, 100), stop: make(chan struct{})}
	f.done.Go(func() {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		f.done.Go(func() {
			var b [5]byte
			for {
				if _, err := io.ReadFull(c, b[:]); err != nil {
					return
				}
				f.cmds <- rtlCmd{RTLTCPCommand(b[0]), binary.BigEndian.Uint32(b[1:])}
			}
		})
		c.Write(rtlTCPHeader(tuner, gains))
		k := 0
		buf := make([]byte, 4097)
		for {
			select {
			case <-f.stop:
				return
			default:
			}
			if !stream {
				time.Sleep(time.Millisecond)
				continue
			}
			for i := range buf {
				buf[i] = byte(k + i)
			}
			if _, err := c.Write(buf); err != nil {
				return
			}
			k += len(buf)
			time.Sleep(200 * time.Microsecond)
		}
	})
	return f
}

// close stops streaming and closes the connection.
func (f *fakeRTLTCP) close() { close(f.stop); f.done.Wait() }

// expect reads the next commands and compares them with want.
func (f *fakeRTLTCP) expect(t *testing.T, want ...rtlCmd) {
	t.Helper()
	var got []rtlCmd
	for range want {
		select {
		case c := <-f.cmds:
			got = append(got, c)
		case <-time.After(netTestTimeout):
			t.Fatalf("commands %v, then none; want %v", got, want)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("commands\n%v, want\n%v", got, want)
	}
}

// rtlReceiver is a graph rtl_tcp_source → vector sink.
func rtlReceiver(t *testing.T, address string, cfg RTLTCPConfig) (*flowgraph.Graph, *RTLTCPSource, *VectorSink[complex64]) {
	t.Helper()
	src, err := NewRTLTCPSource(address, cfg)
	must(t, err)
	snk := NewVectorSink[complex64]()
	return line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[complex64]{&src.Out}, []*block.In[complex64]{&snk.In}), src, snk
}

func TestRTLTCPSourceSendsEveryCommandAtStart(t *testing.T) {
	neg := func(v int32) uint32 { return uint32(v) }
	cases := map[string]struct {
		cfg  RTLTCPConfig
		want []rtlCmd
	}{
		"manual gain in dB": {
			RTLTCPConfig{Frequency: 100e6, SampleRate: 2.4e6, ManualGain: true, Gain: 19.7, GainIndex: -1,
				PPM: -3, AGC: true, DirectSampling: 2, OffsetTuning: true, BiasTee: true},
			[]rtlCmd{{0x02, 2_400_000}, {0x05, neg(-3)}, {0x03, 1}, {0x08, 1}, {0x09, 2}, {0x0a, 1}, {0x0e, 1}, {0x04, 197}, {0x01, 100_000_000}},
		},
		"gain by index": {
			RTLTCPConfig{Frequency: 1090e6, SampleRate: 2e6, ManualGain: true, Gain: 10, GainIndex: 7},
			[]rtlCmd{{0x02, 2_000_000}, {0x05, 0}, {0x03, 1}, {0x08, 0}, {0x09, 0}, {0x0a, 0}, {0x0e, 0}, {0x0d, 7}, {0x01, 1_090_000_000}},
		},
		"automatic gain": {
			RTLTCPConfig{Frequency: 433.92e6, SampleRate: 1.024e6, Gain: -1, GainIndex: -1},
			[]rtlCmd{{0x02, 1_024_000}, {0x05, 0}, {0x03, 0}, {0x08, 0}, {0x09, 0}, {0x0a, 0}, {0x0e, 0}, {0x01, 433_920_000}},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFakeRTLTCP(t, RTLTunerE4000, 14, false)
			g, src, _ := rtlReceiver(t, f.ln.Addr().String(), c.cfg)
			ran := startGraph(context.Background(), g)
			f.expect(t, c.want...)
			f.close()
			if err := waitRun(t, ran); err != nil {
				t.Fatal(err)
			}
			if src.TunerType() != RTLTunerE4000 || src.GainCount() != 14 || src.CommandsSent() != uint64(len(c.want)) {
				t.Errorf("tuner %d, %d gains, %d commands sent", src.TunerType(), src.GainCount(), src.CommandsSent())
			}
		})
	}
}

func TestRTLTCPSourceRetunesWhileRunningAndTagsTheChange(t *testing.T) {
	f := newFakeRTLTCP(t, RTLTunerR820T, 29, true)
	g, src, out := rtlReceiver(t, f.ln.Addr().String(), RTLTCPConfig{Frequency: 100e6, SampleRate: 2.4e6, ManualGain: true, Gain: 20, GainIndex: -1})
	ran := startGraph(context.Background(), g)
	f.expect(t, rtlCmd{0x02, 2_400_000}, rtlCmd{0x05, 0}, rtlCmd{0x03, 1}, rtlCmd{0x08, 0}, rtlCmd{0x09, 0},
		rtlCmd{0x0a, 0}, rtlCmd{0x0e, 0}, rtlCmd{0x04, 200}, rtlCmd{0x01, 100_000_000})
	must(t, src.Frequency.Set(101.5e6))
	f.expect(t, rtlCmd{0x01, 101_500_000})
	must(t, src.Gain.Set(-1.5))
	f.expect(t, rtlCmd{0x04, uint32(0xffff_fff1)}) // -15 tenths
	must(t, src.SampleRate.Set(1.024e6))
	f.expect(t, rtlCmd{0x02, 1_024_000})
	time.Sleep(20 * time.Millisecond) // a few more samples after the last change
	f.close()
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}

	// The samples: the bytes 0, 1, 2, ... scaled as gr-osmosdr does.
	got := out.Items()
	if len(got) < 1000 {
		t.Fatalf("only %d samples", len(got))
	}
	for k, v := range got {
		if want := complex((float32(byte(2*k))-127.4)/128, (float32(byte(2*k+1))-127.4)/128); v != want {
			t.Fatalf("sample %d is %v, want %v", k, v, want)
		}
	}
	// The tags: rx_freq and rx_rate at 0, then each at its change, after
	// the set: tag of the change (same item or earlier).
	type kv struct {
		key string
		val any
	}
	var seq []kv
	at := map[string]uint64{}
	for _, tg := range out.Tags() {
		seq = append(seq, kv{tg.Key, tg.Value})
		at[tg.Key+"="+tagString(tg.Value)] = tg.Offset
	}
	want := []kv{{RxFreqTag, 100e6}, {RxRateTag, 2.4e6}, {"set:frequency", 101.5e6}, {RxFreqTag, 101.5e6},
		{"set:gain", -1.5}, {"set:sample_rate", 1.024e6}, {RxRateTag, 1.024e6}}
	if !reflect.DeepEqual(seq, want) {
		t.Fatalf("tags %v, want %v", out.Tags(), want)
	}
	if at["rx_freq=1e+08"] != 0 || at["rx_rate=2.4e+06"] != 0 || at["rx_freq=1.015e+08"] == 0 ||
		at["rx_freq=1.015e+08"] != at["set:frequency=1.015e+08"] || at["rx_rate=1.024e+06"] < at["rx_freq=1.015e+08"] {
		t.Errorf("tag offsets %v", at)
	}
}

func tagString(v any) string {
	if f, ok := v.(float64); ok {
		return pmt.Float(f).String()
	}
	return "?"
}

func TestRTLTCPSourceRefusesAServerWithoutHeader(t *testing.T) {
	addr := serveOnce(t, func(c net.Conn) {
		c.Write([]byte("HTTP/1.1 400 Bad Request\r\n"))
		time.Sleep(100 * time.Millisecond)
	})
	g, _, _ := rtlReceiver(t, addr, RTLTCPConfig{SampleRate: 1e6})
	if err := waitRun(t, startGraph(context.Background(), g)); err == nil {
		t.Fatal("Run succeeded against a server that is not rtl_tcp")
	}
}

// rtlLevels returns n samples cycling through the 256×256 values an 8-bit
// I/Q pair can take, as gr-osmosdr scales them: exact after a trip through
// the rtl_tcp sink and source.
func rtlLevels(n int) []complex64 {
	v := make([]complex64, n)
	for k := range v {
		v[k] = complex((float32(byte(k))-127.4)/128, (float32(byte(k/256+k))-127.4)/128)
	}
	return v
}

func TestRTLTCPSourceReadsOurSinkAndTheSinkSeesItsCommands(t *testing.T) {
	// The server graph sends the levels over and over; the client graph
	// takes 100000 samples and goes.
	levels := rtlLevels(1 << 16)
	vs, err := NewVectorSource(levels, true)
	must(t, err)
	snk, err := NewRTLTCPSink[complex64]("127.0.0.1:0", RTLTunerR828D, 29, true)
	must(t, err)
	dbg := NewMessageDebug("", io.Discard)
	gs := line(t, flowgraph.New(), []block.Block{vs, snk, dbg}, []*block.Out[complex64]{&vs.Out}, []*block.In[complex64]{&snk.In})
	must(t, flowgraph.ConnectMessage(gs, &snk.Commands, &dbg.In))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := startGraph(ctx, gs)

	src, err := NewRTLTCPSource(waitAddr(t, snk.Addr), RTLTCPConfig{Frequency: 145.8e6, SampleRate: 2.4e6, ManualGain: true, Gain: 33.8, GainIndex: -1, PPM: 12})
	must(t, err)
	gc, out := headGraph(t, src, &src.Out, 100_000)
	if err := waitRun(t, startGraph(context.Background(), gc)); err != nil {
		t.Fatal(err)
	}
	if src.TunerType() != RTLTunerR828D || src.GainCount() != 29 {
		t.Errorf("header: tuner %d, %d gains", src.TunerType(), src.GainCount())
	}
	got := out.Items()
	want := slices.Repeat(levels, 2)[:100_000]
	if !slices.Equal(got, want) {
		t.Fatalf("received %d samples, first difference at %d: %v, want %v", len(got), firstDiff(got, want),
			got[firstDiff(got, want)], want[firstDiff(got, want)])
	}

	// The sink kept the commands and posts them as messages.
	deadline := time.Now().Add(netTestTimeout)
	for len(dbg.Messages()) < 9 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := waitRun(t, served); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if f, ok := snk.LastCommand(RTLTCPSetFrequency); !ok || f != 145_800_000 {
		t.Errorf("last frequency command %d, %v", f, ok)
	}
	if p, ok := snk.LastCommand(RTLTCPSetFreqCorrection); !ok || p != 12 {
		t.Errorf("last ppm command %d, %v", p, ok)
	}
	if _, ok := snk.LastCommand(RTLTCPSetGainByIndex); ok || snk.CommandCount() != 9 {
		t.Errorf("%d commands (gain by index among them: %v), want 9", snk.CommandCount(), ok)
	}
	var msgs []string
	for _, m := range dbg.Messages() {
		msgs = append(msgs, m.String())
	}
	wantMsgs := []string{
		pmt.Map(map[string]pmt.Value{"sample_rate": pmt.Float(2.4e6)}).String(),
		pmt.Map(map[string]pmt.Value{"ppm": pmt.Int(12)}).String(),
		pmt.Map(map[string]pmt.Value{"gain_mode": pmt.String("manual")}).String(),
		pmt.Map(map[string]pmt.Value{"agc": pmt.Bool(false)}).String(),
		pmt.Map(map[string]pmt.Value{"direct_sampling": pmt.Int(0)}).String(),
		pmt.Map(map[string]pmt.Value{"offset_tuning": pmt.Bool(false)}).String(),
		pmt.Map(map[string]pmt.Value{"bias_tee": pmt.Bool(false)}).String(),
		pmt.Map(map[string]pmt.Value{"gain": pmt.Float(33.8)}).String(),
		pmt.Map(map[string]pmt.Value{"frequency": pmt.Float(145.8e6)}).String(),
	}
	if !slices.Equal(msgs, wantMsgs) {
		t.Errorf("messages\n%v, want\n%v", msgs, wantMsgs)
	}
}

func TestRTLTCPSinkSendsHeaderAndBytesAndDropsALoneByte(t *testing.T) {
	vs, err := NewVectorSource([]uint8{1, 2, 3, 4, 5}, false)
	must(t, err)
	snk, err := NewRTLTCPSink[uint8]("127.0.0.1:0", RTLTunerFC0013, 23, true)
	must(t, err)
	g := line(t, flowgraph.New(), []block.Block{vs, snk}, []*block.Out[uint8]{&vs.Out}, []*block.In[uint8]{&snk.In})
	ran := startGraph(context.Background(), g)
	c, err := net.Dial("tcp", waitAddr(t, snk.Addr))
	must(t, err)
	defer c.Close()
	got, err := io.ReadAll(c)
	must(t, err)
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}
	want := append(rtlTCPHeader(RTLTunerFC0013, 23), 1, 2, 3, 4)
	if !slices.Equal(got, want) {
		t.Errorf("the client got % x, want % x", got, want)
	}
}

func TestRTLTCPSinkClipsAndRounds(t *testing.T) {
	for _, c := range []struct {
		x    float32
		want byte
	}{{0, 127}, {1, 255}, {-1, 0}, {2, 255}, {-2, 0}, {0.5, 191}, {(130 - 127.4) / 128, 130}, {(130.4 - 127.4) / 128, 130}, {(130.6 - 127.4) / 128, 131}} {
		if got := rtlTCPByte(c.x); got != c.want {
			t.Errorf("%v → %d, want %d", c.x, got, c.want)
		}
	}
}

func TestRTLTCPBlocksEndPromptlyWhenTheGraphStops(t *testing.T) {
	f := newFakeRTLTCP(t, RTLTunerR820T, 29, false) // a server that sends nothing after the header
	defer f.close()
	srcGraph, _, _ := rtlReceiver(t, f.ln.Addr().String(), RTLTCPConfig{SampleRate: 1e6})
	vs, err := NewVectorSource(rtlLevels(100), false)
	must(t, err)
	snk, err := NewRTLTCPSink[complex64]("127.0.0.1:0", RTLTunerR820T, 29, true)
	must(t, err)
	sinkGraph := line(t, flowgraph.New(), []block.Block{vs, snk}, []*block.Out[complex64]{&vs.Out}, []*block.In[complex64]{&snk.In})
	for name, g := range map[string]*flowgraph.Graph{"source waiting for samples": srcGraph, "sink waiting for a client": sinkGraph} {
		t.Run(name, func(t *testing.T) { checkEndsPromptly(t, g) })
	}
}
