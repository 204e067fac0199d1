package ring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/buffer"
)

// FuzzStateMachine drives a writer and up to four readers with a random
// sequence of operations and checks every step against a model made of plain
// counters: space, availability, item contents, tags and end of stream.
func FuzzStateMachine(f *testing.F) {
	f.Add([]byte{0, 255, 2, 0, 200, 1, 0, 100, 4, 0, 3, 0})
	f.Add([]byte{2, 2, 0, 255, 5, 40, 1, 1, 255, 6, 0, 9, 3, 1, 0, 50, 7})
	f.Add([]byte{0, 255, 0, 255, 0, 255, 2, 5, 9, 0, 100, 1, 0, 7})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 512 {
			ops = ops[:512] // longer sequences add nothing but time
		}
		w, err := New[uint64](buffer.Options{MinItems: 1, NewMetadata: func() buffer.Metadata { return new(buffer.TagStore) }})
		if err != nil {
			t.Fatal(err)
		}
		c := uint64(w.Capacity())
		type modelReader struct {
			r     *Reader[uint64]
			start uint64 // where it joined: no tags before
		}
		var readers []*modelReader
		next := func(i *int) byte {
			if *i >= len(ops) {
				return 0
			}
			*i++
			return ops[*i-1]
		}
		wantSpace := func() uint64 {
			least := w.Offset()
			for _, m := range readers {
				least = min(least, m.r.Offset())
			}
			return c - (w.Offset() - least)
		}
		hasTag := func(o uint64) bool { return o%5 == 1 }
		closed := false
		for i := 0; i < len(ops); {
			op := next(&i) % 8
			switch {
			case op <= 1 && !closed: // produce a fraction of the space
				s := w.Slice()
				if uint64(len(s)) != wantSpace() {
					t.Fatalf("writer space %d, model %d", len(s), wantSpace())
				}
				k := len(s) * int(next(&i)) / 255
				var tags []buffer.Tag
				for j := range k {
					s[j] = w.Offset() + uint64(j)
					if op == 1 && hasTag(w.Offset()+uint64(j)) {
						tags = append(tags, buffer.Tag{Offset: w.Offset() + uint64(j), Key: "t", Value: w.Offset() + uint64(j)})
					}
				}
				mustPanic(t, func() { w.Produce(len(s)+1, nil) })
				w.Produce(k, tags)
			case op == 2 && !closed && len(readers) < 4:
				readers = append(readers, &modelReader{r: w.AddReader(nil, nil), start: w.Offset()})
				if readers[len(readers)-1].r.Offset() != w.Offset() {
					t.Fatalf("new reader at %d, writer at %d", readers[len(readers)-1].r.Offset(), w.Offset())
				}
			case op == 3 && len(readers) > 0: // close a reader
				j := int(next(&i)) % len(readers)
				readers[j].r.Close()
				readers = append(readers[:j], readers[j+1:]...)
			case op >= 4 && op <= 6 && len(readers) > 0: // read and consume a fraction
				m := readers[int(next(&i))%len(readers)]
				s, ok := m.r.Slice()
				avail := w.Offset() - m.r.Offset()
				if uint64(len(s)) != avail || ok != (!closed || avail > 0) {
					t.Fatalf("reader at %d: %d items ok %v; model %d items, writer closed %v", m.r.Offset(), len(s), ok, avail, closed)
				}
				for j, v := range s {
					if v != m.r.Offset()+uint64(j) {
						t.Fatalf("reader at %d: item %d reads %d", m.r.Offset(), j, v)
					}
				}
				for _, tg := range m.r.Tags() {
					if tg.Offset < m.start || tg.Offset < m.r.Offset() || tg.Offset >= w.Offset() || !hasTag(tg.Offset) || tg.Value != tg.Offset {
						t.Fatalf("reader joined at %d, at %d: bad tag %v", m.start, m.r.Offset(), tg)
					}
				}
				mustPanic(t, func() { m.r.Consume(len(s) + 1) })
				m.r.Consume(len(s) * int(next(&i)) / 255)
			case op == 7:
				w.Close()
				closed = true
			}
		}
		w.Close()
		for _, m := range readers {
			if s, _ := m.r.Slice(); len(s) > 0 {
				m.r.Consume(len(s))
			}
			if s, ok := m.r.Slice(); ok || len(s) != 0 {
				t.Fatalf("drained reader: %d items ok %v, want end of stream", len(s), ok)
			}
			m.r.Close()
		}
		if refs := w.s.refs.Load(); refs != 0 {
			t.Fatalf("%d references left after every end closed", refs)
		}
	})
}

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "beyond") {
			t.Fatalf("recovered %v, want a panic about going beyond the slice", r)
		}
	}()
	f()
}
