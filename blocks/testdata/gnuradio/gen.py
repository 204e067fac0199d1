#!/usr/bin/python3
"""Golden vectors for blocks/gnuradio_golden_test.go, computed by GNU Radio.

Each case runs one GNU Radio block (or the chain GNU Radio users build when
GNU Radio has no such block) on fixed inputs: vector_source -> block ->
vector_sink, top_block run to completion. The inputs are deterministic
(numpy RandomState with fixed seeds), so a run writes the same files.

    /usr/bin/python3 gen.py [DIR]          write the vectors and manifest.json into DIR
                                           (default: this script's directory)
    /usr/bin/python3 gen.py --check [DIR]  regenerate into a temporary directory and
                                           compare with DIR: exit status 1 on drift

Files are raw little-endian items (GNU Radio's file_sink layout), one file
per input vector and per output; manifest.json names, per case, the GNU
Radio block and parameters, the flowrun registry block and parameters that
should compute the same, and the item type of each file. The Go test holds
the tolerance of each block.

Out of scope: the blocks in OUT_OF_SCOPE below, each with its reason
(network, ZeroMQ, PDU and message blocks are tested elsewhere).

Written for GNU Radio 3.10.5.1 (Debian's /usr/bin/python3).
"""

import json
import os
import sys
import tempfile

import numpy as np
from gnuradio import analog, blocks, channels, fft, filter, gr
from gnuradio.fft import window

HERE = os.path.dirname(os.path.abspath(__file__))

NP_TYPES = {"float32": np.float32, "complex64": np.complex64, "int8": np.int8,
            "uint8": np.uint8, "int16": np.int16, "int32": np.int32}
SIZES = {"float32": 4, "complex64": 8, "int8": 1, "uint8": 1, "int16": 2, "int32": 4}


# Blocks of blocks/ with no case here, and why (manifest.json repeats it).
OUT_OF_SCOPE = {
    "tcp_sink, tcp_source, udp_sink, udp_source, zmq_*, rtl_tcp_sink, rtl_tcp_source":
        "network I/O: interoperability with GNU Radio is tested by net_gnuradio_test.go and zmq_gnuradio_test.go",
    "pdu_to_tagged_stream, tagged_stream_to_pdu, message_strobe, message_debug, tag_debug, tag_inserter, tag_to_message":
        "messages and tags, not samples",
    "sigmf_source, sigmf_sink": "gr-sigmf is not part of GNU Radio 3.10",
    "power_spectrum": "no GNU Radio block computes a Welch average; checked against go-dsp's spectral.Pwelch",
    "am_demod": "GNU Radio's am_demod_cf adds an audio filter: not the same computation",
    "wav_source, wav_sink": "16-bit PCM files, tested against their format in wav_test.go",
    "copy, copy_rand, null_source, null_sink, constant_source, vector_source, vector_sink, count_sink, probe, "
    "throttle, selector, head, skip, delay, interleave, deinterleave, stream_to_vector, vector_to_stream":
        "move or count items without computing on them (their doc comments do not claim GNU Radio's arithmetic)",
}


def vsource(kind, data):
    return {"float32": blocks.vector_source_f, "complex64": blocks.vector_source_c,
            "int8": blocks.vector_source_b, "uint8": blocks.vector_source_b,
            "int16": blocks.vector_source_s, "int32": blocks.vector_source_i}[kind](data.tolist(), False)


def vsource_data(kind, data):
    """data as vector_source_x takes it: vector_source_b wants unsigned bytes."""
    if kind == "int8":
        return np.asarray(data, dtype=np.int8).view(np.uint8)
    return data


def vsink(kind):
    return {"float32": blocks.vector_sink_f, "complex64": blocks.vector_sink_c,
            "int8": blocks.vector_sink_b, "uint8": blocks.vector_sink_b,
            "int16": blocks.vector_sink_s, "int32": blocks.vector_sink_i}[kind]()


def sink_data(kind, snk):
    d = snk.data()
    if kind in ("int8", "uint8"):
        # vector_sink_b hands bytes back as unsigned values.
        return np.array(d, dtype=np.uint8).view(NP_TYPES[kind])
    return np.array(d, dtype=NP_TYPES[kind])


