package grc

import (
	"fmt"
	"math"

	"github.com/flowrun/flowrun/blocks/filter"
	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/grc/internal/py"
)

// GNU Radio's fft.window.win_type values (gnuradio/fft/window.h) and the
// windows of package window that compute them; the others are refused when
// a design uses them.
var winTypes = []struct {
	name string
	val  int64
	kind window.Kind
	ok   bool
}{
	{"WIN_HAMMING", 0, window.Hamming, true},
	{"WIN_HANN", 1, window.Hann, true},
	{"WIN_HANNING", 1, window.Hann, true},
	{"WIN_BLACKMAN", 2, window.Blackman, true},
	{"WIN_RECTANGULAR", 3, window.Rectangular, true},
	{"WIN_KAISER", 4, window.Kaiser, true},
	{"WIN_BLACKMAN_hARRIS", 5, window.BlackmanHarris, true},
	{"WIN_BLACKMAN_HARRIS", 5, window.BlackmanHarris, true},
	{"WIN_BARTLETT", 6, 0, false},
	{"WIN_FLATTOP", 7, 0, false},
	{"WIN_NUTTALL", 8, 0, false},
	{"WIN_BLACKMAN_NUTTALL", 8, 0, false},
	{"WIN_NUTTALL_CFD", 9, 0, false},
	{"WIN_WELCH", 10, 0, false},
	{"WIN_PARZEN", 11, 0, false},
	{"WIN_EXPONENTIAL", 12, 0, false},
	{"WIN_RIEMANN", 13, 0, false},
	{"WIN_GAUSSIAN", 14, 0, false},
	{"WIN_TUKEY", 15, 0, false},
}

// windowKind returns the window of a win_type value.
func windowKind(v py.Value) (window.Kind, error) {
	i, ok := py.AsInt(v)
	if !ok {
		return 0, fmt.Errorf("a window type (window.WIN_HAMMING, ...) is required, not %s", py.TypeName(v))
	}
	for _, w := range winTypes {
		if w.val == i {
			if !w.ok {
				return 0, fmt.Errorf("window %s is not supported (hamming, hann, blackman, blackman-harris, kaiser and rectangular are)", w.name)
			}
			return w.kind, nil
		}
	}
	return 0, fmt.Errorf("no window type %d", i)
}

// windowModule is gnuradio.fft.window: the win_type constants, and the
// window functions by name as fft.window.hamming(ntaps) and the like.
func windowModule() *py.Module {
	m := &py.Module{Name: "window", Attrs: map[string]py.Value{}}
	for _, w := range winTypes {
		m.Attrs[w.name] = py.Enum{Name: "window." + w.name, Int: w.val}
	}
	for _, w := range []struct {
		name string
		kind window.Kind
	}{{"hamming", window.Hamming}, {"hann", window.Hann}, {"hanning", window.Hann}, {"blackman", window.Blackman},
		{"blackman_harris", window.BlackmanHarris}, {"blackmanharris", window.BlackmanHarris},
		{"rectangular", window.Rectangular}, {"kaiser", window.Kaiser}} {
		kind := w.kind
		most := 1 // kaiser(ntaps, beta), blackman_harris(ntaps, atten)
		if kind == window.Kaiser || kind == window.BlackmanHarris {
			most = 2
		}
		m.Attrs[w.name] = py.Fn(w.name, 1, most, func(a []py.Value) (py.Value, error) {
			n, ok := py.AsInt(a[0])
			if !ok || n < 0 || n > filter.MaxTaps {
				return nil, fmt.Errorf("ntaps must be an integer in [0, %d]", filter.MaxTaps)
			}
			beta := 6.76
			if len(a) == 2 && kind == window.Kaiser {
				if beta, ok = py.AsFloat(a[1]); !ok || !(beta >= 0 && beta <= window.MaxBeta) {
					return nil, fmt.Errorf("beta must be a number in [0, %d]", window.MaxBeta)
				}
			}
			if atten, ok := py.AsInt(a[len(a)-1]); len(a) == 2 && kind == window.BlackmanHarris && (!ok || atten != 92) {
				return nil, fmt.Errorf("only the 92 dB Blackman-Harris window is supported")
			}
			return floats(win32(kind, int(n), beta)), nil
		})
	}
	return m
}

