package buffer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

func TestRegionSizeIsSmallestCommonMultiple(t *testing.T) {
	for _, gran := range []uintptr{4096, 16384, 65536} {
		for _, item := range []uintptr{1, 3, 4, 8, 12, 16, 24, 4096, 4097} {
			for _, min := range []int{-1, 0, 1, 1000, 4096, 65537, 1 << 20} {
				t.Run(fmt.Sprintf("gran%d/item%d/min%d", gran, item, min), func(t *testing.T) {
					size, items, err := regionSize(min, item, gran)
					if err != nil {
						t.Fatal(err)
					}
					lcm := item / gcd(item, gran) * gran
					want := max(min, 1)
					switch {
					case size%gran != 0 || size%item != 0:
						t.Errorf("size %d not a multiple of granularity %d and item size %d", size, gran, item)
					case uintptr(items)*item != size:
						t.Errorf("capacity %d items of %d bytes != size %d", items, item, size)
					case items < want:
						t.Errorf("capacity %d < asked %d", items, want)
					case size > lcm && uintptr(want)*item <= size-lcm:
						t.Errorf("size %d is not the smallest: %d would do", size, size-lcm)
					}
				})
			}
		}
	}
}

func TestRegionSizeOverflow(t *testing.T) {
	for _, tc := range []struct {
		min  int
		item uintptr
		gran uintptr
	}{
		{int(^uint(0) >> 1), 8, 4096},
		{int(^uint(0)>>1) / 3, 4, 4096},
		{1, ^uintptr(0)/2 + 1, 4096},
		{1, ^uintptr(0) - 1, 65536},
	} {
		if _, _, err := regionSize(tc.min, tc.item, tc.gran); !errors.Is(err, ErrTooLarge) {
			t.Errorf("regionSize(%d, %d, %d) error = %v, want ErrTooLarge", tc.min, tc.item, tc.gran, err)
		}
	}
}

// checkSizing builds a real buffer of T and checks its capacity rules.
func checkSizing[T any](t *testing.T) {
	var zero T
	item := int(unsafe.Sizeof(zero))
	t.Run(fmt.Sprintf("%d-byte items", item), func(t *testing.T) {
		for _, min := range []int{0, 1, 5000} {
			d, err := NewDoubleMapped[T](min)
			if err != nil {
				t.Fatal(err)
			}
			bytes := d.Capacity() * item
			if d.Capacity() < min || bytes%int(granularity()) != 0 {
				t.Errorf("min %d: capacity %d (%d bytes) does not fit granularity %d", min, d.Capacity(), bytes, granularity())
			}
			w := d.Window(d.Capacity(), d.Capacity())
			if len(w) != d.Capacity() || cap(w) != len(w) {
				t.Errorf("window len %d cap %d, want %d", len(w), cap(w), d.Capacity())
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestCapacityRoundsToGranularityAndItemSize(t *testing.T) {
	checkSizing[[1]byte](t)
	checkSizing[[3]byte](t)
	checkSizing[uint32](t)
	checkSizing[float64](t)
	checkSizing[[12]byte](t)
	checkSizing[complex128](t)
	checkSizing[[24]byte](t)
	checkSizing[[4096]byte](t)
	checkSizing[[4097]byte](t)
}

func newTestBuffer[T any](t testing.TB, min int) *DoubleMapped[T] {
	t.Helper()
	d, err := NewDoubleMapped[T](min)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestWriteThroughOneHalfIsVisibleThroughTheOther(t *testing.T) {
	d := newTestBuffer[uint32](t, 1)
	n := d.Capacity()
	lower, upper := d.Window(0, n), d.Window(n, n)
	for i := range n {
		lower[i] = uint32(i) * 7
		if upper[i] != uint32(i)*7 {
			t.Fatalf("upper[%d] = %d after writing lower, want %d", i, upper[i], i*7)
		}
		upper[i] = ^uint32(i)
		if lower[i] != ^uint32(i) {
			t.Fatalf("lower[%d] = %d after writing upper, want %d", i, lower[i], ^uint32(i))
		}
	}
}

func TestWindowCrossingTheEndIsContiguous(t *testing.T) {
	d := newTestBuffer[[3]byte](t, 10000)
	n := d.Capacity()
	lower := d.Window(0, n)
	for i := range lower {
		lower[i] = [3]byte{byte(i), byte(i >> 8), byte(i >> 16)}
	}
	for _, start := range []int{0, 1, n / 2, n - 1, n} {
		w := d.Window(start, n)
		for k := range w {
			i := (start + k) % n
			if w[k] != [3]byte{byte(i), byte(i >> 8), byte(i >> 16)} {
				t.Fatalf("window at %d: item %d = %v, want item %d", start, k, w[k], i)
			}
		}
	}
}

func TestAppendNeverWritesIntoTheRing(t *testing.T) {
	d := newTestBuffer[byte](t, 1)
	w := d.Window(0, 10)
	w = append(w, 42)
	if d.Window(10, 1)[0] == 42 {
		t.Fatal("append wrote into the mapped region")
	}
	_ = w
}

func TestWindowPanicsOutOfRange(t *testing.T) {
	d := newTestBuffer[byte](t, 1)
	n := d.Capacity()
	for _, a := range [][2]int{{-1, 1}, {n + 1, 0}, {0, n + 1}, {0, -1}} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "out of range") {
					t.Errorf("Window(%d, %d) recovered %v, want an out-of-range panic", a[0], a[1], r)
				}
			}()
			d.Window(a[0], a[1])
		}()
	}
}

func TestCloseIsIdempotentAndWindowAfterClosePanics(t *testing.T) {
	d, err := NewDoubleMapped[float32](1)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "closed") {
			t.Errorf("Window after Close recovered %v, want a panic naming the closed buffer", r)
		}
	}()
	d.Window(0, 1)
}

