package blocks

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

func sigDB(p float64) float64 { return 10 * math.Log10(p) }

func TestPowerSpectrumOfTonePeaksAtItsBin(t *testing.T) {
	const (
		size = 256
		bin  = 37
		amp  = 0.5
	)
	for _, c := range []struct {
		window   string
		averages int
		shift    bool
	}{{"none", 1, false}, {"hann", 4, false}, {"blackman_harris", 8, true}, {"kaiser", 3, false}} {
		for _, db := range []bool{false, true} {
			ps, err := NewPowerSpectrum(size, PowerSpectrumOptions{Window: c.window, Beta: 6.76, Averages: c.averages, DB: db, Shift: c.shift})
			if err != nil {
				t.Fatal(err)
			}
			span := (c.averages + 1) * size / 2
			x := make([]complex64, 3*span)
			for i := range x {
				x[i] = complex64(cmplx.Rect(amp, 2*math.Pi*bin*float64(i)/size+1))
			}
			y := sigRun(t, ps, blocktest.Options{OutputItems: size}, x).Items.([]float32)
			if len(y) != 3*size {
				t.Fatalf("%+v: %d items out, want %d", c, len(y), 3*size)
			}
			w := sigRefWindow(c.window, size, 6.76)
			var sw, sw2 float64
			for _, v := range w {
				sw += v
				sw2 += v * v
			}
			want := amp * amp * sw * sw / (size * sw2)
			wantBin := bin
			if c.shift {
				wantBin = bin + size/2
			}
			for v := range 3 {
				vec := y[v*size : (v+1)*size]
				peak := 0
				for k := range vec {
					if vec[k] > vec[peak] {
						peak = k
					}
				}
				got := float64(vec[peak])
				if !db {
					got = sigDB(got)
				}
				if peak != wantBin || math.Abs(got-sigDB(want)) > 0.5 {
					t.Fatalf("%+v db %v vector %d: peak %.3f dB on bin %d, want %.3f dB on bin %d",
						c, db, v, got, peak, sigDB(want), wantBin)
				}
			}
		}
	}
}

func TestPowerSpectrumNoiseFloorIsFlat(t *testing.T) {
	const (
		size     = 64
		averages = 8
		vectors  = 400
		sigma2   = 2.0 // complex noise variance
	)
	r := rand.New(rand.NewPCG(31, 32))
	span := (averages + 1) * size / 2
	x := make([]complex64, vectors*span)
	s := math.Sqrt(sigma2 / 2)
	for i := range x {
		x[i] = complex(float32(s*r.NormFloat64()), float32(s*r.NormFloat64()))
	}
	ps, _ := NewPowerSpectrum(size, PowerSpectrumOptions{Window: "hann", Averages: averages})
	y := sigRun(t, ps, blocktest.Options{}, x).Items.([]float32)
	if len(y) != vectors*size {
		t.Fatalf("%d items out, want %d", len(y), vectors*size)
	}
	want := sigDB(sigma2 / size)
	for k := range size {
		var m float64
		for v := range vectors {
			m += float64(y[v*size+k])
		}
		if got := sigDB(m / vectors); math.Abs(got-want) > 0.5 {
			t.Fatalf("bin %d: %.2f dB, want %.2f dB ±0.5 (flat floor)", k, got, want)
		}
	}
}

func TestPowerSpectrumRescalesTags(t *testing.T) {
	const size, averages = 16, 3
	span := (averages + 1) * size / 2 // 32 in → 16 out
	x := make([]complex64, 4*span+5)
	in := []uint64{0, 1, 31, 32, 33, 70, 127}
	var tags, want []buffer.Tag
	for _, o := range in {
		tags = append(tags, buffer.Tag{Offset: o, Key: "k", Value: o})
		want = append(want, buffer.Tag{Offset: o * size / uint64(span), Key: "k", Value: o})
	}
	ps, _ := NewPowerSpectrum(size, PowerSpectrumOptions{Window: "hann", Averages: averages})
	out := sigRun(t, ps, blocktest.Options{OutputItems: size}, x, tags...)
	if len(out.Items.([]float32)) != 4*size {
		t.Fatalf("%d items out, want %d", len(out.Items.([]float32)), 4*size)
	}
	if !slices.Equal(out.Tags, want) {
		t.Fatalf("tags %v, want %v", out.Tags, want)
	}
}
