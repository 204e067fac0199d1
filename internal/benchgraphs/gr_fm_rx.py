#!/usr/bin/python3
# GNU Radio twin of fm_rx.yaml: an FM broadcast receiver on an RTL-SDR-style recording (uint8 I/Q at
# 2.4 MS/s, --file): uint8 I/Q to complex -> freq-xlating FIR (decimation 10) -> quadrature demod ->
# de-emphasis (analog.fm_deemph, 75 us) -> rational resampler 1/5 -> null sink (48 kHz audio).
#
# GNU Radio has no interleaved uint8 to complex block, so this twin converts as GNU Radio users do:
# uchar_to_float -> add_const(-127.5) -> multiply_const(1/127.5) -> deinterleave -> float_to_complex,
# the same (x - 127.5) / 127.5 as flowrun's interleaved_uchar_to_complex. The filter taps are
# gr_fm_taps.py, the very float32 taps of fm_rx.yaml (both written by gen.go).
from gnuradio import analog, blocks, filter, gr

import gr_common
import gr_fm_taps as t

a = gr_common.parse(__doc__ or "FM receiver", 24e6)
tb = gr.top_block()
src = blocks.file_source(gr.sizeof_char, a.file, False)
u2f = blocks.uchar_to_float()
add = blocks.add_const_ff(-127.5)
mul = blocks.multiply_const_ff(1 / 127.5)
split = blocks.deinterleave(gr.sizeof_float)
f2c = blocks.float_to_complex()
channel = filter.freq_xlating_fir_filter_ccf(t.DECIM, t.CHANNEL, t.STATION, t.FS)
demod = analog.quadrature_demod_cf(t.DEMOD_GAIN)
deemph = analog.fm_deemph(t.FS2, t.TAU)
audio = filter.rational_resampler_fff(1, t.AUDIO_DECIM, t.AUDIO)
snk = blocks.null_sink(gr.sizeof_float)
tb.connect(src, u2f, add, mul, split)
tb.connect((split, 0), (f2c, 0))
tb.connect((split, 1), (f2c, 1))
tb.connect(f2c, channel, demod, deemph, audio, snk)
gr_common.run(tb, snk, a.want)