// win32 is the window as GNU Radio computes it: float32 coefficients;
// the Blackman windows summed in float32 arithmetic, as GNU Radio's
// coswindow does (package window computes them in float64, which differs
// by a few float32 roundings).
func win32(k window.Kind, n int, beta float64) []float32 {
	switch k {
	case window.Blackman:
		return coswindow(n, 0.42, 0.5, 0.08, 0)
	case window.BlackmanHarris:
		return coswindow(n, 0.35875, 0.48829, 0.14128, 0.01168)
	}
	w := k.Coefficients(n, beta)
	out := make([]float32, n)
	for i, v := range w {
		out[i] = float32(v)
	}
	return out
}

// coswindow is c0 - c1·cos(2πn/M) + c2·cos(4πn/M) - c3·cos(6πn/M) in float32,
// each cosine of a float32 argument rounded to float32 (cosf).
func coswindow(n int, c0, c1, c2, c3 float32) []float32 {
	out := make([]float32, n)
	m := float32(n - 1)
	cosf := func(x float64) float32 { return float32(math.Cos(float64(float32(x)))) }
	for i := range out {
		k := float64(i)
		t := c0 - c1*cosf(2*math.Pi*k/float64(m)) + c2*cosf(4*math.Pi*k/float64(m))
		if c3 != 0 {
			t -= c3 * cosf(6*math.Pi*k/float64(m))
		}
		out[i] = t
	}
	return out
}

func floats(t []float32) *py.List {
	l := &py.List{Items: make([]py.Value, len(t)), Tuple: true}
	for i, v := range t {
		l.Items[i] = float64(v)
	}
	return l
}

func complexes(t []complex64) *py.List {
	l := &py.List{Items: make([]py.Value, len(t)), Tuple: true}
	for i, v := range t {
		l.Items[i] = complex128(v)
	}
	return l
}

// args binds positional and keyword arguments to the parameter names of a
// GNU Radio function, filling defaults (nil: required).
type args struct {
	fn   string
	vals map[string]py.Value
}

func bind(fn string, names []string, defaults []py.Value, a []py.Value, kw map[string]py.Value) (args, error) {
	b := args{fn: fn, vals: map[string]py.Value{}}
	if len(a) > len(names) {
		return b, fmt.Errorf("takes at most %d arguments, not %d", len(names), len(a))
	}
	for i, v := range a {
		b.vals[names[i]] = v
	}
	for k, v := range kw {
		known := false
		for _, n := range names {
			known = known || n == k
		}
		if !known {
			return b, fmt.Errorf("no argument named %s", k)
		}
		if _, dup := b.vals[k]; dup {
			return b, fmt.Errorf("argument %s given twice", k)
		}
		b.vals[k] = v
	}
	for i, n := range names {
		if _, ok := b.vals[n]; ok {
			continue
		}
		if defaults[i] == nil {
			return b, fmt.Errorf("argument %s missing", n)
		}
		b.vals[n] = defaults[i]
	}
	return b, nil
}

func (b args) float(name string) (float64, error) {
	f, ok := py.AsFloat(b.vals[name])
	if !ok {
		return 0, fmt.Errorf("%s must be a number, not %s", name, py.TypeName(b.vals[name]))
	}
	return f, nil
}

func (b args) int(name string) (int, error) {
	i, ok := py.AsInt(b.vals[name])
	if !ok {
		return 0, fmt.Errorf("%s must be an integer, not %s", name, py.TypeName(b.vals[name]))
	}
	if i < 0 || i > filter.MaxTaps {
		return 0, fmt.Errorf("%s must be in [0, %d]", name, filter.MaxTaps)
	}
	return int(i), nil
}

// design is the parsed arguments of a window-method design.
type design struct {
	gain, fs, lo, hi, tw, atten, beta float64
	win                               window.Kind
}

func (b args) design(band bool) (design, error) {
	var d design
	var err error
	get := func(dst *float64, name string) {
		if err == nil {
			if _, ok := b.vals[name]; ok {
				*dst, err = b.float(name)
			}
		}
	}
	get(&d.gain, "gain")
	get(&d.fs, "sampling_freq")
	get(&d.tw, "transition_width")
	get(&d.atten, "attenuation_dB")
	get(&d.beta, "param")
	if band {
		get(&d.lo, "low_cutoff_freq")
		get(&d.hi, "high_cutoff_freq")
	} else {
		get(&d.lo, "cutoff_freq")
	}
	if err != nil {
		return d, err
	}
	if d.win, err = windowKind(b.vals["window"]); err != nil {
		return d, err
	}
	if !(d.fs > 0) {
		return d, fmt.Errorf("firdes check failed: sampling_freq > 0")
	}
	if !(d.tw > 0) {
		return d, fmt.Errorf("firdes check failed: transition_width > 0")
	}
	if d.win == window.Kaiser && !(d.beta >= 0 && d.beta <= window.MaxBeta) {
		return d, fmt.Errorf("kaiser beta %g must be in [0, %d]", d.beta, window.MaxBeta)
	}
	return d, nil
}

