package block

import "errors"

// Errors of wiring, matched with errors.Is.
var (
	// ErrTypeMismatch means an output and an input carry different item types.
	ErrTypeMismatch = errors.New("block: item type mismatch")
	// ErrAlreadyConnected means an input already has a source.
	ErrAlreadyConnected = errors.New("block: input already connected")
)
