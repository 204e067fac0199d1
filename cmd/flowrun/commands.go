package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// load reads and loads a graph file; errors are bad input.
func load(reg *block.Registry, path string, set map[string]string) (*flowgraph.Loaded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput(err)
	}
	l, err := flowgraph.Load(data, reg, flowgraph.LoadOptions{File: path, Set: set})
	if err != nil {
		return nil, badInput(err)
	}
	return l, nil
}

func validateCmd(reg *block.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "validate GRAPH.yaml...",
		Short: "Check graph files without running them",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var errs []error
			for _, path := range args {
				if _, err := load(reg, path, nil); err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", path)
			}
			if len(errs) > 0 {
				return badInput(errors.Join(errs...))
			}
			return nil
		},
	}
}

func blocksCmd(reg *block.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "blocks",
		Short: "List the blocks a graph can use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			for _, id := range reg.IDs() {
				s, _ := reg.Lookup(id)
				fmt.Fprintf(tw, "%s\t%s\n", id, s.Doc)
			}
			return tw.Flush()
		},
	}
}

func describeCmd(reg *block.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "describe ID",
		Short: "Show a block's ports and parameters",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return reg.IDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, ok := reg.Lookup(args[0])
			if !ok {
				hint := ""
				if near := reg.Nearest(args[0], 3); len(near) > 0 {
					hint = " (did you mean " + strings.Join(near, ", ") + "?)"
				}
				return badInput(fmt.Errorf("unknown block id %q%s", args[0], hint))
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s: %s\n\nParameters:\n", s.ID, s.Doc)
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  name\ttype\tdefault\tunit\tallowed\tdoc")
			for _, p := range s.Params {
				def := "(required)"
				if p.Default != nil {
					def = fmt.Sprint(p.Default)
				}
				allowed := strings.Join(p.Allowed, ", ")
				if p.Min != nil || p.Max != nil {
					allowed = bounds(p)
				}
				doc := p.Doc
				if p.Settable {
					doc += " (settable while running)"
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", p.Name, p.Type, def, p.Unit, allowed, doc)
			}
			tw.Flush()
			// Ports depend on parameters (item type, input count): show them for the defaults.
			b, err := reg.Build(s.ID, nil)
			if err != nil {
				fmt.Fprintf(w, "\nPorts: depend on required parameters\n")
				return nil
			}
			ps, err := block.FindPorts(b)
			if err != nil {
				return failure(err)
			}
			fmt.Fprintf(w, "\nPorts (with default parameters):\n")
			for i, in := range ps.In {
				fmt.Fprintf(w, "  in   %-8s %v\n", ps.InName[i], in.ItemType())
			}
			for i, out := range ps.Out {
				fmt.Fprintf(w, "  out  %-8s %v\n", ps.OutName[i], out.ItemType())
			}
			return nil
		},
	}
}

func bounds(p block.Param) string {
	lo, hi := "-inf", "+inf"
	if p.Min != nil {
		lo = fmt.Sprint(*p.Min)
	}
	if p.Max != nil {
		hi = fmt.Sprint(*p.Max)
	}
	return "[" + lo + ", " + hi + "]"
}

func dotCmd(reg *block.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "dot GRAPH.yaml",
		Short: "Print the graph in Graphviz dot format",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := load(reg, args[0], nil)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			name := l.Name
			if name == "" {
				name = "flowgraph"
			}
			fmt.Fprintf(w, "digraph %q {\n  rankdir=LR;\n  node [shape=box];\n", name)
			for _, b := range l.Blocks {
				fmt.Fprintf(w, "  %q [label=%q];\n", b.Name, b.Name+"\n"+b.ID)
			}
			for _, c := range l.Connections {
				fmt.Fprintf(w, "  %q -> %q [taillabel=%q, headlabel=%q];\n", c[0], c[2], c[1], c[3])
			}
			fmt.Fprintln(w, "}")
			return nil
		},
	}
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v, goV := "(devel)", ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				goV = bi.GoVersion
				if bi.Main.Version != "" {
					v = bi.Main.Version
				}
				settings := map[string]string{}
				for _, s := range bi.Settings {
					settings[s.Key] = s.Value
				}
				if rev := settings["vcs.revision"]; rev != "" {
					v += " " + rev[:min(12, len(rev))]
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "flowrun %s %s\n", v, goV)
		},
	}
}