// ntaps is compute_ntaps (atten 0: the window's attenuation) or
// compute_ntaps_windes.
func (d design) ntaps(windes bool) (int, error) {
	a := d.win.MaxAttenuation(d.beta)
	if windes {
		a = d.atten
	}
	f := a * d.fs / (22.0 * d.tw)
	if !(f >= 0 && f <= filter.MaxTaps) {
		return 0, fmt.Errorf("the design needs more than %d taps (widen the transition)", filter.MaxTaps)
	}
	n := int(f)
	if n&1 == 0 {
		n++
	}
	return n, nil
}

// windowed computes taps[n+M] = float32(tap(n, w[n+M])) and normalizes
// them to gain at normFreq (radians/sample) as firdes does: the sum in
// float64 of the float32 taps, each tap then multiplied in float64 and
// stored as float32.
func windowed(d design, ntaps int, normFreq float64, tap func(n int, w float64) float64) []float32 {
	w := win32(d.win, ntaps, d.beta)
	m := (ntaps - 1) / 2
	t := make([]float32, ntaps)
	for n := -m; n <= m; n++ {
		t[n+m] = float32(tap(n, float64(w[n+m])))
	}
	fmax := float64(t[m])
	for n := 1; n <= m; n++ {
		if normFreq == 0 {
			fmax += 2 * float64(t[n+m])
		} else {
			fmax += 2 * float64(t[n+m]) * math.Cos(float64(n)*normFreq)
		}
	}
	gain := d.gain / fmax
	for i := range t {
		t[i] = float32(float64(t[i]) * gain)
	}
	return t
}

func lowPass(d design, windes bool) ([]float32, error) {
	if !(d.lo > 0 && d.lo <= d.fs/2) {
		return nil, fmt.Errorf("firdes check failed: 0 < fa <= sampling_freq / 2")
	}
	n, err := d.ntaps(windes)
	if err != nil {
		return nil, err
	}
	wc := 2 * math.Pi * d.lo / d.fs
	return windowed(d, n, 0, func(n int, w float64) float64 {
		if n == 0 {
			return wc / math.Pi * w
		}
		return math.Sin(float64(n)*wc) / (float64(n) * math.Pi) * w
	}), nil
}

func highPass(d design, windes bool) ([]float32, error) {
	if !(d.lo > 0 && d.lo <= d.fs/2) {
		return nil, fmt.Errorf("firdes check failed: 0 < fa <= sampling_freq / 2")
	}
	n, err := d.ntaps(windes)
	if err != nil {
		return nil, err
	}
	wc := 2 * math.Pi * d.lo / d.fs
	return windowed(d, n, math.Pi, func(n int, w float64) float64 {
		if n == 0 {
			return (1 - wc/math.Pi) * w
		}
		return -math.Sin(float64(n)*wc) / (float64(n) * math.Pi) * w
	}), nil
}

func checkBand(d design, complexBand bool) error {
	lo := 0.0
	if complexBand {
		lo = -d.fs / 2
	}
	for _, f := range []float64{d.lo, d.hi} {
		if complexBand && !(f >= lo && f <= d.fs/2) || !complexBand && !(f > 0 && f <= d.fs/2) {
			return fmt.Errorf("firdes check failed: 0 < fa <= sampling_freq / 2")
		}
	}
	if d.lo > d.hi {
		return fmt.Errorf("firdes check failed: fa <= fb")
	}
	return nil
}

