package cli_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/cli"
	"github.com/flowrun/flowrun/registry"
)

func TestCommandMountsUnderAnotherRootWithItsExitCodes(t *testing.T) {
	var stdout, stderr bytes.Buffer
	root := &cobra.Command{Use: "mytool", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(cli.Command(blocks.NewRegistry(), &stdout, &stderr))
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"flowrun", "validate", "testdata/golden/count.yaml"}, 0, "testdata/golden/count.yaml: ok\n"},
		{[]string{"flowrun", "validate", "../testdata/bad/cycle.yaml"}, 2, ""},
		{[]string{"flowrun", "describe", "no_such_block"}, 2, ""},
		{[]string{"flowrun", "--frob"}, 2, ""},
	} {
		stdout.Reset()
		root.SetArgs(tc.args)
		err := root.Execute()
		if got := cli.ExitCode(err); got != tc.code || stdout.String() != tc.out {
			t.Errorf("%s: exit %d, stdout %q (%v); want %d, %q", strings.Join(tc.args, " "), got, stdout.String(), err, tc.code, tc.out)
		}
	}
}

func TestRunSeesOnlyTheBlocksOfItsRegistry(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run(blocks.NewRegistry(), []string{"describe", "head"}, &stdout, &stderr); code != 0 {
		t.Fatalf("describe head with the standard blocks: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := cli.Run(registry.New(), []string{"describe", "head"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "head") {
		t.Errorf("describe head with an empty registry: exit %d, stderr %q; want 2 and an unknown id", code, stderr.String())
	}
}
