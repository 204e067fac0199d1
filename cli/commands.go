package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/grc"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// load reads and loads a graph file of at most graphfile.DefaultMaxFileSize
// bytes; errors are bad input.
func load(reg *registry.Registry, path string, set map[string]string) (*graphfile.Loaded, error) {
	return loadFile(reg, path, set, "", graphfile.DefaultMaxFileSize, nil)
}

// loadFile reads and loads a graph file of at most maxSize bytes (no limit
// if maxSize < 0), reading no more than that; errors are bad input. A GNU
// Radio Companion file (.grc, or GRC's YAML by its content) is translated
// first (package grc), its warnings written to warn (if not nil).
func loadFile(reg *registry.Registry, path string, set map[string]string, host string, maxSize int64, warn io.Writer) (*graphfile.Loaded, error) {
	data, err := readLimited(path, maxSize)
	if err != nil {
		return nil, badInput(err)
	}
	if grc.IsGRC(path, data) {
		if host != "" {
			return nil, badInput(fmt.Errorf("--host %s: a GRC file has no hosts section (import it and add one)", termSafe(host, false)))
		}
		l, warnings, err := grc.Load(data, reg, grc.Options{File: path, Set: set, MaxFileSize: maxSize})
		if warn != nil {
			for _, w := range warnings {
				fmt.Fprintln(warn, "warning:", termSafe(w, false))
			}
		}
		if err != nil {
			return nil, badInput(err)
		}
		return l, nil
	}
	l, err := graphfile.Load(data, reg, graphfile.Options{File: path, Set: set, MaxFileSize: maxSize, Host: host})
	if err != nil {
		return nil, badInput(err)
	}
	return l, nil
}

