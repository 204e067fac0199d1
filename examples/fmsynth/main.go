// Command fmsynth synthesizes the IQ recording that the FM receiver example
// (examples/fm_receiver.yaml) demodulates: an FM broadcast-like signal
// carrying a 1 kHz test tone with 75 µs pre-emphasis, 25 kHz peak
// deviation, 40 kHz above the centre of a 240 kS/s recording, with noise,
// stored as interleaved int8 I/Q (2 bytes per sample, the layout of GNU
// Radio's file sink after complex_to_interleaved_char).
//
//	go run ./examples/fmsynth -out testdata/fm_240k_int8.iq
//
// With -rtlsdr it writes instead what an RTL-SDR records of a broadcast
// station (the recording of flowrun bench's fm_rx row): 2.4 MS/s uint8 I/Q,
// 75 kHz peak deviation, 300 kHz above the centre, 10 s unless -seconds:
//
//	go run ./examples/fmsynth -rtlsdr -out /tmp/fm_2400k_uint8.iq
//
// The output is deterministic for a given seed. The synthesis is package
// internal/fmsignal.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/flowrun/flowrun/internal/fmsignal"
)

func main() {
	out := flag.String("out", "testdata/fm_240k_int8.iq", "file to write")
	rtl := flag.Bool("rtlsdr", false, "an RTL-SDR-style recording: 2.4 MS/s uint8, 75 kHz deviation, 300 kHz offset, 10 s")
	seconds := flag.Float64("seconds", 0, "length of the recording (default 2, or 10 with -rtlsdr)")
	snr := flag.Float64("snr", fmsignal.Default.SNR, "carrier to noise ratio, dB")
	flag.Parse()
	p := fmsignal.Default
	if *rtl {
		p = fmsignal.RTLSDR
	}
	if *seconds > 0 {
		p.Seconds = *seconds
	}
	p.SNR = *snr
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := fmsignal.Write(f, p); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d samples of %.0f S/s\n", *out, p.Samples(), p.SampleRate)
}
