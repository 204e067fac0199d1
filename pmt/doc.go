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
package pmt
