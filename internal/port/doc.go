// Package port is the scheduler's side of a block's ports: the state
// behind block.In, block.Out, block.MsgIn, block.MsgOut, block.Setting and
// block.IO, and what the flowgraph and blocktest do with it — open and
// attach buffers, hold and commit each Work call's Consume and Produce
// (forwarding tags), detect stalls, run message queues, apply settings.
//
// Each block type is a struct whose only field is the matching type of
// this package, at offset 0: Find and Inner reach it by reflection, so the
// author's API (package block) shows none of this, and a call through the
// wrapper is inlined away.
package port
