package blocks

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/sigmf"
	"github.com/flowrun/flowrun/pmt"
)

// ErrSigMF is wrapped by the error of sigmf_source for metadata that is not
// valid SigMF 1.x or that it cannot use (several channels, a non-conforming
// dataset with headers, a required extension); the message names the file,
// the object and the field (global core:datatype, captures[2]
// core:sample_start, ...).
var ErrSigMF = sigmf.ErrMetadata

// SigMFAnnotationTag is the key of the stream tags that stand for SigMF
// annotations: sigmf_source puts one at each annotation's first sample,
// its value the map of the annotation's fields (map[string]pmt.Value),
// and sigmf_sink writes each back as an annotation.
const SigMFAnnotationTag = "sigmf:annotation"

// The keys of the capture tags, as UHD, gr-osmosdr and gr-sigmf name them.
const (
	sigmfRxRate = "rx_rate" // float64, Hz
	sigmfRxFreq = "rx_freq" // float64, Hz
	sigmfRxTime = "rx_time" // []pmt.Value{Int(seconds since 1970 UTC), Float(fraction of a second)}
)

// sigmfItem is the item types of sigmf_source and sigmf_sink: complex64
// for complex datatypes, float32 for real ones.
type sigmfItem interface{ complex64 | float32 }

// sigmfComplex reports whether T is complex64.
func sigmfComplex[T sigmfItem]() bool {
	var zero T
	_, ok := any(zero).(complex64)
	return ok
}

// sigmfFloats views s as its float32 components (I and Q of a complex64).
func sigmfFloats[T sigmfItem](s []T) []float32 {
	if len(s) == 0 {
		return nil
	}
	n := len(s) * int(unsafe.Sizeof(s[0])) / 4
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), n)
}

// sigmfNative reports whether samples of dt are laid out in a file as T is
// in memory (cf32 or rf32 in the host's byte order): they are then read
// and written without conversion.
func sigmfNative(dt sigmf.Datatype) bool {
	return dt.Format == sigmf.F32 && dt.BigEndian == sourcesBigEndian()
}

// sigmfBase returns the base name of a recording from a path naming it or
// either of its files; a SigMF archive (.sigmf) is refused.
func sigmfBase(id, path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: %s: empty path", block.ErrBadParam, id)
	}
	if strings.HasSuffix(path, ".sigmf") {
		return "", fmt.Errorf("%w: %s: %s: SigMF archives (.sigmf) are not supported: extract the recording (tar xf) and give its .sigmf-meta", block.ErrBadParam, id, path)
	}
	return sigmf.Base(path), nil
}

// sigmfTypeCheck checks that dt suits items of type T.
func sigmfTypeCheck[T sigmfItem](dt sigmf.Datatype) error {
	var zero T
	if dt.Complex != sigmfComplex[T]() {
		kind, want := "real", TypeFloat32
		if dt.Complex {
			kind, want = "complex", TypeComplex64
		}
		return fmt.Errorf("%w: core:datatype %s is %s: the items must be %s, not %T", block.ErrBadParam, dt, kind, want, zero)
	}
	return nil
}

// sigmfTimeValue returns t as an rx_time tag value: UHD's pair of whole
// seconds since 1970 UTC and fraction of a second.
func sigmfTimeValue(t time.Time) any {
	return pmt.List(pmt.Int(t.Unix()), pmt.Float(float64(t.Nanosecond())/1e9)).Any()
}

// sigmfTime reads an rx_time tag value: a [seconds, fraction] pair (the
// seconds an integer or a float), seconds since 1970 as one number, an RFC
// 3339 string or a time.Time.
func sigmfTime(v any) (time.Time, bool) {
	if t, ok := v.(time.Time); ok {
		return t, true
	}
	pv, err := pmt.FromAny(v)
	if err != nil {
		return time.Time{}, false
	}
	fromSeconds := func(whole, frac float64) (time.Time, bool) {
		if !(math.Abs(whole) < 1<<53 && math.Abs(frac) < 1<<30) { // and not NaN
			return time.Time{}, false
		}
		ws := math.Floor(whole)
		ns := math.Round((whole - ws + frac) * 1e9)
		return time.Unix(int64(ws), 0).Add(time.Duration(ns)), true
	}
	switch pv.Kind() {
	case pmt.KindList:
		l, _ := pv.List()
		if len(l) != 2 {
			return time.Time{}, false
		}
		if sec, ok := l[0].Int(); ok {
			frac, ok := l[1].Float()
			if !ok || !(math.Abs(frac) < 1<<30) {
				return time.Time{}, false
			}
			return time.Unix(sec, 0).Add(time.Duration(math.Round(frac * 1e9))), true
		}
		sec, ok1 := l[0].Float()
		frac, ok2 := l[1].Float()
		if !ok1 || !ok2 {
			return time.Time{}, false
		}
		return fromSeconds(sec, frac)
	case pmt.KindInt, pmt.KindFloat:
		s, _ := pv.Float()
		return fromSeconds(s, 0)
	case pmt.KindString:
		s, _ := pv.Str()
		t, err := sigmf.ParseDatetime(s)
		return t, err == nil
	}
	return time.Time{}, false
}

// sigmfNumber reads a finite number from a tag value of any numeric type.
func sigmfNumber(v any) (float64, bool) {
	pv, err := pmt.FromAny(v)
	if err != nil {
		return 0, false
	}
	f, ok := pv.Float()
	return f, ok && !math.IsNaN(f) && !math.IsInf(f, 0)
}
