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

func TestRotatorMatchesExactPhaseAfterAMillionSamples(t *testing.T) {
	const n = 1_000_000
	x := sigRandComplex(rand.New(rand.NewPCG(21, 22)), n)
	for _, inc := range []float64{0, 0.1234567, -2.5, math.Pi} {
		b, err := NewRotator(inc)
		if err != nil {
			t.Fatal(err)
		}
		got := sigRun(t, b, blocktest.Options{OutputItems: 4093}, x).Items.([]complex64)
		if len(got) != n {
			t.Fatalf("inc %v: %d items out, want %d", inc, len(got), n)
		}
		var worst float64
		for i, v := range x {
			want := complex128(v) * cmplx.Rect(1, math.Mod(float64(i)*inc, 2*math.Pi))
			worst = max(worst, cmplx.Abs(complex128(got[i])-want))
		}
		if worst > 1e-5 {
			t.Fatalf("inc %v: max error %g > 1e-5", inc, worst)
		}
	}
}

func TestRotatorPhasorDoesNotDriftOver1e8Samples(t *testing.T) {
	total := 100_000_000
	if testing.Short() {
		total = 10_000_000
	}
	const inc = 0.7071067811865476
	b, _ := NewRotator(inc)
	const chunk = 1 << 16
	in, out := make([]complex64, chunk), make([]complex64, chunk)
	for i := range in {
		in[i] = 1
	}
	for done := 0; done < total; done += chunk {
		b.rotate(out, in)
	}
	done := total / chunk * chunk
	if total%chunk != 0 {
		done += chunk
	}
	// After done samples the phasor is e^{j·done·inc} with magnitude 1.
	if m := cmplx.Abs(b.phasor); math.Abs(m-1) > 1e-9 {
		t.Fatalf("|phasor| = %.12f after %d samples", m, done)
	}
	want := cmplx.Rect(1, math.Mod(float64(done)*inc, 2*math.Pi))
	if e := cmplx.Abs(b.phasor - want); e > 1e-5 {
		t.Fatalf("phasor %v, want %v after %d samples (error %g)", b.phasor, want, done, e)
	}
}

func TestRotatorUsesPhaseIncSetLater(t *testing.T) {
	b, _ := NewRotator(0)
	if err := b.PhaseInc.Set(math.Pi / 2); err != nil {
		t.Fatal(err)
	}
	if err := b.PhaseInc.Set(math.Inf(1)); err == nil {
		t.Fatal("PhaseInc.Set(+Inf) accepted")
	}
	got := sigRun(t, b, blocktest.Options{}, []complex64{1, 1, 1, 1, 1}).Items.([]complex64)
	want := []complex64{1, 1i, -1, -1i, 1}
	for i := range want {
		if cmplx.Abs(complex128(got[i]-want[i])) > 1e-6 {
			t.Fatalf("item %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestRotatorCarriesTags(t *testing.T) {
	x := make([]complex64, 5000)
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 999, Key: "b"}, {Offset: 1000, Key: "c"}, {Offset: 4999, Key: "d"}}
	b, _ := NewRotator(0.3)
	out := sigRun(t, b, blocktest.Options{OutputItems: 1000}, x, tags...)
	if !slices.Equal(out.Tags, tags) {
		t.Fatalf("tags %v, want %v", out.Tags, tags)
	}
}

func BenchmarkRotator(b *testing.B) {
	const n = 8192
	r, _ := NewRotator(0.01)
	in := sigRandComplex(rand.New(rand.NewPCG(1, 1)), n)
	out := make([]complex64, n)
	b.ReportAllocs()
	for b.Loop() {
		r.rotate(out, in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/sample")
}
