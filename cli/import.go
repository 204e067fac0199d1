package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/grc"
	"github.com/flowrun/flowrun/registry"
)

func importCmd(reg *registry.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.grc",
		Short: "Translate a GNU Radio Companion file to a flowrun graph file",
		Long: `Translate a GNU Radio Companion 3.10 file (.grc) to flowrun's YAML graph
format and print it: flowrun import fm.grc > fm.yaml. The result is checked
by loading it before it is printed; what the translation changed or left
out is said on standard error. run, validate and dot also take .grc files
directly.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			data, err := readLimited(path, maxFileSize(cmd))
			if err != nil {
				return badInput(err)
			}
			c, err := grc.Convert(data, grc.Options{File: path, MaxFileSize: maxFileSize(cmd)})
			if err != nil {
				return badInput(err)
			}
			for _, w := range c.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "warning:", termSafe(w, false))
			}
			text, err := c.YAML()
			if err != nil {
				return failure(err)
			}
			// The text must load as the GRC file did: check it as written.
			if _, err := graphfile.Load(text, reg, graphfile.Options{File: path + " (translated)", MaxFileSize: -1}); err != nil {
				return badInput(err)
			}
			_, err = cmd.OutOrStdout().Write(text)
			return err
		},
	}
}