func bandPass(d design, windes, reject bool) ([]float32, error) {
	if err := checkBand(d, false); err != nil {
		return nil, err
	}
	n, err := d.ntaps(windes)
	if err != nil {
		return nil, err
	}
	w0, w1 := 2*math.Pi*d.lo/d.fs, 2*math.Pi*d.hi/d.fs
	if reject {
		// band_reject adds 1 to the windowed centre tap, not to the ideal one.
		return windowed(d, n, 0, func(k int, w float64) float64 {
			if k == 0 {
				return 1 + (w0-w1)/math.Pi*w
			}
			return (math.Sin(float64(k)*w0) - math.Sin(float64(k)*w1)) / (float64(k) * math.Pi) * w
		}), nil
	}
	return windowed(d, n, (w0+w1)*0.5, func(k int, w float64) float64 {
		if k == 0 {
			return (w1 - w0) / math.Pi * w
		}
		return (math.Sin(float64(k)*w1) - math.Sin(float64(k)*w0)) / (float64(k) * math.Pi) * w
	}), nil
}

func complexBandPass(d design, windes bool) ([]complex64, error) {
	if err := checkBand(d, true); err != nil {
		return nil, err
	}
	lp := d
	lp.lo = (d.hi - d.lo) / 2
	taps, err := lowPass(lp, windes)
	if err != nil {
		return nil, err
	}
	freq := float32(math.Pi * (d.hi + d.lo) / d.fs)
	var phase float32
	if len(taps)&1 == 1 {
		phase = -freq * float32(len(taps)>>1)
	} else {
		phase = float32(float64(-freq) / 2.0 * float64((1+2*len(taps))>>1))
	}
	out := make([]complex64, len(taps))
	for i, t := range taps {
		p := float64(phase)
		out[i] = complex(float32(float64(t)*math.Cos(p)), float32(float64(t)*math.Sin(p)))
		phase += freq
	}
	return out, nil
}

func rootRaisedCosine(gain, fs, symRate, alpha float64, ntaps int) ([]float32, error) {
	if !(fs > 0 && symRate > 0 && alpha > 0 && alpha <= 1) {
		return nil, fmt.Errorf("sampling_freq and symbol_rate must be > 0 and alpha in (0, 1]")
	}
	ntaps |= 1
	spb := fs / symRate
	taps := make([]float32, ntaps)
	scale := 0.0
	for i := range taps {
		xindx := float64(i - ntaps/2)
		x1 := math.Pi * xindx / spb
		x2 := 4 * alpha * xindx / spb
		x3 := x2*x2 - 1
		var num, den float64
		if math.Abs(x3) >= 0.000001 {
			if i != ntaps/2 {
				num = math.Cos((1+alpha)*x1) + math.Sin((1-alpha)*x1)/(4*alpha*xindx/spb)
			} else {
				num = math.Cos((1+alpha)*x1) + (1-alpha)*math.Pi/(4*alpha)
			}
			den = x3 * math.Pi
		} else {
			if alpha == 1 {
				taps[i] = -1
				scale += float64(taps[i])
				continue
			}
			x3 = (1 - alpha) * x1
			x2 = (1 + alpha) * x1
			num = math.Sin(x2)*(1+alpha)*math.Pi - math.Cos(x3)*((1-alpha)*math.Pi*spb)/(4*alpha*xindx) +
				math.Sin(x3)*spb*spb/(4*alpha*xindx*xindx)
			den = -32 * math.Pi * alpha * alpha * xindx / spb
		}
		taps[i] = float32(4 * alpha * num / den)
		scale += float64(taps[i])
	}
	for i := range taps {
		taps[i] = float32(float64(taps[i]) * gain / scale)
	}
	return taps, nil
}

func gaussian(gain, spb, bt float64, ntaps int) ([]float32, error) {
	if !(spb > 0 && bt > 0) {
		return nil, fmt.Errorf("spb and bt must be > 0")
	}
	taps := make([]float32, ntaps)
	scale := 0.0
	dt := 1.0 / spb
	s := 1.0 / (math.Sqrt(math.Log(2.0)) / (2 * math.Pi * bt))
	t0 := -0.5 * float64(ntaps)
	for i := range taps {
		t0++
		ts := s * dt * t0
		taps[i] = float32(math.Exp(-0.5 * ts * ts))
		scale += float64(taps[i])
	}
	for i := range taps {
		taps[i] = float32(float64(taps[i]) / scale * gain)
	}
	return taps, nil
}