type named struct {
	A int32
	B struct {
		C [2]float32
		D [1]struct{ E string }
	}
}

func TestItemTypesWithPointersOrZeroSizeAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func() error
		want error
		path string
		kind reflect.Kind
	}{
		{"struct{}", func() error { _, err := NewDoubleMapped[struct{}](1); return err }, ErrZeroSizeItem, "", reflect.Struct},
		{"[0]int", func() error { _, err := NewDoubleMapped[[0]int](1); return err }, ErrZeroSizeItem, "", reflect.Array},
		{"*int", func() error { _, err := NewDoubleMapped[*int](1); return err }, ErrPointerItem, "", reflect.Pointer},
		{"string", func() error { _, err := NewDoubleMapped[string](1); return err }, ErrPointerItem, "", reflect.String},
		{"[]byte", func() error { _, err := NewDoubleMapped[[]byte](1); return err }, ErrPointerItem, "", reflect.Slice},
		{"map", func() error { _, err := NewDoubleMapped[map[int]int](1); return err }, ErrPointerItem, "", reflect.Map},
		{"any", func() error { _, err := NewDoubleMapped[any](1); return err }, ErrPointerItem, "", reflect.Interface},
		{"chan", func() error { _, err := NewDoubleMapped[chan int](1); return err }, ErrPointerItem, "", reflect.Chan},
		{"func", func() error { _, err := NewDoubleMapped[func()](1); return err }, ErrPointerItem, "", reflect.Func},
		{"unsafe.Pointer", func() error { _, err := NewDoubleMapped[unsafe.Pointer](1); return err }, ErrPointerItem, "", reflect.UnsafePointer},
		{"[4]*int", func() error { _, err := NewDoubleMapped[[4]*int](1); return err }, ErrPointerItem, "[0]", reflect.Pointer},
		{"nested", func() error { _, err := NewDoubleMapped[named](1); return err }, ErrPointerItem, ".B.D[0].E", reflect.String},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.make()
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			var ite *ItemTypeError
			if !errors.As(err, &ite) {
				t.Fatalf("error %v is not an *ItemTypeError", err)
			}
			if ite.Path != tc.path || ite.Kind != tc.kind {
				t.Errorf("path %q kind %v, want %q %v (%v)", ite.Path, ite.Kind, tc.path, tc.kind, err)
			}
			if !strings.HasPrefix(err.Error(), "buffer: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
		})
	}
}

