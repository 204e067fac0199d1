#!/usr/bin/python3
# GNU Radio twin of fir_mixed.yaml (FutureSDR's perf/fir): P parallel pipes, each zeros source -> head(N) ->
# K x [copy -> FIR (64 real taps)] -> null sink, float32. Prints the items of all P sinks together.
#
# Caveat: stock GNU Radio has no random-size copy block in its Python API, so where flowrun's graph
# has copy_rand (a random 1..512 items per work call) this twin has the nearest stock equivalent,
# blocks.copy with set_max_noutput_items(512): at most 512 items per call, but not random.
from gnuradio import blocks, filter, gr

import gr_common

a = gr_common.parse(__doc__ or "mixed FIR chain", 2e7)
n = int(a.items)
taps = [1.0 / 64] * 64
tb = gr.top_block()
sinks = []
for _ in range(a.pipes):
    src = gr_common.zeros()
    head = blocks.head(gr.sizeof_float, n)
    snk = blocks.null_sink(gr.sizeof_float)
    chain = [src, head]
    for _ in range(a.k):
        cp = blocks.copy(gr.sizeof_float)
        cp.set_max_noutput_items(512)
        chain += [cp, filter.fir_filter_fff(1, taps)]
    chain.append(snk)
    for x, y in zip(chain, chain[1:]):
        tb.connect(x, y)
    sinks.append(snk)
gr_common.run(tb, sinks, n)
