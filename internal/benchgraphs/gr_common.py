# Shared by the GNU Radio twins of flowrun's benchmark graphs: argument
# parsing and timing. Run with Debian's /usr/bin/python3 (gnuradio 3.10).
import argparse
import json
import time

from gnuradio import blocks


def parse(doc, items):
    p = argparse.ArgumentParser(description=doc)
    p.add_argument("--k", type=int, default=1, help="number of stages in the chain")
    p.add_argument("--pipes", type=int, default=1, help="parallel pipes, each with its own sink (mixed row)")
    p.add_argument("--items", type=float, default=items, help="items the head block lets through (per pipe)")
    p.add_argument("--file", help="the recording to read (rows that read one)")
    p.add_argument("--want", type=int, help="items each sink must see, when not --items")
    return p.parse_args()


SOURCE_LEN = 1024  # gen.go's sourceLen


def zeros(complex_items=False):
    """The source of every chain: a vector of SOURCE_LEN zeros, repeated, so
    that every item is written, as in flowrun's graphs (GNU Radio 3.10's
    null_source never writes its output)."""
    if complex_items:
        return blocks.vector_source_c([0j] * SOURCE_LEN, True)
    return blocks.vector_source_f([0.0] * SOURCE_LEN, True)


def run(tb, sinks, items):
    """Runs the top block and prints seconds, CPU seconds, items sunk by all
    the sinks together and by each (sinks: one block or a list) as JSON;
    want is the count each sink must see."""
    if not isinstance(sinks, (list, tuple)):
        sinks = [sinks]
    wall, cpu = time.perf_counter(), time.process_time()
    tb.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    seen = [s.nitems_read(0) for s in sinks]
    print(json.dumps({"seconds": wall, "cpu_seconds": cpu, "items": sum(seen), "sinks": seen, "want": items}))
