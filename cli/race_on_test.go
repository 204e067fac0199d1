//go:build race

package cli

// raceEnabled says whether the race detector is on: it multiplies memory
// use, so memory measurements skip.
const raceEnabled = true
