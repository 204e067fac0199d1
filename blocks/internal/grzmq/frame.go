package grzmq

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
)

// ZMTP 3.0 framing, after the handshake (which zmq4 does): each frame is a
// flags byte, its size (one byte, or eight big-endian with flagLong) and
// its body. A message is its frames up to one without flagMore; a command
// is a single frame with flagCommand, its body a name (length byte, then
// the name) and the command's data.
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// maxShortFrame is the largest body a frame header of two bytes can say.
const maxShortFrame = 255

// errBadFrame means a frame whose flags make no sense (a command with more
// parts after it): the connection is dropped.
var errBadFrame = errors.New("grzmq: malformed ZMTP frame")

// frameWriter writes messages to one connection. Its scratch space makes a
// write allocate nothing; it is the peer's, used under the peer's write lock.
type frameWriter struct {
	hdr [][9]byte
	vec net.Buffers
}

// write writes the message of parts, one frame each, the last one
// followed in its frame by tail, with one writev system call
// (net.Buffers) for headers and bodies alike: no body is copied.
func (fw *frameWriter) write(c net.Conn, parts [][]byte, tail []byte, command bool) error {
	if cap(fw.hdr) < len(parts) {
		fw.hdr = make([][9]byte, len(parts))
	}
	fw.hdr = fw.hdr[:len(parts)]
	vec := fw.vec[:0]
	for i, p := range parts {
		var flags byte
		if i < len(parts)-1 {
			flags |= flagMore
		}
		if command {
			flags |= flagCommand
		}
		size := len(p)
		if i == len(parts)-1 {
			size += len(tail)
		}
		h := &fw.hdr[i]
		n := 2
		if size > maxShortFrame {
			flags |= flagLong
			binary.BigEndian.PutUint64(h[1:], uint64(size))
			n = 9
		} else {
			h[1] = byte(size)
		}
		h[0] = flags
		vec = append(vec, h[:n])
		if len(p) > 0 {
			vec = append(vec, p)
		}
	}
	if len(tail) > 0 {
		vec = append(vec, tail)
	}
	fw.vec = vec // WriteTo consumes its copy of the slice header, not ours
	_, err := vec.WriteTo(c)
	clear(fw.vec) // keep no reference to the bodies written
	return err
}

// frameReader reads messages from one connection.
type frameReader struct {
	r   io.Reader
	hdr [9]byte
}

// read returns the frames of the next message, appended to frames[:0], and
// whether it is a command. Bodies larger than maxShortFrame come from
// body, which returns a slice of length n; smaller ones are allocated.
func (fr *frameReader) read(frames [][]byte, body func(n int) []byte) ([][]byte, bool, error) {
	frames = frames[:0]
	for {
		if _, err := io.ReadFull(fr.r, fr.hdr[:2]); err != nil {
			return frames, false, err
		}
		flags := fr.hdr[0]
		size := uint64(fr.hdr[1])
		if flags&flagLong != 0 {
			if _, err := io.ReadFull(fr.r, fr.hdr[2:9]); err != nil {
				return frames, false, err
			}
			size = binary.BigEndian.Uint64(fr.hdr[1:9])
		}
		// The limitConn under r has refused a size beyond the socket's
		// limit before these bytes came out of it.
		var b []byte
		if size > maxShortFrame {
			b = body(int(size))
		} else {
			b = make([]byte, size)
		}
		if _, err := io.ReadFull(fr.r, b); err != nil {
			return frames, false, err
		}
		frames = append(frames, b)
		if flags&flagCommand != 0 {
			if flags&flagMore != 0 || len(frames) > 1 {
				return frames, false, errBadFrame
			}
			return frames, true, nil
		}
		if flags&flagMore == 0 {
			return frames, false, nil
		}
	}
}

// commandName splits a command frame's body into its name and data.
func commandName(body []byte) (name string, data []byte, ok bool) {
	if len(body) == 0 || int(body[0]) > len(body)-1 {
		return "", nil, false
	}
	return string(body[1 : 1+body[0]]), body[1+body[0]:], true
}

// pong is the body of the PONG command answering a PING whose data is
// ping: a two-byte TTL, then a context the PONG echoes (ZMTP 3.1).
func pong(ping []byte) []byte {
	ctx := []byte(nil)
	if len(ping) > 2 {
		ctx = ping[2:]
	}
	return append([]byte("\x04PONG"), ctx...)
}
