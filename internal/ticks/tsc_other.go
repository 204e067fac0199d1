//go:build !amd64 || purego

package ticks

// haveTSC is false: the monotonic clock is read instead.
const haveTSC = false

// readTSC is never called without a counter.
func readTSC() int64 { return 0 }
