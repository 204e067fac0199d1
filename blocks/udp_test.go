package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// udpSender is a graph vector source → throttle → udp_sink.
func udpSender[T sourcesItem](t *testing.T, address, header string, payload int, items []T) (*flowgraph.Graph, *UDPSink[T]) {
	t.Helper()
	src, err := NewVectorSource(items, false)
	must(t, err)
	thr, err := NewThrottle[T](1e6) // no faster than a loaded receiver reads
	must(t, err)
	snk, err := NewUDPSink[T](address, header, payload, true)
	must(t, err)
	return line(t, flowgraph.New(), []block.Block{src, thr, snk},
		[]*block.Out[T]{&src.Out, &thr.Out}, []*block.In[T]{&thr.In, &snk.In}), snk
}

// udpReceiver is a graph udp_source → vector sink.
func udpReceiver[T sourcesItem](t *testing.T, header string, payload int, zeroFill bool) (*flowgraph.Graph, *UDPSource[T], *VectorSink[T]) {
	t.Helper()
	src, err := NewUDPSource[T]("127.0.0.1:0", header, payload)
	must(t, err)
	src.SetZeroFill(zeroFill)
	snk := NewVectorSink[T]()
	return line(t, flowgraph.New(), []block.Block{src, snk}, []*block.Out[T]{&src.Out}, []*block.In[T]{&snk.In}), src, snk
}

func TestUDPJoinsTwoGraphsWithEachHeader(t *testing.T) {
	want := rampC(20_000) // not a whole number of datagrams: the last is short
	for _, header := range []string{UDPHeaderNone, UDPHeaderSeqNum, UDPHeaderSeqNumSize} {
		t.Run(header, func(t *testing.T) {
			// UDP may drop on a loaded machine even over loopback (a
			// receiver starved for longer than its socket buffer lasts):
			// a run that lost datagrams is tried again, up to three times.
			for attempt := 1; ; attempt++ {
				gr, src, out := udpReceiver[complex64](t, header, UDPDefaultPayload, false)
				received := startGraph(context.Background(), gr)
				gs, snk := udpSender(t, waitAddr(t, src.Addr), header, UDPDefaultPayload, want)
				if err := waitRun(t, startGraph(context.Background(), gs)); err != nil {
					t.Fatalf("sending graph: %v", err)
				}
				if err := waitRun(t, received); err != nil {
					t.Fatalf("receiving graph: %v", err)
				}
				got := out.Items()
				if len(got) < len(want) && attempt < 3 {
					t.Logf("attempt %d: %d of %d items arrived (lost %d datagrams): trying again", attempt, len(got), len(want), src.LostDatagrams())
					continue
				}
				if !slices.Equal(got, want) {
					t.Fatalf("received %d items, want the %d sent (first difference at %d)", len(got), len(want), firstDiff(got, want))
				}
				per := (UDPDefaultPayload - udpHeaderBytes[header]) / 8
				if n := uint64((len(want) + per - 1) / per); snk.Datagrams() != n || src.Datagrams() != n+1 {
					t.Errorf("sent %d datagrams, received %d, want %d and an empty one", snk.Datagrams(), src.Datagrams(), n)
				}
				if src.LostDatagrams() != 0 || src.BadDatagrams() != 0 || len(out.Tags()) != 0 {
					t.Errorf("lost %d, bad %d, tags %v", src.LostDatagrams(), src.BadDatagrams(), out.Tags())
				}
				return
			}
		})
	}
}

// udpDatagram builds a datagram of GNU Radio's layout: header with seq,
// then the float32 items.
func udpDatagram(header string, seq uint64, items []float32) []byte {
	h := make([]byte, udpHeaderBytes[header])
	switch header {
	case UDPHeaderSeqNum:
		binary.NativeEndian.PutUint64(h, seq)
	case UDPHeaderSeqNumSize:
		binary.NativeEndian.PutUint64(h, seq)
		binary.NativeEndian.PutUint16(h[8:], uint16(len(h)+4*len(items)))
	case UDPHeaderATA:
		h[0], h[1] = 0xAA, 1 // whatever the other fields say, only seq counts
		binary.NativeEndian.PutUint32(h[20:], uint32(seq))
	}
	return append(h, floatBytes(items)...)
}

func TestUDPSourceCountsTagsAndFillsLostDatagrams(t *testing.T) {
	// Four items a datagram; 4, 7 and 8 are lost, then the sender restarts.
	seqs := []uint64{1, 2, 3, 5, 6, 9, 1, 2}
	for _, header := range []string{UDPHeaderSeqNum, UDPHeaderSeqNumSize, UDPHeaderATA} {
		for _, fill := range []bool{false, true} {
			name := header
			if fill {
				name += "/zero_fill"
			}
			t.Run(name, func(t *testing.T) {
				payload := udpHeaderBytes[header] + 16
				g, src, out := udpReceiver[float32](t, header, payload, fill)
				ran := startGraph(context.Background(), g)
				c, err := net.Dial("udp", waitAddr(t, src.Addr))
				must(t, err)
				defer c.Close()
				var want []float32
				var wantTags []buffer.Tag
				last := uint64(0)
				for i, s := range seqs {
					items := ramp(4)
					for k := range items {
						items[k] += float32(10 * (i + 1))
					}
					if lost := s - last - 1; last > 0 && s > last+1 {
						if fill {
							want = append(want, make([]float32, 4*lost)...)
						}
						wantTags = append(wantTags, buffer.Tag{Offset: uint64(len(want)), Key: UDPLostTag, Value: lost})
					}
					last = s
					want = append(want, items...)
					c.Write(udpDatagram(header, s, items))
					time.Sleep(time.Millisecond)
				}
				c.Write(nil)
				if err := waitRun(t, ran); err != nil {
					t.Fatal(err)
				}
				if got := out.Items(); !slices.Equal(got, want) {
					t.Errorf("items\n%v, want\n%v", got, want)
				}
				if got := out.Tags(); !reflect.DeepEqual(got, wantTags) {
					t.Errorf("tags %v, want %v", got, wantTags)
				}
				if src.LostDatagrams() != 3 {
					t.Errorf("lost %d datagrams, want 3", src.LostDatagrams())
				}
			})
		}
	}
}

