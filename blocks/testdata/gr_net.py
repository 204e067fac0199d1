#!/usr/bin/python3
"""GNU Radio (3.10) ends of the network blocks' interoperability tests.

Run by blocks/net_gnuradio_test.go with /usr/bin/python3; every socket is
on 127.0.0.1. The items are gr_net_items(n): complex k - 2jk (exact in
float32 up to 2^23), so both sides compute them.

    gr_net.py tcp_sink_client PORT N          GNU Radio tcp_sink (client) sends N items
    gr_net.py tcp_source_client PORT OUT      GNU Radio tcp_source (client) reads to EOF into OUT
    gr_net.py udp_sink PORT HEADER PAYLOAD N  GNU Radio udp_sink sends N items, then EOF datagrams
    gr_net.py udp_source PORT HEADER PAYLOAD N OUT   GNU Radio udp_source reads N items into OUT
    gr_net.py osmosdr_rtl_tcp PORT N OUT      gr-osmosdr rtl_tcp= source reads N samples into OUT

OUT files are raw complex64 (GNU Radio's file_sink layout). Scripts that
wait for data print "ready" once listening, and give up after 60 s.
"""

import sys
import threading
import time

import numpy as np
from gnuradio import blocks, gr

TIMEOUT = 60.0


def gr_net_items(n):
    k = np.arange(n, dtype=np.float32)
    return (k - 2j * k).astype(np.complex64)


def run(tb, done=None):
    """Run tb until it ends, or until done() is true (a source that never
    ends, such as udp_source, keeps a top block running after its head is
    done), at most TIMEOUT seconds."""
    tb.start()
    print("ready", flush=True)
    if done is None:
        t = threading.Thread(target=tb.wait, daemon=True)
        t.start()
        t.join(TIMEOUT)
        finished = not t.is_alive()
    else:
        deadline = time.monotonic() + TIMEOUT
        while not done() and time.monotonic() < deadline:
            time.sleep(0.01)
        finished = done()
    tb.stop()
    if not finished:
        sys.exit("gr_net.py: timed out")
    tb.wait()


def tcp_sink_client(port, n):
    from gnuradio import network
    tb = gr.top_block()
    src = blocks.vector_source_c(gr_net_items(n).tolist(), False)
    snk = network.tcp_sink(gr.sizeof_gr_complex, 1, "127.0.0.1", port, 1)  # 1: client
    tb.connect(src, snk)
    tb.run()


def tcp_source_client(port, out):
    from gnuradio import network
    tb = gr.top_block()
    src = network.tcp_source.tcp_source(itemsize=gr.sizeof_gr_complex, addr="127.0.0.1", port=port, server=False)
    snk = blocks.file_sink(gr.sizeof_gr_complex, out, False)
    snk.set_unbuffered(False)
    tb.connect(src, snk)
    run(tb)


def udp_sink(port, header, payload, n):
    from gnuradio import network
    tb = gr.top_block()
    src = blocks.vector_source_c(gr_net_items(n).tolist(), False)
    thr = blocks.throttle(gr.sizeof_gr_complex, 2e6)
    snk = network.udp_sink(gr.sizeof_gr_complex, 1, "127.0.0.1", port, header, payload, True)
    tb.connect(src, thr, snk)
    tb.run()


def udp_source(port, header, payload, n, out):
    from gnuradio import network
    tb = gr.top_block()
    src = network.udp_source(gr.sizeof_gr_complex, 1, port, header, payload, False, False, False)
    head = blocks.head(gr.sizeof_gr_complex, n)
    snk = blocks.file_sink(gr.sizeof_gr_complex, out, False)
    tb.connect(src, head, snk)
    run(tb, lambda: snk.nitems_read(0) >= n)  # the file sink has them, not just the head


def osmosdr_rtl_tcp(port, n, out):
    import osmosdr
    tb = gr.top_block()
    src = osmosdr.source(args="numchan=1 rtl_tcp=127.0.0.1:%d" % port)
    src.set_sample_rate(2.4e6)
    src.set_center_freq(100e6, 0)
    src.set_freq_corr(0, 0)
    src.set_gain_mode(False, 0)
    src.set_gain(20, 0)
    head = blocks.head(gr.sizeof_gr_complex, n)
    snk = blocks.file_sink(gr.sizeof_gr_complex, out, False)
    tb.connect(src, head, snk)
    run(tb, lambda: snk.nitems_read(0) >= n)  # the file sink has them, not just the head


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "tcp_sink_client":
        tcp_sink_client(int(args[0]), int(args[1]))
    elif cmd == "tcp_source_client":
        tcp_source_client(int(args[0]), args[1])
    elif cmd == "udp_sink":
        udp_sink(int(args[0]), int(args[1]), int(args[2]), int(args[3]))
    elif cmd == "udp_source":
        udp_source(int(args[0]), int(args[1]), int(args[2]), int(args[3]), args[4])
    elif cmd == "osmosdr_rtl_tcp":
        osmosdr_rtl_tcp(int(args[0]), int(args[1]), args[2])
    else:
        sys.exit("gr_net.py: unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
