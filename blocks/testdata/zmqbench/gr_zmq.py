#!/usr/bin/python3
"""GNU Radio's twin of push.yaml / pull.yaml: run as `gr_zmq.py push ADDR`
or `gr_zmq.py pull N ADDR` (Debian's /usr/bin/python3 with GNU Radio 3.10).
The sender tags every 4096th item as push.yaml does; both pass tags.

GNU Radio's push_sink closes its socket without lingering when its graph
ends, so the last messages of a finite stream can be lost and a receiver
counting N items would wait for ever: the sender here runs until killed,
and the receiver stops after N items."""
import sys

import pmt
from gnuradio import blocks, gr, zeromq


def main():
    role = sys.argv[1]
    tb = gr.top_block()
    size = gr.sizeof_gr_complex
    if role == "push":
        addr = sys.argv[2]
        src = blocks.null_source(size)
        tags = blocks.tags_strobe(size, pmt.from_long(1), 4096, pmt.intern("block"))
        add = blocks.add_cc()
        push = zeromq.push_sink(size, 1, addr, 100, True, -1)
        tb.connect(src, (add, 0))
        tb.connect(tags, (add, 1))
        tb.connect(add, push)
    else:
        n, addr = int(float(sys.argv[2])), sys.argv[3]
        pull = zeromq.pull_source(size, 1, addr, 100, True, -1)
        head = blocks.head(size, n)
        tb.connect(pull, head, blocks.null_sink(size))
    tb.run()


if __name__ == "__main__":
    main()