// udpLossyProxy forwards the datagrams it receives to dst, except those
// whose sequence number (GNU Radio's seqnum header) is in drop. It returns
// its address.
func udpLossyProxy(t *testing.T, dst string, drop map[uint64]bool) string {
	t.Helper()
	in, err := net.ListenPacket("udp", "127.0.0.1:0")
	must(t, err)
	out, err := net.Dial("udp", dst)
	must(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1<<16)
		for {
			n, _, err := in.ReadFrom(buf)
			if err != nil {
				return
			}
			if n >= 8 && drop[binary.NativeEndian.Uint64(buf)] {
				continue
			}
			out.Write(buf[:n])
		}
	}()
	t.Cleanup(func() { in.Close(); out.Close(); <-done })
	return in.LocalAddr().String()
}

func TestUDPLossBetweenTwoGraphsIsCountedAndTaggedAtTheRightItem(t *testing.T) {
	const payload = 8 + 8*100 // seqnum and 100 complex items
	want := rampC(2000)       // 20 datagrams
	drop := map[uint64]bool{3: true, 7: true, 8: true}
	for _, fill := range []bool{false, true} {
		t.Run(map[bool]string{false: "gaps", true: "zero_fill"}[fill], func(t *testing.T) {
			gr, src, out := udpReceiver[complex64](t, UDPHeaderSeqNum, payload, fill)
			received := startGraph(context.Background(), gr)
			proxy := udpLossyProxy(t, waitAddr(t, src.Addr), drop)
			gs, _ := udpSender(t, proxy, UDPHeaderSeqNum, payload, want)
			if err := waitRun(t, startGraph(context.Background(), gs)); err != nil {
				t.Fatal(err)
			}
			if err := waitRun(t, received); err != nil {
				t.Fatal(err)
			}
			var exp []complex64
			for d := range 20 {
				if !drop[uint64(d+1)] {
					exp = append(exp, want[100*d:100*d+100]...)
				} else if fill {
					exp = append(exp, make([]complex64, 100)...)
				}
			}
			if got := out.Items(); !slices.Equal(got, exp) {
				t.Fatalf("received %d items, want %d (first difference at %d)", len(got), len(exp), firstDiff(got, exp))
			}
			// Datagram 4 is the first after one lost (3), datagram 9 after two (7, 8).
			at4, at9 := uint64(200), uint64(500)
			if fill {
				at4, at9 = 300, 800
			}
			wantTags := []buffer.Tag{{Offset: at4, Key: UDPLostTag, Value: uint64(1)}, {Offset: at9, Key: UDPLostTag, Value: uint64(2)}}
			if got := out.Tags(); !reflect.DeepEqual(got, wantTags) {
				t.Errorf("tags %v, want %v", got, wantTags)
			}
			if src.LostDatagrams() != 3 {
				t.Errorf("lost %d, want 3", src.LostDatagrams())
			}
		})
	}
}

func TestUDPSourceJoinsItemsAcrossDatagramsWithoutHeader(t *testing.T) {
	g, src, out := udpReceiver[float32](t, UDPHeaderNone, 1472, false)
	ran := startGraph(context.Background(), g)
	c, err := net.Dial("udp", waitAddr(t, src.Addr))
	must(t, err)
	defer c.Close()
	b := floatBytes(ramp(10))
	for _, cut := range [][2]int{{0, 6}, {6, 7}, {7, 25}, {25, 40}} {
		c.Write(b[cut[0]:cut[1]])
		time.Sleep(time.Millisecond)
	}
	c.Write(nil)
	if err := waitRun(t, ran); err != nil {
		t.Fatal(err)
	}
	if got := out.Items(); !slices.Equal(got, ramp(10)) {
		t.Errorf("got %v", got)
	}
}

func TestUDPSourceEndsPromptlyWhenTheGraphStops(t *testing.T) {
	g, _, _ := udpReceiver[complex64](t, UDPHeaderSeqNum, UDPDefaultPayload, false)
	checkEndsPromptly(t, g)
}

func TestUDPBlocksRefuseBadParameters(t *testing.T) {
	for _, c := range []struct {
		header  string
		payload int
	}{{"chdr", 1472}, {UDPHeaderSeqNum, 8}, {UDPHeaderNone, 1470}, {UDPHeaderSeqNum, 70000}} {
		if _, err := NewUDPSource[complex64]("127.0.0.1:0", c.header, c.payload); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("udp_source %q %d: %v", c.header, c.payload, err)
		}
		if _, err := NewUDPSink[complex64]("127.0.0.1:1", c.header, c.payload, true); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("udp_sink %q %d: %v", c.header, c.payload, err)
		}
	}
	if _, err := NewUDPSink[float32]("127.0.0.1:1", UDPHeaderATA, 1472, true); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("udp_sink with the ATA header: %v", err)
	}
}
