package blocks

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

// TestFreqXlatingRetunesByFreqMessage retunes by GNU Radio's freq messages
// (a map at output 300, a pair at output 700; a string and a map without
// "freq" between are ignored) and checks every output against GNU Radio's
// arithmetic: the rotator turns on from where it was, by e^{−jΔω(N−1)/2} at
// each retune, and the taps are shifted to the new frequency.
func TestFreqXlatingRetunesByFreqMessage(t *testing.T) {
	const n, d, fs = 4000, 4, 1e6
	r := rand.New(rand.NewPCG(3, 4))
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	taps := make([]float32, 31)
	for i := range taps {
		taps[i] = float32(r.Float64() - 0.5)
	}
	g := flowgraph.New()
	b := setBlock[*FreqXlatingFIRFilter](t, g, "xl", "freq_xlating_fir_filter", map[string]any{
		"taps": anyFloats(taps), "center_freq": 100e3, "sample_rate": fs, "decimation": d})
	handled := func() uint64 {
		for _, st := range g.Stats() {
			if st.Name == "xl" && len(st.MsgHandled) > 0 {
				return st.MsgHandled[0] // freq, the first message input
			}
		}
		return 0
	}
	src := &setDriver[complex64]{items: x, handled: handled, steps: []setStep{
		{at: 300 * d, ready: consumed(&b.In, 300*d), msgs: []pmt.Value{
			pmt.String("freq"), pmt.Map(map[string]pmt.Value{"f": pmt.Float(1)}),
			pmt.Map(map[string]pmt.Value{"freq": pmt.Float(-240e3)})}},
		{at: 700 * d, ready: consumed(&b.In, 700*d), msgs: []pmt.Value{pmt.List(pmt.String("any"), pmt.Int(33e3))}},
	}}
	snk := NewVectorSink[complex64]()
	must(t, g.Add("src", src))
	must(t, g.Add("snk", snk))
	must(t, flowgraph.Connect(g, &src.Out, &b.In))
	must(t, flowgraph.Connect(g, &b.Out, &snk.In))
	must(t, g.ConnectByName("src", "msg", "xl", "freq", 0))
	runSetGraph(t, g)

	got := snk.Items()
	if len(got) != n/d {
		t.Fatalf("%d outputs, want %d", len(got), n/d)
	}
	// w(f) is ω as GNU Radio rounds it; rot is the rotator's phase (rad).
	w := func(f float64) float64 { return float64(float32(2 * math.Pi * f / fs)) }
	half := float64(len(taps)-1) / 2
	freqs := []float64{100e3, -240e3, 33e3}
	rot, prevW, prevF := -w(freqs[0])*half, w(freqs[0]), freqs[0]
	var worst float64
	for m := range got {
		f := freqs[0]
		if m >= 700 {
			f = freqs[2]
		} else if m >= 300 {
			f = freqs[1]
		}
		if f != prevF {
			// GNU Radio's turn at a retune, in its float32 arithmetic:
			// Δω from the frequency difference, times (N−1)/2.
			dw := float32(2 * math.Pi * float64(float32(f-prevF)) / fs)
			rot += float64(float32(-float64(dw*float32(len(taps)-1)) / 2))
			prevW, prevF = w(f), f
		}
		var want complex128
		for k, tp := range taps {
			if j := m*d - k; j >= 0 {
				want += complex(float64(tp), 0) * complex128(x[j]) * cmplx.Exp(complex(0, prevW*float64(k)))
			}
		}
		want *= cmplx.Exp(complex(0, rot))
		rot -= float64(float32(prevW) * d) // GNU Radio's float32 step ω·d
		worst = max(worst, cmplx.Abs(complex128(got[m])-want))
	}
	if worst > 2e-6 {
		t.Errorf("largest difference from GNU Radio's arithmetic %.3g > 2e-6", worst)
	}
	checkTags(t, "freq_xlating_fir_filter", snk.Tags(), []buffer.Tag{
		{Offset: 300, Key: "set:center_freq", Value: -240e3},
		{Offset: 700, Key: "set:center_freq", Value: 33e3},
	})
}

func anyFloats(x []float32) []any {
	out := make([]any, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}
