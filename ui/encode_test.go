package ui

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/flowrun/flowrun/display"
)

// dequantise decodes q as the app does.
func dequantise(q *quant) []float64 {
	out := make([]float64, len(q.Q)/2)
	for i := range out {
		v := int16(binary.LittleEndian.Uint16(q.Q[2*i:]))
		out[i] = q.Lo + (float64(v)+32768)*(q.Hi-q.Lo)/65535
	}
	return out
}

func TestQuantiseKeepsValuesWithinAStep(t *testing.T) {
	v := []float32{-120, -3.25, 0, 7.5, float32(math.Inf(-1))}
	q := quantise(v)
	if q.Lo != -120 || q.Hi != 7.5 {
		t.Fatalf("range [%v, %v], want [-120, 7.5]", q.Lo, q.Hi)
	}
	step := (q.Hi - q.Lo) / 65535
	for i, got := range dequantise(q)[:4] {
		if math.Abs(got-float64(v[i])) > step/2+1e-9 {
			t.Errorf("item %d: %v, want %v ± %v", i, got, v[i], step/2)
		}
	}
	if got := dequantise(q)[4]; got != -120 {
		t.Errorf("-Inf became %v, want the low end", got)
	}
}

func TestSpectrumFramesKeepTheirPeakWhenReduced(t *testing.T) {
	p := make([]float32, 8192)
	for i := range p {
		p[i] = -100
	}
	p[5001] = -3
	m := encodeFrame("s", display.KindSpectrum, &display.Frame{Seq: 1, Data: &display.Spectrum{Rate: 8192, Power: p}})
	d := m.Data.(spectrumMsg)
	got := dequantise(d.Power)
	if len(got) != MaxBins || d.Bins != 8192 {
		t.Fatalf("%d bins of %d, want %d of 8192", len(got), d.Bins, MaxBins)
	}
	if k := 5001 / (8192 / MaxBins); math.Abs(got[k]+3) > 1e-3 {
		t.Errorf("group %d: %v dB, want the peak's -3 dB", k, got[k])
	}
}

func TestTimeFramesKeepTheTriggerAndTagsWhenReduced(t *testing.T) {
	re := make([]float32, 3*MaxPoints)
	m := encodeFrame("s", display.KindTime, &display.Frame{Seq: 1, Data: &display.Time{Rate: 1, Re: re, Trigger: 3 * 100,
		Tags: []display.Tag{{Index: 3 * 200, Key: "k"}}}})
	d := m.Data.(timeMsg)
	if d.Step != 3 || d.Trigger != 100 || d.Tags[0].Index != 200 || len(d.Re.Q) != 2*MaxPoints || d.Im != nil {
		t.Errorf("step %d, trigger %d, tag at %d, %d bytes", d.Step, d.Trigger, d.Tags[0].Index, len(d.Re.Q))
	}
}
