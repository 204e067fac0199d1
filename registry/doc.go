// Package registry describes blocks by id for graphs written as data (YAML
// files, a control API, a UI): a Spec gives a block's parameters — types,
// defaults, bounds, units, documentation, which ones are settable while
// the graph runs — and the constructor that builds the block from checked
// values. A Registry maps ids to specs; the CLI, the YAML loader and the
// control API work from one.
//
// A parameter declared Settable must be a block.Setting field of the same
// name in the block the constructor builds; Build checks it
// (ErrSpecMismatch).
package registry