class Gen:
    def __init__(self, out):
        self.out = out
        self.cases = []
        self.inputs = {}

    def write(self, name, kind, data):
        arr = np.asarray(data, dtype=NP_TYPES[kind])
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(arr.astype(arr.dtype.newbyteorder("<")).tobytes())

    def input(self, name, kind, data):
        """Registers a shared input vector and writes it."""
        arr = np.asarray(data, dtype=NP_TYPES[kind])
        self.inputs[name] = (kind, arr)
        self.write(name, kind, arr)
        return name

    def case(self, name, gr_desc, block, params, ins, outs, make, extra=None):
        """Runs make(tb, sources, sinks) and records the case.

        ins: names of registered inputs; outs: item types of the outputs.
        make connects the given sources and sinks through the GNU Radio
        block(s) under test.
        """
        tb = gr.top_block()
        srcs = [vsource(self.inputs[i][0], vsource_data(self.inputs[i][0], self.inputs[i][1])) for i in ins]
        snks = [vsink(k) for k in outs]
        make(tb, srcs, snks)
        tb.run()
        files = []
        for j, (k, s) in enumerate(zip(outs, snks)):
            fname = "%s.out%d.%s" % (name, j, k)
            self.write(fname, k, sink_data(k, s))
            files.append({"file": fname, "type": k})
        c = {"name": name, "gnuradio": gr_desc, "block": block, "params": params,
             "inputs": [{"file": i, "type": self.inputs[i][0]} for i in ins],
             "outputs": files}
        if extra:
            c.update(extra)
        self.cases.append(c)

    def chain(self, name, gr_desc, block, params, ins, outs, blk):
        """A case where one GNU Radio block sits between sources and sinks."""
        def make(tb, srcs, snks):
            for i, s in enumerate(srcs):
                tb.connect(s, (blk, i))
            for j, s in enumerate(snks):
                tb.connect((blk, j), s)
        self.case(name, gr_desc, block, params, ins, outs, make)

    def source(self, name, gr_desc, block, params, kind, n, src):
        """A source case: the first n items of src."""
        def make(tb, srcs, snks):
            tb.connect(src, blocks.head(SIZES[kind], n), snks[0])
        self.case(name, gr_desc, block, params, [], [kind], make)


