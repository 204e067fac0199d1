package cli

import "testing"

// The AVX-512 limit depends on the width of the core's FMA units: full on
// Intel's cores and AMD's from Zen 5, halved on Zen 4, unknown without the
// vendor and family.
func TestCoreLimitCases(t *testing.T) {
	zen4, zen5 := cpuCore{"AuthenticAMD", 25}, cpuCore{"AuthenticAMD", 26}
	intel := cpuCore{"GenuineIntel", 6}
	for _, tc := range []struct {
		variant string
		ghz     float64
		core    cpuCore
		want    float64
		formula string
	}{
		{"avx2+fma", 3, zen5, 96, "2 FMA units x 8 float32 lanes x 2 flop x 3.00 GHz"},
		{"avx2+fma", 3, cpuCore{}, 96, "2 FMA units x 8 float32 lanes x 2 flop x 3.00 GHz"},
		{"avx512", 3, zen5, 192, "2 FMA units x 16 float32 lanes x 2 flop x 3.00 GHz"},
		{"avx512", 3, cpuCore{"AuthenticAMD", 27}, 192, "2 FMA units x 16 float32 lanes x 2 flop x 3.00 GHz"},
		{"avx512", 2.5, intel, 160, "2 FMA units x 16 float32 lanes x 2 flop x 2.50 GHz"},
		{"avx512", 3, zen4, 96, "2 FMA units x 8 float32 lanes (Zen 4: 512-bit FMAs in two halves) x 2 flop x 3.00 GHz"},
		{"avx512", 3, cpuCore{}, 0, ""},
		{"avx512", 3, cpuCore{"HygonGenuine", 24}, 0, ""},
		{"avx512", 0, zen5, 0, ""},
		{"neon", 3, cpuCore{}, 0, ""},
		{"go", 3, intel, 0, ""},
	} {
		if g, f := coreLimit(tc.variant, tc.ghz, tc.core); g != tc.want || f != tc.formula {
			t.Errorf("%s at %g GHz on %+v: %g GFLOP/s, %q; want %g, %q", tc.variant, tc.ghz, tc.core, g, f, tc.want, tc.formula)
		}
	}
}

func TestParseCPUCore(t *testing.T) {
	c := parseCPUCore("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n\nprocessor\t: 1\nvendor_id\t: other\ncpu family\t: 3\n")
	if c != (cpuCore{"AuthenticAMD", 26}) {
		t.Errorf("%+v", c)
	}
	if c := parseCPUCore("Processor : ARMv8\n"); c != (cpuCore{}) {
		t.Errorf("%+v from a cpuinfo without them", c)
	}
}
