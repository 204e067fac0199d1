// Package grc reads GNU Radio Companion 3.10 flowgraphs (.grc files) and
// translates them to flowrun's graph format, so that flowrun runs,
// validates and draws them unchanged (flowrun run fm.grc) or writes them
// out as flowrun YAML (flowrun import fm.grc > fm.yaml).
//
//	l, warnings, err := grc.Load(data, blocks.NewRegistry(), grc.Options{File: "fm.grc"})
//
// A .grc file is YAML: options, blocks (each with a name, a GNU Radio block
// id, parameters and a state: enabled, disabled or bypassed) and
// connections ([source, port, sink, port], message ports by name). Its
// parameters are Python expressions. The translation
//
//   - evaluates them with a small evaluator of the Python that GRC files
//     write (numbers, strings, arithmetic, comparisons, conditionals, lists,
//     comprehensions, math, cmath, a little numpy, GNU Radio's enums, pmt
//     constructors and firdes filter designs computed as GNU Radio computes
//     them), which runs no code and bounds what an expression may
//     compute: no file can make it run a program, read a file or loop
//     without end;
//   - turns variable, parameter and GUI variable blocks (variable_qtgui_range,
//     _chooser, _check_box, _entry, ...) into flowrun variables, which --set
//     overrides when the graph starts and the control API changes while it
//     runs (graphfile.Loaded.SetVariable), a GUI range within its bounds;
//   - translates each block by a mapping table (Mappings) from GNU Radio
//     block ids to flowrun's, with parameter renames, enum and item type
//     conversions; drops disabled blocks with their connections, joins a
//     bypassed block's input to its outputs and a virtual sink to its
//     virtual sources; turns Qt GUI sinks into null sinks, with a warning;
//   - builds a graphfile document whose nodes carry the positions of the
//     .grc file, and loads it with graphfile.LoadNode: the checks, errors
//     and limits of flowrun's own graph files apply, at the lines of the
//     .grc file.
//
// Every problem is reported with its line; blocks that have no flowrun
// equivalent are named together in one error (ErrUnsupported), so that one
// run says all that is missing. It is a package of its own, beside
// graphfile, because it is a translator of another program's format: the
// graph file loader does not need to know Python or GNU Radio's block ids.
package grc
