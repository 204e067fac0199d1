// Package pmt is flowrun's message value: what message ports carry, what
// block parameters of kind "value" hold, and what a stream tag becomes as
// a message. A Value is one of a small set of kinds after GNU Radio's
// polymorphic types (PMTs) and FutureSDR's Pmt: null, bool, integer,
// float, complex, string, byte/float32/complex64 vectors, string-keyed
// maps and lists; a PDU is GNU Radio's pair of a metadata map and a data
// vector.
//
//	v := pmt.Map(map[string]pmt.Value{"freq": pmt.Float(100e6)})
//	if m, ok := v.Map(); ok {
//		f, _ := m["freq"].Float()
//		_ = f
//	}
//
// # Serialization
//
// Serialize and Deserialize read and write GNU Radio's portable byte form of a PMT (pmt::serialize,
// pmt.serialize_str in Python), as gr-zeromq's message blocks and stream
// tag headers carry it. Each value is a tag byte and a big-endian body:
//
//	0x00 true, 0x01 false, 0x06 null
//	0x02 symbol: u16 length, bytes
//	0x03 int32, 0x0d int64, 0x0b uint64, 0x04 double, 0x05 complex (two doubles)
//	0x07 pair: car, cdr (a list is a chain of pairs ending in null)
//	0x08 vector, 0x0c tuple: u32 count, elements
//	0x09 dictionary cell: (key . value) pair, then the next cell or null
//	0x0a uniform vector: u8 subtype, u32 count, u8 padding length, padding, elements
//
// The mapping between Values and PMTs:
//
//	Value        serialized as (GNU Radio)            decoded from
//	null         null (PMT_NIL)                       null
//	Bool         true / false                         true / false
//	Int          int32 if it fits, else int64         int32, int64, uint64 (up to MaxInt64)
//	             (what pmt::from_long writes)
//	Float        double                               double
//	Complex      complex                              complex
//	String       symbol (at most 65535 bytes)         symbol
//	Bytes        u8vector                             u8vector
//	Floats       f32vector                            f32vector
//	Complexes    c32vector                            c32vector
//	Map          dictionary, keys sorted              dictionary with symbol keys
//	List of 2    pair (car . cdr): a PDU, a command   pair
//	             such as ("freq" . 1e6)
//	other List   vector (what a Python list becomes)  vector, tuple, proper list
//	-            -                                    s8/u16/s16/u32/s32/u64/s64vector: List of Int;
//	                                                  f64vector: List of Float; c64vector: List of Complex
//
// A PDU (PDU.Value, the list [meta, data]) is thus GNU Radio's PDU, the pair
// (meta . data). Three GNU Radio conventions make a few Values come back
// changed: an empty dictionary is null (an empty Map serializes as null and
// a PDU without metadata as (null . data), which AsPDU reads); a pair whose
// cdr is null is the one-element list, so a List of 2 ending in null is
// written as a vector instead; a proper list of two elements decodes to a
// List of 2, which serializes as a pair. An improper list (a b . c) decodes
// to the nested pairs [a, [b, c]]. Duplicate dictionary keys keep the
// first value, as pmt::dict_ref does.
//
// GNU Radio's own reader refuses symbols longer than 1024 bytes; this one
// takes up to 65535.
package pmt
