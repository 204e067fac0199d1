package kernelbench

import (
	"math/bits"
	"time"
)

// chainOps is the dependent operations per iteration of chain.
const chainOps = 16

// chain runs n iterations of 16 dependent one-cycle operations (8 rotates
// and 8 exclusive ors on one register): 16 cycles per iteration on
// processors that retire such a chain at one operation per cycle, the
// loop's own counter running alongside.
//
//go:noinline
func chain(n int, y uint64) uint64 {
	x := y
	for range n {
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
		x = bits.RotateLeft64(x, 1) ^ y
	}
	return x
}

var sink uint64

// clockBatches is many short batches: on a shared machine, some of them
// run without being preempted.
const clockBatches = 100

// ClockGHz estimates the clock at which this core runs now, in GHz, from
// the time of a chain of dependent one-cycle integer operations (rotate,
// exclusive or), the fastest of 100 batches over about budget: what the core
// does while it is busy, turbo included, which /proc/cpuinfo's "cpu MHz"
// does not show in virtual machines. It assumes one cycle per operation
// (true of x86-64 and arm64 cores of the last decade).
func ClockGHz(budget time.Duration) float64 {
	const n = 1 << 16
	ns := best(budget, clockBatches, n*chainOps, func() { sink += chain(n, sink|1) })
	return 1 / ns
}