// readLimited reads a file of at most maxSize bytes (any size if maxSize <
// 0); a larger one is reported as a graphfile.Error at its start.
func readLimited(path string, maxSize int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if maxSize < 0 {
		return io.ReadAll(f)
	}
	tooLarge := func(size string) error {
		return graphfile.ErrorList{{File: path, Line: 1, Col: 1, Err: errors.Join(graphfile.ErrBadGraph, graphfile.ErrFileTooLarge),
			Msg: fmt.Sprintf("graph file%s is larger than the limit of %d bytes (--max-file-size raises it)", size, maxSize)}}
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > maxSize {
		return nil, tooLarge(fmt.Sprintf(" of %d bytes", fi.Size()))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxSize {
		return nil, tooLarge("")
	}
	return data, nil
}

// maxFileSize is the value of the --max-file-size flag of cmd: bytes, -1
// for no limit.
func maxFileSize(cmd *cobra.Command) int64 {
	if f := cmd.Flag("max-file-size"); f != nil {
		if v, ok := f.Value.(*sizeFlag); ok {
			return v.bytes()
		}
	}
	return graphfile.DefaultMaxFileSize
}

// sizeFlag is a size in bytes given as 1048576, 512KiB, 16MiB or 1GiB (k,
// M and G are taken as KiB, MiB and GiB); 0 means no limit.
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

// Type names the flag's value in help.
func (s *sizeFlag) Type() string { return "bytes" }

// Set parses a size.
func (s *sizeFlag) Set(v string) error {
	num, shift := v, 0
	for _, u := range []struct {
		suffix string
		shift  int
	}{{"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"k", 10}, {"K", 10}, {"M", 20}, {"G", 30}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64>>shift {
		return fmt.Errorf("want a size in bytes such as 16777216 or 16MiB, not %q", v)
	}
	*s = sizeFlag(n << shift)
	return nil
}

func (s *sizeFlag) bytes() int64 {
	if *s == 0 {
		return -1
	}
	return int64(*s)
}

func validateCmd(reg *registry.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "validate GRAPH.yaml|FILE.grc...",
		Short: "Check graph files without running them",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var errs []error
			for _, path := range args {
				l, err := loadFile(reg, path, nil, "", maxFileSize(cmd), cmd.ErrOrStderr())
				if err != nil {
					errs = append(errs, err)
					continue
				}
				// A graph split over hosts: each host's part, with the
				// ZeroMQ blocks that join it to the others, must load too.
				ok := true
				for _, h := range l.Hosts {
					if _, err := loadFile(reg, path, nil, h, maxFileSize(cmd), nil); err != nil {
						errs = append(errs, fmt.Errorf("host %s: %w", h, err))
						ok = false
					}
				}
				if ok {
					fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", termSafe(path, false))
					printLatency(cmd.OutOrStdout(), l.Graph)
				}
			}
			if len(errs) > 0 {
				return badInput(errors.Join(errs...))
			}
			return nil
		},
	}
}

func blocksCmd(reg *registry.Registry) *cobra.Command {
	var markdown bool
	cmd := &cobra.Command{
		Use:   "blocks",
		Short: "List the blocks a graph can use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if markdown {
				return markdownReference(cmd.OutOrStdout(), reg)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			for _, id := range reg.IDs() {
				s, _ := reg.Lookup(id)
				fmt.Fprintf(tw, "%s\t%s\n", id, s.Doc)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print a Markdown block reference (docs/blocks.md)")
	return cmd
}

func describeCmd(reg *registry.Registry) *cobra.Command {
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
			ps, ok, err := defaultPorts(reg, s.ID)
			if err != nil {
				return failure(err)
			}
			if !ok {
				fmt.Fprintf(w, "\nPorts: depend on required parameters\n")
				return nil
			}
			fmt.Fprintf(w, "\nPorts (with default parameters):\n")
			for i, in := range ps.In {
				fmt.Fprintf(w, "  in   %-8s %v\n", ps.InName[i], in.ItemType())
			}
			for i, out := range ps.Out {
				fmt.Fprintf(w, "  out  %-8s %v\n", ps.OutName[i], out.ItemType())
			}
			for i, in := range ps.MsgIn {
				fmt.Fprintf(w, "  in   %-8s message (queue %d)\n", ps.MsgInName[i], in.Capacity())
			}
			for _, name := range ps.MsgOutName {
				fmt.Fprintf(w, "  out  %-8s message\n", name)
			}
			return nil
		},
	}
}

// defaultPorts returns the ports of block id built with default parameters;
// ok is false when the block has required parameters (its ports depend on
// them: item type, input count).
func defaultPorts(reg *registry.Registry, id string) (ps port.Ports, ok bool, err error) {
	b, err := reg.Build(id, nil)
	if err != nil {
		return ps, false, nil
	}
	ps, err = port.Find(b)
	return ps, err == nil, err
}

func bounds(p registry.Param) string {
	lo, hi := "-inf", "+inf"
	if p.Min != nil {
		lo = strconv.FormatFloat(*p.Min, 'f', -1, 64)
	}
	if p.Max != nil {
		hi = strconv.FormatFloat(*p.Max, 'f', -1, 64)
	}
	return "[" + lo + ", " + hi + "]"
}

func dotCmd(reg *registry.Registry) *cobra.Command {
	return &cobra.Command{
		Use:   "dot GRAPH.yaml|FILE.grc",
		Short: "Print the graph in Graphviz dot format",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := loadFile(reg, args[0], nil, "", maxFileSize(cmd), cmd.ErrOrStderr())
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

// markdownReference writes the Markdown block reference of docs/blocks.md:
// an index, then for each block its doc, a parameter table and its ports
// for default parameters.
func markdownReference(w io.Writer, reg *registry.Registry) error {
	var b strings.Builder
	b.WriteString("# Block reference\n\n")
	b.WriteString("<!-- Generated by `go run ./cmd/flowrun blocks --markdown > docs/blocks.md`; do not edit. -->\n\n")
	b.WriteString("Every block a graph file can use, by `id`. Parameters without a default are required;\n")
	b.WriteString("numbers may be given as expressions of the graph's variables. A parameter of type value takes\n")
	b.WriteString("any YAML value as written (null, bool, number, string, list or map such as `{frequency: 1500}`),\n")
	b.WriteString("without expressions. Blocks with settable parameters take changes while running as messages\n")
	b.WriteString("on their `set` input: a map `{param: value}` or a pair `[param, value]`.\n\n")
	ids := reg.IDs()
	for _, id := range ids {
		s, _ := reg.Lookup(id)
		fmt.Fprintf(&b, "- [`%s`](#%s): %s\n", id, id, mdCell(s.Doc))
	}
	for _, id := range ids {
		s, _ := reg.Lookup(id)
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", id, s.Doc)
		if len(s.Params) == 0 {
			b.WriteString("Parameters: none.\n")
		} else {
			b.WriteString("| name | type | default | unit | allowed / bounds | doc | settable |\n")
			b.WriteString("|---|---|---|---|---|---|---|\n")
			for _, p := range s.Params {
				def := "*required*"
				if p.Default != nil {
					def = "`" + mdValue(p.Default) + "`"
				}
				var allowed []string
				if len(p.Allowed) > 0 {
					allowed = append(allowed, strings.Join(p.Allowed, ", "))
				}
				if p.Min != nil || p.Max != nil {
					allowed = append(allowed, mdBounds(p))
				}
				settable := "no"
				if p.Settable {
					settable = "yes"
				}
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", p.Name, p.Type, def, mdCell(p.Unit),
					mdCell(strings.Join(allowed, "; ")), mdCell(p.Doc), settable)
			}
		}
		ps, ok, err := defaultPorts(reg, id)
		if err != nil {
			return failure(fmt.Errorf("%s: %w", id, err))
		}
		if !ok {
			b.WriteString("\nPorts: depend on required parameters.\n")
			continue
		}
		if len(ps.In)+len(ps.Out)+len(ps.MsgIn)+len(ps.MsgOut) == 0 {
			b.WriteString("\nPorts: none.\n")
			continue
		}
		b.WriteString("\nPorts (with default parameters):\n\n| direction | name | item type |\n|---|---|---|\n")
		for i, in := range ps.In {
			opt := ""
			if in.Optional() {
				opt = " (optional)"
			}
			fmt.Fprintf(&b, "| in | `%s`%s | %v |\n", ps.InName[i], opt, in.ItemType())
		}
		for i, out := range ps.Out {
			fmt.Fprintf(&b, "| out | `%s` | %v |\n", ps.OutName[i], out.ItemType())
		}
		for _, name := range ps.MsgInName {
			fmt.Fprintf(&b, "| in | `%s` | message |\n", name)
		}
		for _, name := range ps.MsgOutName {
			fmt.Fprintf(&b, "| out | `%s` | message |\n", name)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// mdNumber formats a number the way a graph file would write it.
func mdNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// mdValue formats a parameter value in YAML syntax.
func mdValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case float64:
		return mdNumber(x)
	case float32:
		return mdNumber(float64(x))
	case complex128:
		if imag(x) == 0 {
			return mdNumber(real(x))
		}
		return "[" + mdNumber(real(x)) + ", " + mdNumber(imag(x)) + "]"
	case complex64:
		return mdValue(complex128(x))
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			parts[i] = mdNumber(f)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []complex128:
		parts := make([]string, len(x))
		for i, c := range x {
			parts[i] = mdValue(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case pmt.Value:
		return x.String() // null, numbers, {key: value} and [a, b] read as YAML
	}
	return fmt.Sprint(v)
}

func mdBounds(p registry.Param) string {
	lo, hi := "-inf", "+inf"
	if p.Min != nil {
		lo = mdNumber(*p.Min)
	}
	if p.Max != nil {
		hi = mdNumber(*p.Max)
	}
	return "[" + lo + ", " + hi + "]"
}
