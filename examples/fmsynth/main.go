// Command fmsynth synthesizes the IQ recording that the FM receiver example
// (examples/fm_receiver.yaml) demodulates: an FM broadcast-like signal
// carrying a 1 kHz test tone with 75 µs pre-emphasis, 25 kHz peak
// deviation, 40 kHz above the centre of a 240 kS/s recording, with noise,
// stored as interleaved int8 I/Q (2 bytes per sample, the layout of GNU
// Radio's file sink after complex_to_interleaved_char).
//
//	go run ./examples/fmsynth -out testdata/fm_240k_int8.iq
//
// The output is deterministic for a given seed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
)

// Params describe the synthesized recording.
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
}

// Default is the recording checked in as testdata/fm_240k_int8.iq.
var Default = Params{SampleRate: 240e3, Seconds: 2, Offset: 40e3, Deviation: 25e3, Tone: 1e3,
	ToneLevel: 0.6, Tau: 75e-6, SNR: 25, Seed: 1}

// Write writes the recording to w.
func Write(w io.Writer, p Params) error {
	bw := bufio.NewWriter(w)
	rng := rand.New(rand.NewPCG(p.Seed, 0xf3))
	n := int(p.SampleRate * p.Seconds)
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
		if err := bw.WriteByte(byte(toInt8(re))); err != nil {
			return err
		}
		if err := bw.WriteByte(byte(toInt8(im))); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func toInt8(x float64) int8 {
	return int8(max(-127, min(127, math.Round(x*127))))
}

func main() {
	out := flag.String("out", "testdata/fm_240k_int8.iq", "file to write")
	p := Default
	flag.Float64Var(&p.Seconds, "seconds", p.Seconds, "length of the recording")
	flag.Float64Var(&p.SNR, "snr", p.SNR, "carrier to noise ratio, dB")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := Write(f, p); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %.0f samples of %.0f S/s\n", *out, p.Seconds*p.SampleRate, p.SampleRate)
}
