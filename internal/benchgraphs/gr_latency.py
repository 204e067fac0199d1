#!/usr/bin/python3
# GNU Radio twin of flowrun bench --latency: stamp source -> N x multiply_const
# -> latency sink, one end paced in real time. The source tags the first item
# of each batch it produces with time.monotonic_ns() (key "t"); the sink gives
# every item it takes the latest stamp at or before it and records
# now - stamp for the items taken in the second half of the run. Pacing is
# flowrun's (internal/benchgraphs/latency.go, pacer): batches of about 1 ms
# worth (rate/1000 items), each when the time since the first call reaches
# what it would take at the rate; here the block sleeps in work() until then.
# Prints one JSON line: p50, p99 and max in seconds and the items measured.
import argparse
import json
import math
import time

import numpy as np
import pmt
from gnuradio import blocks, gr

KEY = pmt.intern("t")


class Pacer:
    def __init__(self, rate):
        self.rate = rate
        self.batch = max(1, int(rate / 1000))
        self.start = None
        self.done = 0

    def allow(self, avail):
        """Sleeps until some of avail items may go, and returns how many."""
        while True:
            now = time.monotonic_ns()
            if self.start is None:
                self.start = now
            allowed = int((now - self.start) / 1e9 * self.rate)
            want = min(self.batch, avail)
            if allowed >= self.done + want:
                n = min(avail, allowed - self.done)
                self.done += n
                return n
            due = self.start + (self.done + want) / self.rate * 1e9
            time.sleep(max(0.0, (due - now) / 1e9))


class StampSource(gr.sync_block):
    def __init__(self, dtype, rate):
        gr.sync_block.__init__(self, "stamp_source", [], [dtype])
        self.pacer = Pacer(rate) if rate > 0 else None

    def work(self, input_items, output_items):
        out = output_items[0]
        n = len(out)
        if self.pacer is not None:
            n = self.pacer.allow(n)
        if n == 0:
            return 0
        out[:n] = 0
        self.add_item_tag(0, self.nitems_written(0), KEY, pmt.from_long(time.monotonic_ns()))
        return n


class LatencySink(gr.sync_block):
    def __init__(self, dtype, rate, seconds):
        gr.sync_block.__init__(self, "latency_sink", [dtype], [])
        self.pacer = Pacer(rate) if rate > 0 else None
        self.seconds = seconds
        self.t0 = None
        self.last = -1
        self.lat = []  # (latency ns, items)

    def work(self, input_items, output_items):
        n = len(input_items[0])
        if self.t0 is None:
            self.t0 = time.monotonic_ns()
        if self.pacer is not None:
            n = self.pacer.allow(n)
        t = time.monotonic_ns()
        keep = (t - self.t0) >= self.seconds / 2 * 1e9
        off = self.nitems_read(0)
        i = 0
        for tg in sorted(self.get_tags_in_window(0, 0, n), key=lambda tg: tg.offset):
            if pmt.symbol_to_string(tg.key) != "t":
                continue
            rel = tg.offset - off
            if keep and rel > i and self.last >= 0:
                self.lat.append((t - self.last, rel - i))
            self.last = pmt.to_long(tg.value)
            i = rel
        if keep and n > i and self.last >= 0:
            self.lat.append((t - self.last, n - i))
        return n

    def quantile(self, q):
        runs = sorted(self.lat)
        total = sum(c for _, c in runs)
        if total == 0:
            return 0.0
        want = math.ceil(q * total)
        cum = 0
        for d, c in runs:
            cum += c
            if cum >= want:
                return d / 1e9
        return runs[-1][0] / 1e9


def main():
    p = argparse.ArgumentParser(description="GNU Radio twin of flowrun bench --latency")
    p.add_argument("--type", choices=["float32", "complex64"], default="float32")
    p.add_argument("--stages", type=int, default=10)
    p.add_argument("--source-rate", type=float, default=0)
    p.add_argument("--sink-rate", type=float, default=48e3)
    p.add_argument("--buffers", choices=["default", "small"], default="default")
    p.add_argument("--seconds", type=float, default=10)
    a = p.parse_args()
    dtype = np.float32 if a.type == "float32" else np.complex64
    size = gr.sizeof_float if a.type == "float32" else gr.sizeof_gr_complex
    tb = gr.top_block()
    src = StampSource(dtype, a.source_rate)
    if a.type == "float32":
        muls = [blocks.multiply_const_ff(1) for _ in range(a.stages)]
    else:
        muls = [blocks.multiply_const_cc(1) for _ in range(a.stages)]
    snk = LatencySink(dtype, a.sink_rate, a.seconds)
    chain = [src] + muls + [snk]
    if a.buffers == "small":
        # One 4 KiB page per output: GNU Radio's smallest buffer.
        for b in chain[:-1]:
            b.set_max_output_buffer(4096 // size)
    for x, y in zip(chain, chain[1:]):
        tb.connect(x, y)
    tb.start()
    time.sleep(a.seconds)
    tb.stop()
    tb.wait()
    print(json.dumps({"p50_seconds": snk.quantile(0.5), "p99_seconds": snk.quantile(0.99),
                      "max_seconds": snk.quantile(1), "items": sum(c for _, c in snk.lat)}))


if __name__ == "__main__":
    main()