func TestPointerFreeCompositeTypesAreAccepted(t *testing.T) {
	type sample struct {
		I, Q int16
		Ts   uintptr
		F    [0]*int // zero-length: nothing stored
	}
	d := newTestBuffer[sample](t, 1)
	d.Window(0, 1)[0] = sample{I: 1, Q: 2}
}

// countLines counts the lines of a /proc file that contain substr.
func countLines(t *testing.T, path, substr string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("cannot read %s: %v", path, err)
	}
	return strings.Count(string(b), substr)
}

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot list fds: %v", err)
	}
	return len(ents)
}

func TestCreateCloseLeaksNoMappingAndNoFD(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "android" {
		t.Skip("counts mappings in /proc/self/maps")
	}
	cycles := 10000
	maps0, fds0 := countLines(t, "/proc/self/maps", "\n"), countFDs(t)
	ours0 := countLines(t, "/proc/self/maps", "flowrun-buffer")
	for range cycles {
		d, err := NewDoubleMapped[complex64](4096)
		if err != nil {
			t.Fatal(err)
		}
		d.Window(0, 1)[0] = 1
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	maps1, fds1 := countLines(t, "/proc/self/maps", "\n"), countFDs(t)
	ours1 := countLines(t, "/proc/self/maps", "flowrun-buffer")
	// The Go runtime may map a little memory of its own meanwhile; a leak would be 2 per cycle.
	if ours1 != ours0 || maps1-maps0 > 50 || fds1 != fds0 {
		t.Errorf("after %d cycles: our mappings %d -> %d, all mappings %d -> %d, fds %d -> %d",
			cycles, ours0, ours1, maps0, maps1, fds0, fds1)
	}
}

func TestCleanupReleasesTheMemoryOfAForgottenBuffer(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "android" {
		t.Skip("counts mappings in /proc/self/maps")
	}
	before := countLines(t, "/proc/self/maps", "flowrun-buffer")
	func() {
		for range 20 {
			if _, err := NewDoubleMapped[byte](1); err != nil {
				t.Fatal(err)
			}
		}
	}()
	if got := countLines(t, "/proc/self/maps", "flowrun-buffer"); got < before+20 {
		t.Fatalf("expected 20 new mappings, have %d more", got-before)
	}
	for range 100 {
		runtime.GC()
		if countLines(t, "/proc/self/maps", "flowrun-buffer") == before {
			return
		}
		runtime.Gosched()
	}
	t.Errorf("forgotten buffers still mapped: %d mappings, want %d",
		countLines(t, "/proc/self/maps", "flowrun-buffer"), before)
}

// forgottenWindow returns a window of a DoubleMapped that is dropped
// without Close, its items set to i+1.
func forgottenWindow(n int) []uint64 {
	d, err := NewDoubleMapped[uint64](n)
	if err != nil {
		panic(err)
	}
	w := d.Window(0, n)
	for i := range w {
		w[i] = uint64(i) + 1
	}
	return w
}

// readAll reads every item of w, turning a memory fault into faulted; bad is
// the first item that holds neither i+1 nor a fault, or -1.
func readAll(w []uint64) (faulted bool, bad int) {
	defer func() {
		if recover() != nil {
			faulted, bad = true, -1
		}
	}()
	for i, v := range w {
		if v != uint64(i)+1 {
			return false, i
		}
	}
	return false, -1
}

func TestWindowOfAForgottenBufferFaultsInsteadOfReadingOtherMemory(t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	w := forgottenWindow(4096)
	for deadline := time.Now().Add(10 * time.Second); ; {
		faulted, bad := readAll(w)
		if bad >= 0 {
			t.Fatalf("item %d reads %d", bad, w[bad])
		}
		if faulted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cleanup never released the forgotten buffer")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	var others []*DoubleMapped[uint64]
	for range 64 {
		d, err := NewDoubleMapped[uint64](len(w))
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, d)
		for i, o := 0, d.Window(0, d.Capacity()); i < len(o); i++ {
			o[i] = 0xdead0000
		}
	}
	if faulted, bad := readAll(w); !faulted {
		t.Errorf("the window of a retired buffer reads again (item %d)", bad)
	}
	for _, d := range others {
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRetireIsIdempotentAndWindowAfterRetirePanics(t *testing.T) {
	d, err := NewDoubleMapped[byte](1)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Retire(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close after Retire: %v", err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "closed") {
			t.Fatalf("Window after Retire: recover() = %v", r)
		}
	}()
	d.Window(0, 1)
}

func TestTempFileStrategy(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows maps pagefile-backed sections, no temp file")
	}
	t.Run("works in TMPDIR", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("TMPDIR", dir)
		d, err := newDoubleMapped[uint16](100, strategyTempFile)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		n := d.Capacity()
		d.Window(0, n)[n-1] = 99
		if d.Window(n, n)[n-1] != 99 {
			t.Error("halves not shared")
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("temp file not unlinked: %v", ents)
		}
	})
	t.Run("missing TMPDIR is a clear error", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "missing")
		t.Setenv("TMPDIR", missing)
		_, err := newDoubleMapped[uint16](100, strategyTempFile)
		if err == nil || !strings.Contains(err.Error(), "TMPDIR") || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("error = %v, want one naming TMPDIR and matching os.ErrNotExist", err)
		}
	})
	t.Run("default strategy ignores TMPDIR where it needs no file", func(t *testing.T) {
		t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
		d, err := NewDoubleMapped[uint16](100)
		if runtime.GOOS == "linux" || runtime.GOOS == "android" {
			if err != nil {
				t.Fatalf("memfd path failed: %v", err)
			}
			d.Close()
		} else if err == nil {
			t.Fatal("temp-file platform mapped without a usable TMPDIR")
		}
	})
}

