package cli

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// addProfileFlag adds --cpuprofile to cmd and returns where its value goes.
func addProfileFlag(cmd *cobra.Command) *string {
	var path string
	cmd.Flags().StringVar(&path, "cpuprofile", "", "write a CPU profile of flowrun's own work to this file (go tool pprof FILE)")
	return &path
}

// startCPUProfile starts a CPU profile into path ("" does nothing) and
// returns the function that stops it and closes the file.
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, badInput(fmt.Errorf("--cpuprofile: %w", err))
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, failure(fmt.Errorf("--cpuprofile: %w", err))
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return failure(fmt.Errorf("--cpuprofile: %w", err))
		}
		return nil
	}, nil
}
