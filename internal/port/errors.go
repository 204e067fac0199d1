package port

import "errors"

// Errors of wiring, matched with errors.Is.
var (
	// ErrTypeMismatch means an output and an input carry different item types.
	ErrTypeMismatch = errors.New("block: item type mismatch")
	// ErrAlreadyConnected means an input already has a source.
	ErrAlreadyConnected = errors.New("block: input already connected")
	// ErrAttachRunning means an input was attached to an output that has
	// already produced items: the scheduler attaches every reader before any
	// block runs, so that each input sees its stream from the first item.
	ErrAttachRunning = errors.New("block: attach to an output that has produced")
)
