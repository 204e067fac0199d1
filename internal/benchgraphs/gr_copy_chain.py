#!/usr/bin/python3
# GNU Radio twin of copy_k*.yaml: zeros source -> head(N) -> K x copy -> null sink, float32.
from gnuradio import blocks, gr

import gr_common

a = gr_common.parse(__doc__ or "copy chain", 2e7)
n = int(a.items)
tb = gr.top_block()
src = gr_common.zeros()
head = blocks.head(gr.sizeof_float, n)
snk = blocks.null_sink(gr.sizeof_float)
chain = [src, head] + [blocks.copy(gr.sizeof_float) for _ in range(a.k)] + [snk]
for x, y in zip(chain, chain[1:]):
    tb.connect(x, y)
gr_common.run(tb, snk, n)
