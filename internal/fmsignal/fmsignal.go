// Package fmsignal synthesizes FM broadcast-like I/Q recordings: a carrier
// frequency-modulated by a test tone with pre-emphasis, plus noise, stored
// as interleaved 8-bit I/Q. It makes the recording of the FM receiver
// example (examples/fmsynth, testdata/fm_240k_int8.iq) and the RTL-SDR-style
// recording of flowrun bench's FM receiver row.
//
// The output is deterministic for given Params.
package fmsignal

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// Params describe a recording.
type Params struct {
	SampleRate float64 // samples per second
	Seconds    float64
	Offset     float64 // carrier offset from the recording's centre, Hz
	Deviation  float64 // peak frequency deviation for a full-scale tone, Hz
	Tone       float64 // test tone, Hz
	ToneLevel  float64 // test tone amplitude, full scale 1
	Tau        float64 // pre-emphasis time constant, s
	SNR        float64 // carrier to noise, dB
	Seed       uint64
	// Format is the sample layout: "int8" (signed, x·127; GNU Radio's file
	// sink after complex_to_interleaved_char) or "uint8" (RTL-SDR:
	// x·127.5 + 127.5, what interleaved_uchar_to_complex undoes with its
	// defaults). Empty means int8.
	Format string
}

// Default is the recording checked in as testdata/fm_240k_int8.iq.
var Default = Params{SampleRate: 240e3, Seconds: 2, Offset: 40e3, Deviation: 25e3, Tone: 1e3,
	ToneLevel: 0.6, Tau: 75e-6, SNR: 25, Seed: 1}

// RTLSDR is a broadcast station as an RTL-SDR records it: 2.4 MS/s uint8
// I/Q, 75 kHz peak deviation, 300 kHz above the centre.
var RTLSDR = Params{SampleRate: 2.4e6, Seconds: 10, Offset: 300e3, Deviation: 75e3, Tone: 1e3,
	ToneLevel: 0.6, Tau: 75e-6, SNR: 25, Seed: 1, Format: "uint8"}

// Samples is the number of I/Q samples of a recording.
func (p Params) Samples() int { return int(p.SampleRate * p.Seconds) }

// Write writes the recording to w.
func Write(w io.Writer, p Params) error {
	var quantize func(float64) byte
	switch p.Format {
	case "", "int8":
		quantize = func(x float64) byte { return byte(int8(max(-127, min(127, math.Round(x*127))))) }
	case "uint8":
		quantize = func(x float64) byte { return byte(max(0, min(255, math.Round(x*127.5+127.5)))) }
	default:
		return fmt.Errorf("fmsynth: format %q: want int8 or uint8", p.Format)
	}
	bw := bufio.NewWriter(w)
	rng := rand.New(rand.NewPCG(p.Seed, 0xf3))
	n := p.Samples()
	const amplitude = 0.7
	sigma := amplitude * math.Sqrt(math.Pow(10, -p.SNR/10)/2)
	var phase, prev float64
	k := p.Tau * p.SampleRate // pre-emphasis: m + tau·dm/dt, undone by the receiver's de-emphasis
	for i := range n {
		a := p.ToneLevel * math.Sin(2*math.Pi*p.Tone*float64(i)/p.SampleRate)
		m := a + k*(a-prev)
		prev = a
		phase += 2 * math.Pi * p.Deviation * m / p.SampleRate
		carrier := 2 * math.Pi * p.Offset * float64(i) / p.SampleRate
		re := amplitude*math.Cos(carrier+phase) + sigma*rng.NormFloat64()
		im := amplitude*math.Sin(carrier+phase) + sigma*rng.NormFloat64()
		if err := bw.WriteByte(quantize(re)); err != nil {
			return err
		}
		if err := bw.WriteByte(quantize(im)); err != nil {
			return err
		}
	}
	return bw.Flush()
}
