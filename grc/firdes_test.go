package grc

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"testing"

	"github.com/flowrun/flowrun/grc/internal/py"
)

type goldenDesign struct {
	Call string            `json:"call"`
	Taps []json.RawMessage `json:"taps"`
}

// checkFirdes compares the taps Go designs for each call with GNU Radio's
// (float32 values, written by Python as float64): equal to within one
// float32 rounding of the tap.
func checkFirdes(t *testing.T, golden []goldenDesign) {
	t.Helper()
	scope := py.MapScope(defaultModules())
	for _, g := range golden {
		v, err := py.EvalString(g.Call, scope)
		if err != nil {
			t.Errorf("%s: %v", g.Call, err)
			continue
		}
		got := v.(*py.List).Items
		if len(got) != len(g.Taps) {
			t.Errorf("%s: %d taps, GNU Radio has %d", g.Call, len(got), len(g.Taps))
			continue
		}
		worst, peak, differ := 0.0, 0.0, 0
		for i, raw := range g.Taps {
			var want complex128
			var pair [2]float64
			var f float64
			if json.Unmarshal(raw, &pair) == nil {
				want = complex(pair[0], pair[1])
			} else if err := json.Unmarshal(raw, &f); err == nil {
				want = complex(f, 0)
			} else {
				t.Fatalf("%s: tap %d: %s", g.Call, i, raw)
			}
			c, _ := py.AsComplex(got[i])
			worst = math.Max(worst, math.Max(math.Abs(real(c)-real(want)), math.Abs(imag(c)-imag(want))))
			peak = math.Max(peak, math.Max(math.Abs(real(want)), math.Abs(imag(want))))
			if c != want {
				differ++
			}
		}
		// The taps are computed with GNU Radio's float32 roundings: most
		// are equal, the others (a few small taps, where one float32
		// rounding of the window went the other way) less than one ulp of
		// the largest tap apart (2^-24 ≈ 6e-8 of it, or less).
		if worst > 6e-8*peak {
			t.Errorf("%s: differs from GNU Radio by %.3g of the largest tap (%d of %d taps differ)", g.Call, worst/peak, differ, len(got))
		}
		if testing.Verbose() {
			t.Logf("%s: %d of %d taps differ, by at most %.2g of the largest", g.Call, differ, len(got), worst/peak)
		}
	}
}

func TestFirdesMatchesGNURadioGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/firdes_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden []goldenDesign
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden) < 15 {
		t.Fatalf("only %d designs in the golden file", len(golden))
	}
	checkFirdes(t, golden)
}

// TestFirdesMatchesGNURadioLive runs the golden file's generator with GNU
// Radio's own firdes, when /usr/bin/python3 imports gnuradio, so that the
// committed file is checked against the installed GNU Radio too.
func TestFirdesMatchesGNURadioLive(t *testing.T) {
	if err := exec.Command(gnuradioPython, "-c", "import gnuradio.filter").Run(); err != nil {
		t.Skipf("GNU Radio is not installed (%s cannot import gnuradio.filter): the golden file test stands for it", gnuradioPython)
	}
	out, err := exec.Command(gnuradioPython, "testdata/firdes_golden.py").Output()
	if err != nil {
		t.Fatal(err)
	}
	var golden []goldenDesign
	if err := json.Unmarshal(out, &golden); err != nil {
		t.Fatal(err)
	}
	checkFirdes(t, golden)
	committed, _ := os.ReadFile("testdata/firdes_golden.json")
	if !bytes.Equal(bytes.TrimSpace(committed), bytes.TrimSpace(out)) {
		t.Log("testdata/firdes_golden.json differs from this GNU Radio's output (another version?); both were checked")
	}
}
