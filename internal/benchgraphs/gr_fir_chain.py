#!/usr/bin/python3
# GNU Radio twin of fir_k*.yaml: zeros source -> head(N) -> K x FIR (64 real taps) -> null sink, complex64.
from gnuradio import blocks, filter, gr

import gr_common

a = gr_common.parse(__doc__ or "FIR chain", 1e7)
n = int(a.items)
taps = [1.0 / 64] * 64
tb = gr.top_block()
src = gr_common.zeros(True)
head = blocks.head(gr.sizeof_gr_complex, n)
snk = blocks.null_sink(gr.sizeof_gr_complex)
chain = [src, head] + [filter.fir_filter_ccf(1, taps) for _ in range(a.k)] + [snk]
for x, y in zip(chain, chain[1:]):
    tb.connect(x, y)
gr_common.run(tb, snk, n)
