package main

import (
	"cmp"
	"math"
	"slices"
)

// averageDB returns the mean power of spectra given in dB, in dB: the
// powers are averaged, not the decibels, which would bias noise low.
func averageDB(spectra [][]float32) []float64 {
	avg := make([]float64, len(spectra[0]))
	for _, s := range spectra {
		for k, db := range s {
			avg[k] += math.Pow(10, float64(db)/10)
		}
	}
	for k := range avg {
		avg[k] = 10 * math.Log10(avg[k]/float64(len(spectra)))
	}
	return avg
}

// peak is a local maximum of a spectrum.
type peak struct {
	bin  int     // index in the shifted spectrum
	freq float64 // Hz, interpolated between bins
	db   float64
}

// binFreq is the frequency of bin k of a shifted spectrum of n bins.
func binFreq(k float64, n int, fs float64) float64 {
	return (k - float64(n/2)) * fs / float64(n)
}

// findPeaks returns the n strongest local maxima of a shifted spectrum in
// dB, strongest first. Each frequency is refined by fitting a parabola
// through the maximum and its neighbours, which for a Blackman-Harris
// window lands within a few hundredths of a bin of a lone tone.
func findPeaks(db []float64, fs float64, n int) []peak {
	size := len(db)
	var peaks []peak
	for k, b := range db {
		a, c := db[(k+size-1)%size], db[(k+1)%size]
		if !(b > a && b >= c) {
			continue
		}
		delta := 0.0
		if den := a - 2*b + c; den < 0 {
			delta = 0.5 * (a - c) / den
		}
		peaks = append(peaks, peak{
			bin:  k,
			freq: binFreq(float64(k)+delta, size, fs),
			db:   b - 0.25*(a-c)*delta,
		})
	}
	slices.SortFunc(peaks, func(p, q peak) int { return cmp.Compare(q.db, p.db) })
	return peaks[:min(n, len(peaks))]
}
