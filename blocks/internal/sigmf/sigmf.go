// Package sigmf reads and writes the metadata of SigMF recordings (the
// Signal Metadata Format, version 1.2, https://sigmf.org): a recording is
// name.sigmf-meta, a JSON object with a "global" object, a "captures" array
// and an "annotations" array, beside name.sigmf-data, the raw samples.
//
// ParseMeta reads and checks a .sigmf-meta file; Meta.Marshal writes one.
// Datatype describes, decodes and encodes the samples of a dataset.
//
// # Checks
//
// ParseMeta requires what the specification requires: a top-level object
// with a "global" object holding core:datatype (a valid dataset format) and
// core:version (X.Y.Z, major version 0 or 1), and a core:sample_start on
// every capture and annotation; captures sorted by core:sample_start. The
// core fields it knows must have their types and ranges (a positive sample
// rate, an RFC 3339 datetime, a string label...). It is lenient where the
// specification lets a reader be: missing "captures" or "annotations" are
// empty, unknown objects and fields are kept but not checked, annotations
// out of order are sorted (stably) rather than refused.
//
// # Sample scaling
//
// Integer samples are read as x/2^(b-1) for signed b-bit types and
// (x-2^(b-1))/2^(b-1) for unsigned ones: i16/32768, i8/128, u8 (x-128)/128.
// This is the autoscale of the SigMF reference library (sigmf-python): it
// maps the full integer range onto [-1, 1) with 0 at the middle code, and
// is exact both ways (a power of two). GNU Radio's gr-sigmf divides by
// 2^(b-1)-1 instead (32767, 127) and RTL-SDR tools often use (x-127.5)/127.5
// for cu8 (flowrun's interleaved_uchar_to_complex): the differences are
// below one part in 2^(b-1) of full scale, except for the DC offset of half
// a code in the cu8 convention.
//
// Writing is the inverse, rounded half to even and clipped to the type's
// range: round(x·2^(b-1)) in [-2^(b-1), 2^(b-1)-1], or round(x·2^(b-1)) +
// 2^(b-1) in [0, 2^b-1]. A value written and read back is within half a
// step (2^-b) of the original inside [-1, 1-2^(1-b)]; +1 itself clips to
// the largest code, 1-2^(1-b). NaN is written as 0. f32 and f64 are written
// and read unscaled (f64 as the float32 nearest).
//
// # Values
//
// Field values are pmt.Values: JSON null, booleans, strings, arrays and
// objects become Null, Bool, String, List and Map; a number is an Int if it
// is written as an integer that fits an int64, a Float otherwise. Writing
// is the inverse, with Floats always written with a fraction or exponent
// (1.0, not 1) so that they read back as Floats; non-finite Floats, which
// JSON cannot hold, are written as null. Complex values and vectors are
// written as arrays ([re, im] for a complex number).
//
// # The flowrun namespace
//
// SigMF has one sample rate per recording (global core:sample_rate). A
// recording whose rate changes is written with a capture at each change
// holding flowrun:sample_rate (Hz), and {"name": "flowrun", "version":
// "1.0.0", "optional": true} in core:extensions; readers that do not know
// it ignore it, as the specification requires of optional extensions.
package sigmf

import (
	"errors"
	"fmt"
	"strings"
)

// Version is the SigMF version written in core:version.
const Version = "1.2.0"

// File name extensions of a recording.
const (
	MetaExt = ".sigmf-meta"
	DataExt = ".sigmf-data"
)

// ErrMetadata is wrapped by the errors of metadata that is not valid SigMF,
// or that a reader cannot use (a FieldError).
var ErrMetadata = errors.New("sigmf: unusable metadata")

// FieldError is a problem with one field (or object) of a metadata file.
type FieldError struct {
	Object string // "global", "captures[2]", "annotations[0]"; "" for the top level
	Field  string // "core:sample_start"; "" for the object itself
	Msg    string
}

func (e *FieldError) Error() string {
	obj := e.Object
	if obj == "" {
		obj = "top level"
	}
	if e.Field == "" {
		return obj + ": " + e.Msg
	}
	return obj + ": " + e.Field + ": " + e.Msg
}

// Unwrap returns ErrMetadata.
func (e *FieldError) Unwrap() error { return ErrMetadata }

// fieldErr returns a *FieldError with a formatted message.
func fieldErr(object, field, format string, args ...any) error {
	return &FieldError{Object: object, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Base returns the base name of the recording path names: path without a
// .sigmf-meta or .sigmf-data extension.
func Base(path string) string {
	for _, ext := range []string{MetaExt, DataExt} {
		if b, ok := strings.CutSuffix(path, ext); ok {
			return b
		}
	}
	return path
}
