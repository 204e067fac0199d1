#!/usr/bin/python3
# GNU Radio twin of fft_k*.yaml: zeros source -> head(N) -> stream to vector(2048) -> K x FFT 2048
# (Blackman-Harris window) -> vector to stream -> null sink, complex64.
from gnuradio import blocks, fft, gr
from gnuradio.fft import window

import gr_common

size = 2048
a = gr_common.parse(__doc__ or "FFT chain", 2048e5)
n = int(a.items) // size * size
tb = gr.top_block()
src = gr_common.zeros(True)
head = blocks.head(gr.sizeof_gr_complex, n)
s2v = blocks.stream_to_vector(gr.sizeof_gr_complex, size)
ffts = [fft.fft_vcc(size, True, window.blackmanharris(size), False, 1) for _ in range(a.k)]
v2s = blocks.vector_to_stream(gr.sizeof_gr_complex, size)
snk = blocks.null_sink(gr.sizeof_gr_complex)
chain = [src, head, s2v] + ffts + [v2s, snk]
for x, y in zip(chain, chain[1:]):
    tb.connect(x, y)
gr_common.run(tb, snk, n)
