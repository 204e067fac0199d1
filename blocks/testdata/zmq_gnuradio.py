#!/usr/bin/python3
"""GNU Radio's side of the zmq_* interop tests (blocks/zmq_gnuradio_test.go).

    zmq_gnuradio.py push ENDPOINT N          push_sink(pass_tags) binds ENDPOINT, sends
                                             the ramp complex(i, -i) of N items with tags
    zmq_gnuradio.py pull ENDPOINT N OUTFILE  pull_source(pass_tags) connects, takes N
                                             items (raw complex64 to OUTFILE), prints the tags
    zmq_gnuradio.py pubmsg ENDPOINT SECONDS  pub_msg_sink binds, publishes MESSAGES over
                                             and over
    zmq_gnuradio.py submsg ENDPOINT N        sub_msg_source connects, prints the first N
                                             messages
    zmq_gnuradio.py bench N [notags]         push_sink -> pull_source of N complex items in
                                             one flowgraph, over loopback TCP (the twin of
                                             BenchmarkZMQPushPull); prints MB/s

Each prints "ready" once its flowgraph runs; tags and messages are printed one
a line as JSON, PMTs as the hex of pmt.serialize_str.
"""
import json
import sys
import time

import numpy
import pmt
from gnuradio import blocks, gr, zeromq


def sym(s):
    return pmt.intern(s)


def dict_of(items):
    d = pmt.make_dict()
    for k, v in reversed(items):
        d = pmt.dict_add(d, sym(k), v)
    return d


# The tags push sends: (offset, key, value). Keep in step with the Go test.
def push_tags():
    out = []
    for offset, key, value in [
        (0, "first", pmt.from_long(1)),
        (100, "freq", pmt.from_double(1e6)),
        (1234, "rx_time", pmt.make_tuple(pmt.from_uint64(1700000000), pmt.from_double(0.25))),
        (5000, "pdu", pmt.cons(dict_of([("a", pmt.from_long(1))]), pmt.init_u8vector(2, [7, 8]))),
        (5001, "name", sym("burst")),
        (9999, "last", pmt.PMT_T),
    ]:
        t = gr.tag_t()
        t.offset, t.key, t.value, t.srcid = offset, sym(key), value, sym("gr")
        out.append(t)
    return out


# The messages pubmsg publishes. Keep in step with the Go test.
MESSAGES = [
    dict_of([("freq", pmt.from_double(433.92e6)), ("gain", pmt.from_long(20))]),
    pmt.cons(dict_of([("packet_len", pmt.from_long(3))]), pmt.init_u8vector(3, [1, 2, 3])),
    pmt.cons(sym("freq"), pmt.from_double(1e6)),
    sym("hello"),
    pmt.init_f32vector(2, [0.5, -0.5]),
    pmt.make_tuple(pmt.from_long(1), sym("x")),
    pmt.from_long(-3),
]


def push(endpoint, n):
    data = [complex(i, -i) for i in range(n)]
    tb = gr.top_block()
    src = blocks.vector_source_c(data, False, 1, push_tags())
    snk = zeromq.push_sink(gr.sizeof_gr_complex, 1, endpoint, 100, True, -1)
    tb.connect(src, snk)
    tb.start()
    print("ready", flush=True)
    tb.wait()
    time.sleep(0.5)  # the last messages on their way (the socket lingers too)


def pull(endpoint, n, outfile):
    tb = gr.top_block()
    src = zeromq.pull_source(gr.sizeof_gr_complex, 1, endpoint, 100, True, -1)
    head = blocks.head(gr.sizeof_gr_complex, n)
    snk = blocks.vector_sink_c()
    tb.connect(src, head, snk)
    tb.start()
    print("ready", flush=True)
    # A flowgraph with a ZeroMQ source does not end when its head does.
    deadline = time.time() + 8
    while len(snk.data()) < n and time.time() < deadline:
        time.sleep(0.01)
    tb.stop()
    tb.wait()
    numpy.array(snk.data(), dtype=numpy.complex64).tofile(outfile)
    for t in snk.tags():
        print(json.dumps({"offset": t.offset, "key": pmt.symbol_to_string(t.key),
                          "value": pmt.serialize_str(t.value).hex()}), flush=True)


def pubmsg(endpoint, seconds):
    tb = gr.top_block()
    snk = zeromq.pub_msg_sink(endpoint, 100, True)
    strobes = [blocks.message_strobe(m, 20) for m in MESSAGES]
    for s in strobes:
        tb.msg_connect((s, "strobe"), (snk, "in"))
    tb.start()
    print("ready", flush=True)
    time.sleep(seconds)
    tb.stop()
    tb.wait()


def submsg(endpoint, n):
    tb = gr.top_block()
    src = zeromq.sub_msg_source(endpoint, 100, False)
    dbg = blocks.message_debug()
    tb.msg_connect((src, "out"), (dbg, "store"))
    tb.start()
    print("ready", flush=True)
    deadline = time.time() + 8
    while dbg.num_messages() < n and time.time() < deadline:
        time.sleep(0.01)
    tb.stop()
    tb.wait()
    for i in range(min(n, dbg.num_messages())):
        print(json.dumps({"value": pmt.serialize_str(dbg.get_message(i)).hex()}), flush=True)


def bench(n, pass_tags):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    endpoint = "tcp://127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    tag = gr.tag_t()
    tag.offset, tag.key, tag.value = 0, sym("block"), pmt.from_long(1)
    tb = gr.top_block()
    src = blocks.vector_source_c([complex(i, 1) for i in range(4096)], True, 1, [tag])
    head = blocks.head(gr.sizeof_gr_complex, n)
    push = zeromq.push_sink(gr.sizeof_gr_complex, 1, endpoint, 100, pass_tags, -1)
    pull = zeromq.pull_source(gr.sizeof_gr_complex, 1, endpoint, 100, pass_tags, -1)
    rhead = blocks.head(gr.sizeof_gr_complex, n)
    snk = blocks.null_sink(gr.sizeof_gr_complex)
    tb.connect(src, head, push)
    tb.connect(pull, rhead, snk)
    t0 = time.time()
    tb.start()
    while rhead.nitems_written(0) < n:
        time.sleep(0.001)
    t1 = time.time()
    tb.stop()
    tb.wait()
    print("%d items in %.3f s: %.1f MB/s (pass_tags %s)" % (n, t1 - t0, n * 8 / (t1 - t0) / 1e6, pass_tags))


def main():
    if sys.argv[1] == "bench":
        bench(int(sys.argv[2]), sys.argv[3:] != ["notags"])
        return
    cmd, endpoint = sys.argv[1], sys.argv[2]
    if cmd == "push":
        push(endpoint, int(sys.argv[3]))
    elif cmd == "pull":
        pull(endpoint, int(sys.argv[3]), sys.argv[4])
    elif cmd == "pubmsg":
        pubmsg(endpoint, float(sys.argv[3]))
    elif cmd == "submsg":
        submsg(endpoint, int(sys.argv[3]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
