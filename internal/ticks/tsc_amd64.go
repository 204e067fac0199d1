//go:build !purego

package ticks

// haveTSC reports an invariant time-stamp counter (CPUID leaf 0x80000007,
// EDX bit 8): one that counts at a constant rate whatever the core's
// clock and power state, so ticks convert to time at one ratio.
var haveTSC = invariantTSC()

// invariantTSC reads CPUID for the invariant-TSC bit.
func invariantTSC() bool

// readTSC returns the time-stamp counter (RDTSC).
func readTSC() int64