def main(out):
    g = Gen(out)
    rng = np.random.RandomState(20260415)
    n = 512
    nf = 1024  # filters: long enough for many history and decimation phases
    fa = g.input("in_f32_a.float32", "float32", rng.uniform(-2, 2, n))
    fb = g.input("in_f32_b.float32", "float32", rng.uniform(-2, 2, n))
    fpos = g.input("in_f32_pos.float32", "float32",
                   np.concatenate([rng.uniform(0, 1e3, n - 8), [0, 1e-40, 1e-30, 1, 10, 1e30, 3e38, 0.5]]))
    fsat = g.input("in_f32_sat.float32", "float32",
                   np.concatenate([rng.uniform(-200, 200, n - 8), [-0.5, 0.5, 1.5, -1.5, 2.5, 127.6, -128.6, 40000]]))
    ca = g.input("in_c64_a.complex64", "complex64", rng.uniform(-2, 2, n) + 1j * rng.uniform(-2, 2, n))
    cb = g.input("in_c64_b.complex64", "complex64", rng.uniform(-2, 2, n) + 1j * rng.uniform(-2, 2, n))
    cfl = g.input("in_c64_long.complex64", "complex64",
                  rng.normal(0, 1, nf) + 1j * rng.normal(0, 1, nf))
    ffl = g.input("in_f32_long.float32", "float32", rng.normal(0, 1, nf))
    i8 = g.input("in_i8.int8", "int8", np.concatenate([np.arange(-128, 128), rng.randint(-128, 128, n - 256)]))
    u8 = g.input("in_u8.uint8", "uint8", np.concatenate([np.arange(0, 256), rng.randint(0, 256, n - 256)]))
    i16 = g.input("in_i16.int16", "int16", np.concatenate(
        [[-32768, -32767, -1, 0, 1, 32767], rng.randint(-32768, 32768, n - 6)]))
    # An FM-like signal for the discriminator: phase steps in (-pi, pi).
    ph = np.cumsum(rng.uniform(-3, 3, n))
    cfm = g.input("in_c64_fm.complex64", "complex64", rng.uniform(0.5, 2, n) * np.exp(1j * ph))
    # Bursts of different levels for the AGC.
    lv = np.repeat([0.01, 1.0, 5.0, 0.2], nf // 4)
    cagc = g.input("in_c64_agc.complex64", "complex64", lv * (rng.normal(0, 1, nf) + 1j * rng.normal(0, 1, nf)))
    fagc = g.input("in_f32_agc.float32", "float32", lv * rng.normal(0, 1, nf))

    # --- arithmetic ---
    for t, fx, ins in (("float32", "ff", [fa, fb]), ("complex64", "cc", [ca, cb]), ("int16", "ss", [i16, i16])):
        g.chain("add_" + fx, "blocks.add_%s()" % fx, "add", {"type": t, "inputs": 2}, ins, [t],
                getattr(blocks, "add_" + fx)())
        g.chain("subtract_" + fx, "blocks.sub_%s()" % fx, "subtract", {"type": t, "inputs": 2}, ins, [t],
                getattr(blocks, "sub_" + fx)())
        g.chain("multiply_" + fx, "blocks.multiply_%s()" % fx, "multiply", {"type": t, "inputs": 2}, ins, [t],
                getattr(blocks, "multiply_" + fx)())
    g.chain("add_const_ff", "blocks.add_const_ff(0.75)", "add_const", {"type": "float32", "k": 0.75},
            [fa], ["float32"], blocks.add_const_ff(0.75))
    g.chain("add_const_cc", "blocks.add_const_cc(0.75-1.5j)", "add_const",
            {"type": "complex64", "k": [0.75, -1.5]}, [ca], ["complex64"], blocks.add_const_cc(0.75 - 1.5j))
    g.chain("multiply_const_ff", "blocks.multiply_const_ff(-1.25)", "multiply_const",
            {"type": "float32", "k": -1.25}, [fa], ["float32"], blocks.multiply_const_ff(-1.25))
    g.chain("multiply_const_cc", "blocks.multiply_const_cc(0.3-0.7j)", "multiply_const",
            {"type": "complex64", "k": [0.3, -0.7]}, [ca], ["complex64"], blocks.multiply_const_cc(0.3 - 0.7j))
    g.chain("conjugate_cc", "blocks.conjugate_cc()", "conjugate", {}, [ca], ["complex64"], blocks.conjugate_cc())
    g.chain("nlog10_ff", "blocks.nlog10_ff(10, 1, 0)", "to_db", {"factor": 10, "k": 0},
            [fpos], ["float32"], blocks.nlog10_ff(10, 1, 0))
    # With k != 0 GNU Radio multiplies x by 10^(k/n) after clamping it to
    # FLT_MIN, so x near FLT_MIN goes denormal there: normal inputs only.
    fnorm = g.input("in_f32_normal.float32", "float32", rng.uniform(1e-3, 1e3, n))
    g.chain("nlog10_ff_20", "blocks.nlog10_ff(20, 1, -3)", "to_db", {"factor": 20, "k": -3},
            [fnorm], ["float32"], blocks.nlog10_ff(20, 1, -3))

    # --- complex parts and conversions ---
    g.chain("complex_to_arg", "blocks.complex_to_arg()", "complex_to_arg", {}, [ca], ["float32"],
            blocks.complex_to_arg())
    g.chain("complex_to_mag", "blocks.complex_to_mag()", "complex_to_mag", {}, [ca], ["float32"],
            blocks.complex_to_mag())
    g.chain("complex_to_mag_squared", "blocks.complex_to_mag_squared()", "complex_to_mag_squared", {},
            [ca], ["float32"], blocks.complex_to_mag_squared())
    g.chain("complex_to_float", "blocks.complex_to_float()", "complex_to_float", {}, [ca],
            ["float32", "float32"], blocks.complex_to_float())
    g.chain("float_to_complex", "blocks.float_to_complex()", "float_to_complex", {}, [fa, fb],
            ["complex64"], blocks.float_to_complex())
    g.chain("char_to_float", "blocks.char_to_float(1, 64)", "char_to_float", {"scale": 64}, [i8],
            ["float32"], blocks.char_to_float(1, 64))
    g.chain("short_to_float", "blocks.short_to_float(1, 32768)", "short_to_float", {"scale": 32768},
            [i16], ["float32"], blocks.short_to_float(1, 32768))
    g.chain("uchar_to_float", "blocks.uchar_to_float()", "uchar_to_float", {}, [u8], ["float32"],
            blocks.uchar_to_float())
    g.chain("float_to_char", "blocks.float_to_char(1, 1)", "float_to_char", {"scale": 1}, [fsat],
            ["int8"], blocks.float_to_char(1, 1))
    g.chain("float_to_short", "blocks.float_to_short(1, 200)", "float_to_short", {"scale": 200}, [fsat],
            ["int16"], blocks.float_to_short(1, 200))
    g.chain("complex_to_interleaved_char", "blocks.complex_to_interleaved_char(False, 60)",
            "complex_to_interleaved_char", {"scale": 60}, [ca], ["int8"],
            blocks.complex_to_interleaved_char(False, 60))
    g.chain("complex_to_interleaved_short", "blocks.complex_to_interleaved_short(False, 20000)",
            "complex_to_interleaved_short", {"scale": 20000}, [ca], ["int16"],
            blocks.complex_to_interleaved_short(False, 20000))
    g.chain("interleaved_char_to_complex", "blocks.interleaved_char_to_complex(False, 128)",
            "interleaved_char_to_complex", {"scale": 128}, [i8], ["complex64"],
            blocks.interleaved_char_to_complex(False, 128))
    g.chain("interleaved_short_to_complex", "blocks.interleaved_short_to_complex(False, False, 32768)",
            "interleaved_short_to_complex", {"scale": 32768}, [i16], ["complex64"],
            blocks.interleaved_short_to_complex(False, False, 32768))
    g.chain("interleaved_short_to_complex_swap", "blocks.interleaved_short_to_complex(False, True, 100)",
            "interleaved_short_to_complex", {"scale": 100, "swap": True}, [i16], ["complex64"],
            blocks.interleaved_short_to_complex(False, True, 100))

    # GNU Radio has no interleaved uchar to complex block: its users chain
    # uchar_to_float, add_const_ff(-offset), multiply_const_ff(1/scale),
    # deinterleave and float_to_complex.
    def uchar_chain(tb, srcs, snks):
        u2f, add = blocks.uchar_to_float(), blocks.add_const_ff(-127.5)
        mul, de = blocks.multiply_const_ff(1 / 127.5), blocks.deinterleave(4)
        f2c = blocks.float_to_complex()
        tb.connect(srcs[0], u2f, add, mul, de)
        tb.connect((de, 0), (f2c, 0))
        tb.connect((de, 1), (f2c, 1))
        tb.connect(f2c, snks[0])
    g.case("interleaved_uchar_to_complex",
           "uchar_to_float -> add_const_ff(-127.5) -> multiply_const_ff(1/127.5) -> deinterleave -> float_to_complex",
           "interleaved_uchar_to_complex", {"offset": 127.5, "scale": 127.5}, [u8], ["complex64"], uchar_chain)

    # --- stream shaping ---
    # --- GNU Radio Companion corpus (issue 15) ---
    for deint in (False, True):
        name = "matrix_deinterleaver" if deint else "matrix_interleaver"
        g.chain(name, "blocks.matrix_interleaver(4, 4, 8, %s)" % deint, "matrix_interleaver",
                {"type": "float32", "rows": 4, "cols": 8, "deinterleave": deint}, [fa], ["float32"],
                blocks.matrix_interleaver(4, 4, 8, deint))
    # A sawtooth with an offset and noise (as blocks/peak_detector2.grc), its
    # peaks in windows of 7 items; its own generator, so that the inputs
    # drawn after it stay the same.
    saw = g.input("in_f32_saw.float32", "float32",
                  1.5 + np.tile(np.linspace(-1, 1, 32, endpoint=False), nf // 32)
                  + np.random.RandomState(15).normal(0, 0.05, nf))
    g.chain("peak_detector2_fb", "blocks.peak_detector2_fb(0.3, 7, 0.05)", "peak_detector2",
            {"rise": 0.3, "lookahead": 7, "alpha": 0.05}, [saw], ["int8", "float32"],
            blocks.peak_detector2_fb(0.3, 7, 0.05))
    i32 = g.input("in_i32.int32", "int32", np.concatenate(
        [[-2**31, 2**31 - 1, -1, 0, 1, 2**24 + 1, -(2**24 + 3)], np.random.RandomState(32).randint(-2**31, 2**31, n - 7)]))
    g.chain("int_to_float", "blocks.int_to_float(1, 3)", "int_to_float", {"scale": 3}, [i32], ["float32"],
            blocks.int_to_float(1, 3))
    g.chain("amp_bal", "channels.amp_bal(0.01)", "amp_bal", {"alpha": 0.01}, [ca], ["complex64"],
            channels.amp_bal(0.01))
    # Phase noise at -100 dB (about 1e-6 rad after its filter): the noise
    # generators differ, the rest is compared.
    g.chain("impairments", "channels.impairments(-100, 1.5, 7, 0.1, -0.2, 0.01, 0.05, -0.03)", "impairments",
            {"phase_noise_mag": -100, "magbal": 1.5, "phasebal": 7, "q_ofs": 0.1, "i_ofs": -0.2,
             "freq_offset": 0.01, "gamma": 0.05, "beta": -0.03}, [ca], ["complex64"],
            channels.impairments(-100, 1.5, 7, 0.1, -0.2, 0.01, 0.05, -0.03))
    g.chain("keep_one_in_n", "blocks.keep_one_in_n(8, 5)", "keep_one_in_n",
            {"type": "complex64", "n": 5}, [ca], ["complex64"], blocks.keep_one_in_n(8, 5))
    g.chain("moving_average_ff", "blocks.moving_average_ff(10, 0.1, 4000, 1)", "moving_average",
            {"type": "float32", "length": 10, "scale": 0.1}, [fa], ["float32"],
            blocks.moving_average_ff(10, 0.1, 4000, 1))
    g.chain("moving_average_cc", "blocks.moving_average_cc(33, 0.5, 4000, 1)", "moving_average",
            {"type": "complex64", "length": 33, "scale": 0.5}, [ca], ["complex64"],
            blocks.moving_average_cc(33, 0.5, 4000, 1))

    g.chain("rotator_cc", "blocks.rotator_cc(-0.4321)", "rotator", {"phase_inc": -0.4321}, [cfl], ["complex64"],
            blocks.rotator_cc(-0.4321))

    # --- demodulation and gain ---
    g.chain("quadrature_demod_cf", "analog.quadrature_demod_cf(0.8)", "quadrature_demod", {"gain": 0.8},
            [cfm], ["float32"], analog.quadrature_demod_cf(0.8))
    agc_c = analog.agc_cc(1e-3, 1.0, 1.0)
    agc_c.set_max_gain(50)
    g.chain("agc_cc", "analog.agc_cc(1e-3, 1, 1); set_max_gain(50)", "agc",
            {"type": "complex64", "rate": 1e-3, "reference": 1, "gain": 1, "max_gain": 50},
            [cagc], ["complex64"], agc_c)
    agc_f = analog.agc_ff(2e-3, 0.5, 2.0)
    agc_f.set_max_gain(65536)
    g.chain("agc_ff", "analog.agc_ff(2e-3, 0.5, 2); set_max_gain(65536)", "agc",
            {"type": "float32", "rate": 2e-3, "reference": 0.5, "gain": 2, "max_gain": 65536},
            [fagc], ["float32"], agc_f)

    # --- filters ---
    lp = filter.firdes.low_pass(1.0, 1.0, 0.1, 0.05, window.WIN_HAMMING)
    ctaps = [complex(np.complex64(complex(t) * np.exp(0.3j * k))) for k, t in enumerate(lp)]
    # The taps go to flowrun through taps_file: one per line, as Python
    # prints them (repr keeps every bit of a float32 widened to float).
    with open(os.path.join(out, "taps_lp.txt"), "w") as f:
        f.write("# filter.firdes.low_pass(1, 1, 0.1, 0.05, WIN_HAMMING)\n")
        f.write("".join("%r\n" % float(t) for t in lp))
    with open(os.path.join(out, "taps_complex.txt"), "w") as f:
        f.write("[" + ", ".join(repr(t) for t in ctaps) + "]\n")
    for dec in (1, 3):
        g.chain("fir_filter_fff_d%d" % dec, "filter.fir_filter_fff(%d, lp)" % dec, "fir_filter",
                {"type": "float32", "decimation": dec, "taps_file": "taps_lp.txt"}, [ffl], ["float32"],
                filter.fir_filter_fff(dec, lp))
        g.chain("fir_filter_ccf_d%d" % dec, "filter.fir_filter_ccf(%d, lp)" % dec, "fir_filter",
                {"type": "complex64", "decimation": dec, "taps_file": "taps_lp.txt"}, [cfl], ["complex64"],
                filter.fir_filter_ccf(dec, lp))
        g.chain("fir_filter_ccc_d%d" % dec, "filter.fir_filter_ccc(%d, ctaps)" % dec, "fir_filter",
                {"type": "complex64", "decimation": dec, "taps_file": "taps_complex.txt"},
                [cfl], ["complex64"], filter.fir_filter_ccc(dec, ctaps))
    for dec in (1, 4):
        g.chain("fft_filter_fff_d%d" % dec, "filter.fft_filter_fff(%d, lp, 1)" % dec, "fft_filter",
                {"type": "float32", "decimation": dec, "taps_file": "taps_lp.txt"}, [ffl], ["float32"],
                filter.fft_filter_fff(dec, lp, 1))
        g.chain("fft_filter_ccc_d%d" % dec, "filter.fft_filter_ccc(%d, ctaps, 1)" % dec, "fft_filter",
                {"type": "complex64", "decimation": dec, "taps_file": "taps_complex.txt"},
                [cfl], ["complex64"], filter.fft_filter_ccc(dec, ctaps, 1))
    for fc, dec in ((0.12, 1), (-0.21, 5)):
        g.chain("freq_xlating_fir_filter_ccf_d%d" % dec,
                "filter.freq_xlating_fir_filter_ccf(%d, lp, %g, 1)" % (dec, fc), "freq_xlating_fir_filter",
                {"decimation": dec, "taps_file": "taps_lp.txt", "center_freq": fc, "sample_rate": 1},
                [cfl], ["complex64"], filter.freq_xlating_fir_filter_ccf(dec, lp, fc, 1))
    # A resonator and a first-order low-pass, GNU Radio's sign convention
    # (oldstyle: y[n] = sum b x + sum a y).
    for name, ff, fb in (("iir_filter_ffd_lp", [0.2, 0.2], [1.0, 0.6]),
                         ("iir_filter_ffd_res", [0.1, 0.0, -0.1], [1.0, 1.5, -0.9])):
        g.chain(name, "filter.iir_filter_ffd(%r, %r, True)" % (ff, fb), "iir_filter",
                {"fftaps": ff, "fbtaps": fb, "oldstyle": True}, [ffl], ["float32"],
                filter.iir_filter_ffd(ff, fb, True))
    g.chain("iir_filter_ffd_new", "filter.iir_filter_ffd([0.2, 0.2], [1, -0.6], False)", "iir_filter",
            {"fftaps": [0.2, 0.2], "fbtaps": [1.0, -0.6], "oldstyle": False}, [ffl], ["float32"],
            filter.iir_filter_ffd([0.2, 0.2], [1.0, -0.6], False))
    for i, d, t in ((3, 2, "complex64"), (2, 5, "float32"), (5, 3, "complex64")):
        fx = "ccf" if t == "complex64" else "fff"
        rs = getattr(filter, "rational_resampler_" + fx)(i, d, [], 0.4)
        g.chain("rational_resampler_%s_%d_%d" % (fx, i, d),
                "filter.rational_resampler_%s(%d, %d, [], 0.4)" % (fx, i, d), "rational_resampler",
                {"type": t, "interpolation": i, "decimation": d, "fractional_bw": 0.4, "history": "none"},
                [cfl if t == "complex64" else ffl], [t], rs)

    # --- FFT: stream_to_vector -> fft_vxx -> vector_to_stream ---
    for size, fwd, win, wname, shift, kind in ((64, True, window.blackmanharris(64), "blackman_harris", False, "complex64"),
                                               (256, False, window.hann(256), "hann", True, "complex64"),
                                               (128, True, window.hamming(128), "hamming", True, "float32"),
                                               (32, True, [], "none", False, "complex64")):
        fx = "vcc" if kind == "complex64" else "vfc"
        name = "fft_%s_%d_%s_%s%s" % (fx, size, "fwd" if fwd else "rev", wname, "_shift" if shift else "")

        def make(tb, srcs, snks, size=size, fwd=fwd, win=win, shift=shift, kind=kind, fx=fx):
            f = getattr(fft, "fft_" + fx)(size, fwd, win, shift, 1)
            tb.connect(srcs[0], blocks.stream_to_vector(SIZES[kind], size), f,
                       blocks.vector_to_stream(8, size), snks[0])
        g.case(name, "fft.fft_%s(%d, %s, window.%s, %s, 1)" % (fx, size, fwd, wname, shift), "fft",
               {"type": kind, "size": size, "direction": "forward" if fwd else "reverse",
                "window": wname, "shift": shift},
               [cfl if kind == "complex64" else ffl], ["complex64"], make)

    # --- sources ---
    waves = (("cosine", analog.GR_COS_WAVE), ("sine", analog.GR_SIN_WAVE), ("square", analog.GR_SQR_WAVE),
             ("triangle", analog.GR_TRI_WAVE), ("sawtooth", analog.GR_SAW_WAVE))
    for wname, w in waves:
        for kind, mk in (("float32", analog.sig_source_f), ("complex64", analog.sig_source_c)):
            off = 0.25 if kind == "float32" else 0.25 - 0.5j
            # 1 kHz at 48 kHz: edges fall on samples, where phase rounding decides.
            g.source("sig_source_%s_%s_1k" % ("f" if kind == "float32" else "c", wname),
                     "analog.sig_source_%s(48000, %s, 1000, 1.5, %r, 0)" % (kind[0], wname, off),
                     "signal_source",
                     {"type": kind, "waveform": wname, "frequency": 1000, "sample_rate": 48000,
                      "amplitude": 1.5, "offset": [off.real, off.imag] if kind == "complex64" else off,
                      "phase": 0},
                     kind, 512, mk(48000, w, 1000, 1.5, off, 0))
        # An awkward frequency, negative, with a start phase.
        kind = "complex64"
        g.source("sig_source_c_%s_odd" % wname,
                 "analog.sig_source_c(44100, %s, -3317.7, 0.8, 0, 1.1)" % wname, "signal_source",
                 {"type": kind, "waveform": wname, "frequency": -3317.7, "sample_rate": 44100,
                  "amplitude": 0.8, "offset": 0, "phase": 1.1},
                 kind, 1024, analog.sig_source_c(44100, w, -3317.7, 0.8, 0, 1.1))

    # Noise: GNU Radio's generator is not ours, so only the distribution can
    # match; the Go test compares moments.
    for kind, nt, nname in (("complex64", analog.GR_GAUSSIAN, "gaussian"), ("float32", analog.GR_GAUSSIAN, "gaussian"),
                            ("complex64", analog.GR_UNIFORM, "uniform"), ("float32", analog.GR_UNIFORM, "uniform")):
        mk = analog.noise_source_c if kind == "complex64" else analog.noise_source_f
        g.source("noise_source_%s_%s" % (kind[0], nname),
                 "analog.noise_source_%s(%s, 0.7, 42)" % (kind[0], nname), "noise_source",
                 {"type": kind, "noise": nname, "amplitude": 0.7, "seed": 42},
                 kind, 1024, mk(nt, 0.7, 42))

    # --- file_sink's raw layout: GNU Radio writes the file itself ---
    for kind, inp in (("complex64", ca), ("int16", i16)):
        fname = "file_sink.%s" % kind
        tb = gr.top_block()
        fsink = blocks.file_sink(SIZES[kind], os.path.join(out, fname), False)
        fsink.set_unbuffered(False)
        tb.connect(vsource(kind, vsource_data(kind, g.inputs[inp][1])), fsink)
        tb.run()
        fsink.close()
        g.cases.append({"name": "file_sink_" + kind, "gnuradio": "blocks.file_sink(%d, path)" % SIZES[kind],
                        "block": "file_source", "params": {"type": kind},
                        "inputs": [{"file": inp, "type": kind}],
                        "outputs": [{"file": fname, "type": kind}]})

    # --- windows: fft.window functions, denominators n-1 ---
    for wname, n, beta, w in (("hamming", 33, 0, window.hamming(33)), ("hann", 64, 0, window.hann(64)),
                              ("blackman", 31, 0, window.blackman(31)),
                              ("blackman_harris", 64, 0, window.blackman_harris(64)),
                              ("kaiser", 65, 6.76, window.kaiser(65, 6.76)),
                              ("rectangular", 16, 0, window.rectangular(16))):
        fname = "window_%s_%d.float32" % (wname, n)
        g.write(fname, "float32", w)
        g.cases.append({"name": "window_%s_%d" % (wname, n),
                        "gnuradio": "fft.window.%s(%d%s)" % (wname, n, ", %g" % beta if beta else ""),
                        "block": "window", "params": {"window": wname, "n": n, "beta": beta},
                        "inputs": [], "outputs": [{"file": fname, "type": "float32"}]})
    # Taps GNU Radio's firdes designs, for package filter.
    g.write("firdes_low_pass.float32", "float32", lp)
    g.cases.append({"name": "firdes_low_pass", "gnuradio": "filter.firdes.low_pass(1, 1, 0.1, 0.05, WIN_HAMMING)",
                    "block": "firdes", "params": {"filter_type": "lowpass", "gain": 1, "sample_rate": 1,
                                                  "cutoff": 0.1, "transition": 0.05, "window": "hamming"},
                    "inputs": [], "outputs": [{"file": "firdes_low_pass.float32", "type": "float32"}]})

    manifest = {"generator": "blocks/testdata/gnuradio/gen.py", "gnuradio_version": gr.version(),
                "out_of_scope": OUT_OF_SCOPE, "cases": g.cases}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


def check(ref):
    """Regenerates into a temporary directory and compares with ref."""
    with tempfile.TemporaryDirectory() as tmp:
        main(tmp)
        bad = []
        with open(os.path.join(ref, "manifest.json")) as f:
            want = json.load(f)
        with open(os.path.join(tmp, "manifest.json")) as f:
            got = json.load(f)
        want.pop("gnuradio_version", None)
        gv = got.pop("gnuradio_version", None)
        if got != want:
            bad.append("manifest.json differs")
        names = sorted(set(os.listdir(tmp)) | set(x for x in os.listdir(ref) if x != "gen.py"))
        for name in names:
            if name == "manifest.json":
                continue
            a, b = os.path.join(tmp, name), os.path.join(ref, name)
            if not os.path.exists(a) or not os.path.exists(b):
                bad.append("%s: only in %s" % (name, "the new run" if os.path.exists(a) else ref))
                continue
            kind = name.rsplit(".", 1)[1]
            if kind not in NP_TYPES:  # taps files: text
                with open(a, "rb") as fa, open(b, "rb") as fb:
                    if fa.read() != fb.read():
                        bad.append("%s: differs" % name)
                continue
            x = np.fromfile(a, dtype=NP_TYPES[kind])
            y = np.fromfile(b, dtype=NP_TYPES[kind])
            if len(x) != len(y):
                bad.append("%s: %d items, committed %d" % (name, len(x), len(y)))
                continue
            if kind in ("float32", "complex64"):
                # Other CPUs may take other VOLK kernels: allow float rounding.
                scale = max(1.0, float(np.max(np.abs(y))) if len(y) else 1.0)
                err = float(np.max(np.abs(x.astype(np.complex128) - y))) if len(y) else 0.0
                if not err <= 1e-4 * scale:
                    bad.append("%s: max difference %g (scale %g)" % (name, err, scale))
            elif not np.array_equal(x, y):
                bad.append("%s: differs" % name)
        if bad:
            print("golden vectors drifted (GNU Radio %s):" % gv)
            for b in bad:
                print("  " + b)
            return 1
        print("golden vectors match (GNU Radio %s, %d cases)" % (gv, len(got["cases"])))
        return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--check":
        sys.exit(check(args[1] if len(args) > 1 else HERE))
    main(args[0] if args else HERE)
