package graphfile

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits of Load. A graph file is untrusted input: each limit keeps what a
// small file can make the loader allocate or compute proportional to its
// size, and every value is checked before it is used to size anything.
// Besides these, expr.Eval bounds expressions (expr.MaxLen, expr.MaxDepth,
// expr.MaxArgs), flowgraph.MaxBufferBytes and flowgraph.MaxGraphBufferBytes
// bound buffers, and the blocks bound their own parameters (filter taps, FFT sizes, ports).
const (
	// DefaultMaxFileSize is the largest graph file Load accepts unless
	// Options.MaxFileSize says otherwise (flowrun's --max-file-size).
	DefaultMaxFileSize = 16 << 20
	// MaxNodes bounds the YAML nodes of a file, counted generously before
	// parsing (every scalar and separator counts, a key and a comma more
	// than once; a list of numbers may have some 350,000): parsed YAML
	// takes some 200 bytes a node, so a file of many tiny values
	// ("[1,1,1,...]") would otherwise take a hundred times its size.
	MaxNodes = 1 << 20
	// MaxNesting bounds the nesting of flow lists and maps ([ and {).
	MaxNesting = 256
	// MaxBlocks, MaxConnections and MaxVariables bound those sections.
	MaxBlocks      = 4096
	MaxConnections = 16384
	MaxVariables   = 4096
	// MaxPorts bounds the stream and message ports of all blocks together.
	MaxPorts = 65536
	// MaxListLen bounds a list parameter (explicit taps, vector values).
	MaxListLen = 1 << 20
	// MaxNameLen bounds names: of blocks, variables, keys, ids and ports.
	MaxNameLen = 128
	// MaxErrors is how many errors Load returns; a last one says how many
	// more there were.
	MaxErrors = 50
	// maxMsgLen bounds one error message (they quote values of the file).
	maxMsgLen = 1024
)

// scanFile checks what must hold before a file is parsed: UTF-8 text
// without control characters other than tab and line ends, at
// most MaxNodes YAML nodes (an over-estimate: every run of plain text and
// every '-' counts one, every ',', '[' and '{' two (in a flow map, a key
// and its empty value) and every ':' and '?' three (a key, a value and a
// map); the fuzz test checks it against go-yaml), flow nesting at most
// MaxNesting. Quotes are not followed, so text in quotes only counts more.
// It returns the problem and its 1-based line and column, or "".
func scanFile(data []byte) (msg string, line, col int) {
	msg, line, col, _ = scanYAML(data, MaxNodes)
	return msg, line, col
}

// scanYAML is scanFile with a limit of maxNodes; it also returns the
// estimate of the nodes, up to where it stopped.
func scanYAML(data []byte, maxNodes int) (msg string, line, col, nodes int) {
	line, lineStart := 1, 0
	depth := 0
	inRun := false
	for i := 0; i < len(data); {
		c := data[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a graph file is UTF-8 text", c), line, utf8.RuneCount(data[lineStart:i]) + 1, nodes
			}
			if !inRun {
				nodes++
			}
			inRun = true
			i += n
			continue
		}
		if c < ' ' && c != '\n' && c != '\t' && c != '\r' || c == 0x7f {
			return fmt.Sprintf("control character %U: a graph file is text", c), line, utf8.RuneCount(data[lineStart:i]) + 1, nodes
		}
		switch c {
		case '\n':
			line, lineStart = line+1, i+1
			inRun = false
		case ' ', '\t', '\r':
			inRun = false
		case ']', '}':
			inRun = false
			depth = max(depth-1, 0)
		case '-':
			nodes++
			inRun = false
		case ',':
			nodes += 2 // in a flow map, a key and its empty value
			inRun = false
		case '[', '{':
			nodes += 2
			inRun = false
			if depth++; depth > MaxNesting {
				return fmt.Sprintf("lists and maps nested deeper than %d levels", MaxNesting), line, utf8.RuneCount(data[lineStart:i]) + 1, nodes
			}
		case ':', '?':
			nodes += 3
			inRun = false
		default:
			if !inRun {
				nodes++
			}
			inRun = true
		}
		if nodes > maxNodes {
			return fmt.Sprintf("too many YAML elements: more than %d values, keys and separators (the limit)", maxNodes), line, utf8.RuneCount(data[lineStart:i]) + 1, nodes
		}
		i++
	}
	return "", 0, 0, nodes
}

// countNodes counts the nodes of a parsed document, aliases not followed;
// the fuzz tests check it against scanFile's estimate.
func countNodes(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

// nameProblem says what is wrong with a name of the file (a block's,
// a variable's), or "".
func nameProblem(s string) string {
	if len(s) > MaxNameLen {
		return fmt.Sprintf("longer than %d bytes", MaxNameLen)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Sprintf("contains the control or invisible character %U", r)
		}
	}
	return ""
}

// yamlErrorPos finds where a go-yaml error is, for the messages that have
// no line: an unknown anchor is where the file first refers to it; other
// problems are reported at the start of the file.
func yamlErrorPos(data []byte, msg string) (line, col int) {
	a, ok := strings.CutPrefix(msg, "unknown anchor '")
	name, _, _ := strings.Cut(a, "'")
	if !ok || name == "" {
		return 1, 1
	}
	ref := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], ref)
		if i < 0 {
			return 1, 1
		}
		i += off
		if end := i + len(ref); end == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[end]) >= 0 {
			start := bytes.LastIndexByte(data[:i], '\n') + 1
			return 1 + bytes.Count(data[:i], []byte("\n")), utf8.RuneCount(data[start:i]) + 1
		}
		off = i + 1
	}
}

// cutMessage bounds an error message to maxMsgLen bytes.
func cutMessage(s string) string {
	if len(s) <= maxMsgLen {
		return s
	}
	cut := maxMsgLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes more)", len(s)-cut)
}
