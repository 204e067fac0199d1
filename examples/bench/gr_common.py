# Shared by the GNU Radio twins of flowrun's benchmark graphs: argument
# parsing and timing. Run with Debian's /usr/bin/python3 (gnuradio 3.10).
import argparse
import json
import time


def parse(doc, items):
    p = argparse.ArgumentParser(description=doc)
    p.add_argument("--k", type=int, default=1, help="number of stages in the chain")
    p.add_argument("--items", type=float, default=items, help="items the head block lets through")
    return p.parse_args()


def run(tb, snk, items):
    """Runs the top block and prints seconds, CPU seconds and items sunk as JSON."""
    wall, cpu = time.perf_counter(), time.process_time()
    tb.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"seconds": wall, "cpu_seconds": cpu, "items": snk.nitems_read(0), "want": items}))
