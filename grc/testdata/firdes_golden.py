#!/usr/bin/python3
"""Writes firdes_golden.json: the taps GNU Radio's firdes designs for the
calls in CALLS (run with a python3 that imports gnuradio; the Go test runs
it too, when it can, and compares with the committed file and with Go)."""
import json
import sys

from gnuradio.filter import firdes
from gnuradio.fft import window

CALLS = [
    "firdes.low_pass(1, 32000, 3000, 1000)",
    "firdes.low_pass(2.5, 1e6, 100e3, 20e3, window.WIN_BLACKMAN_hARRIS)",
    "firdes.low_pass(1, 48000, 5000, 2000, window.WIN_KAISER, 8.0)",
    "firdes.low_pass(1, 1, 0.2, 0.05, window.WIN_HANN)",
    "firdes.low_pass_2(1, 32000, 3000, 1000, 60)",
    "firdes.low_pass_2(4, 4*44100, 15e3, 1e3, 60, window.WIN_KAISER)",
    "firdes.high_pass(1, 32000, 3000, 1000)",
    "firdes.high_pass_2(1, 32000, 3000, 1000, 50, window.WIN_BLACKMAN)",
    "firdes.band_pass(1, 32000, 2000, 5000, 1000)",
    "firdes.band_pass_2(3, 32000, 2000, 5000, 1000, 70, window.WIN_RECTANGULAR)",
    "firdes.band_reject(1, 32000, 2000, 5000, 1000)",
    "firdes.complex_band_pass(1, 32000, -5000, 2000, 1000)",
    "firdes.complex_band_pass(1, 32000, 1000, 6000, 1500, window.WIN_HANN)",
    "firdes.root_raised_cosine(1, 4, 1, 0.35, 45)",
    "firdes.root_raised_cosine(2, 32000, 8000, 1.0, 44)",
    "firdes.root_raised_cosine(1, 2, 1, 0.5, 11)",
    "firdes.gaussian(1, 4, 0.35, 17)",
    "firdes.window(window.WIN_BLACKMAN_hARRIS, 16, 6.76)",
    "firdes.window(window.WIN_KAISER, 21, 5)",
]


def encode(taps):
    out = []
    for t in taps:
        if isinstance(t, complex):
            out.append([t.real, t.imag])
        else:
            out.append(t)
    return out


json.dump([{"call": c, "taps": encode(eval(c))} for c in CALLS], sys.stdout, indent=0)
sys.stdout.write("\n")