func TestManyBuffersAliveAtOnce(t *testing.T) {
	const n = 600
	bufs := make([]*DoubleMapped[int64], 0, n)
	defer func() {
		for _, d := range bufs {
			d.Close()
		}
	}()
	for i := range n {
		d, err := NewDoubleMapped[int64](1000)
		if err != nil {
			t.Fatalf("buffer %d: %v", i, err)
		}
		d.Window(d.Capacity()-1, 2)[1] = int64(i) // lands on item 0 through the upper half
		bufs = append(bufs, d)
	}
	for i, d := range bufs {
		if got := d.Window(0, 1)[0]; got != int64(i) {
			t.Fatalf("buffer %d holds %d: buffers share memory", i, got)
		}
	}
}

func TestBufferOver4GiB(t *testing.T) {
	if strconv.IntSize < 64 {
		if _, err := NewDoubleMapped[[4]byte](1 << 30); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("4 GiB on 32-bit: error = %v, want ErrTooLarge", err)
		}
		return
	}
	if testing.Short() {
		t.Skip("maps 10 GiB of address space")
	}
	big := uint64(5) << 30 // items of 1 byte: 5 GiB
	d, err := NewDoubleMapped[byte](int(big))
	if err != nil {
		t.Skipf("no room for a 5 GiB mapping here: %v", err)
	}
	defer d.Close()
	n := d.Capacity()
	// Touch only a few pages: the memory is committed lazily.
	for _, i := range []int{0, int(big >> 1), n - 1} {
		d.Window(i, 1)[0] = byte(i>>20) + 1
		if got := d.Window(n, n)[i]; got != byte(i>>20)+1 {
			t.Fatalf("item %d: upper half reads %d", i, got)
		}
	}
}
