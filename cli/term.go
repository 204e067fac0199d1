package cli

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termSafe returns s with every character a terminal would act on escaped
// as in a Go string literal (ESC as \x1b, a carriage return as \r, a bidi
// override as \u202e, a stray byte as \xff), so that text from a graph file
// or a request (block names, error messages) cannot move the cursor, clear
// the screen or reorder what is shown. lines keeps newlines and tabs, for
// multi-line error messages. Everything flowrun prints for a person goes
// through it; JSON output escapes on its own.
func termSafe(s string, lines bool) string {
	safe := func(r rune) bool { return unicode.IsPrint(r) || lines && (r == '\n' || r == '\t') }
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !safe(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !safe(r) {
			q := strconv.Quote(s[i : i+size])
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