// firdesModule is gnuradio.filter.firdes: the window-method designs,
// root_raised_cosine, gaussian and window, with GNU Radio's argument
// names and defaults, computed as GNU Radio computes them.
func firdesModule() *py.Module {
	hamming := py.Enum{Name: "window.WIN_HAMMING", Int: 0}
	m := &py.Module{Name: "firdes", Attrs: map[string]py.Value{}}
	for _, w := range winTypes {
		m.Attrs[w.name] = py.Enum{Name: "window." + w.name, Int: w.val} // firdes.WIN_* (GNU Radio 3.8)
	}
	one := []string{"gain", "sampling_freq", "cutoff_freq", "transition_width"}
	band := []string{"gain", "sampling_freq", "low_cutoff_freq", "high_cutoff_freq", "transition_width"}
	type maker func(d design, windes bool) (py.Value, error)
	add := func(name string, names []string, windes, isBand bool, f maker) {
		params := append([]string{}, names...)
		if windes {
			params = append(params, "attenuation_dB")
		}
		params = append(params, "window", "param")
		defaults := make([]py.Value, len(params))
		defaults[len(params)-2], defaults[len(params)-1] = hamming, 6.76
		m.Attrs[name] = &py.Func{Name: "firdes." + name, Call: func(a []py.Value, kw map[string]py.Value) (py.Value, error) {
			b, err := bind(name, params, defaults, a, kw)
			if err != nil {
				return nil, err
			}
			d, err := b.design(isBand)
			if err != nil {
				return nil, err
			}
			return f(d, windes)
		}}
	}
	real := func(f func(design, bool) ([]float32, error)) maker {
		return func(d design, windes bool) (py.Value, error) {
			t, err := f(d, windes)
			if err != nil {
				return nil, err
			}
			return floats(t), nil
		}
	}
	cplx := func(d design, windes bool) (py.Value, error) {
		t, err := complexBandPass(d, windes)
		if err != nil {
			return nil, err
		}
		return complexes(t), nil
	}
	for _, windes := range []bool{false, true} {
		sfx := ""
		if windes {
			sfx = "_2"
		}
		add("low_pass"+sfx, one, windes, false, real(lowPass))
		add("high_pass"+sfx, one, windes, false, real(highPass))
		add("band_pass"+sfx, band, windes, true, real(func(d design, w bool) ([]float32, error) { return bandPass(d, w, false) }))
		add("band_reject"+sfx, band, windes, true, real(func(d design, w bool) ([]float32, error) { return bandPass(d, w, true) }))
		add("complex_band_pass"+sfx, band, windes, true, cplx)
	}
	m.Attrs["root_raised_cosine"] = &py.Func{Name: "firdes.root_raised_cosine", Call: func(a []py.Value, kw map[string]py.Value) (py.Value, error) {
		b, err := bind("root_raised_cosine", []string{"gain", "sampling_freq", "symbol_rate", "alpha", "ntaps"}, make([]py.Value, 5), a, kw)
		if err != nil {
			return nil, err
		}
		var f [4]float64
		for i, n := range []string{"gain", "sampling_freq", "symbol_rate", "alpha"} {
			if f[i], err = b.float(n); err != nil {
				return nil, err
			}
		}
		n, err := b.int("ntaps")
		if err != nil {
			return nil, err
		}
		t, err := rootRaisedCosine(f[0], f[1], f[2], f[3], n)
		if err != nil {
			return nil, err
		}
		return floats(t), nil
	}}
	m.Attrs["gaussian"] = &py.Func{Name: "firdes.gaussian", Call: func(a []py.Value, kw map[string]py.Value) (py.Value, error) {
		b, err := bind("gaussian", []string{"gain", "spb", "bt", "ntaps"}, make([]py.Value, 4), a, kw)
		if err != nil {
			return nil, err
		}
		var f [3]float64
		for i, n := range []string{"gain", "spb", "bt"} {
			if f[i], err = b.float(n); err != nil {
				return nil, err
			}
		}
		n, err := b.int("ntaps")
		if err != nil {
			return nil, err
		}
		t, err := gaussian(f[0], f[1], f[2], n)
		if err != nil {
			return nil, err
		}
		return floats(t), nil
	}}
	m.Attrs["window"] = &py.Func{Name: "firdes.window", Call: func(a []py.Value, kw map[string]py.Value) (py.Value, error) {
		b, err := bind("window", []string{"type", "ntaps", "param"}, []py.Value{nil, nil, 6.76}, a, kw)
		if err != nil {
			return nil, err
		}
		k, err := windowKind(b.vals["type"])
		if err != nil {
			return nil, err
		}
		n, err := b.int("ntaps")
		if err != nil {
			return nil, err
		}
		beta, err := b.float("param")
		if err != nil {
			return nil, err
		}
		return floats(win32(k, n, beta)), nil
	}}
	return m
}
