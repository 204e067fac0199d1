package buffer

import (
	"errors"
	"fmt"
	"reflect"
)

// Errors returned when a buffer cannot be made. Match them with errors.Is;
// an *ItemTypeError carries the details of a refused item type.
var (
	// ErrZeroSizeItem means the item type occupies no memory (struct{}, [0]int).
	ErrZeroSizeItem = errors.New("buffer: item type has zero size")
	// ErrPointerItem means the item type contains Go pointers. Mapped memory
	// is invisible to the garbage collector, so such items would dangle.
	ErrPointerItem = errors.New("buffer: item type contains Go pointers")
	// ErrTooLarge means the requested capacity overflows the address space.
	ErrTooLarge = errors.New("buffer: requested size too large")
	// ErrUnsupported means the platform cannot double-map memory
	// (for example Windows older than 10 version 1803).
	ErrUnsupported = errors.New("buffer: double mapping not supported on this platform")
)

// ItemTypeError reports an item type that cannot live in mapped memory.
// Err is ErrZeroSizeItem or ErrPointerItem.
type ItemTypeError struct {
	Type reflect.Type // the item type given to the constructor
	Path string       // where the offending part is, e.g. ".Hdr.Name" or "[0]"; empty for Type itself
	Kind reflect.Kind // the kind found at Path
	Err  error
}

func (e *ItemTypeError) Error() string {
	if e.Err == ErrZeroSizeItem {
		return fmt.Sprintf("%v: %v", e.Err, e.Type)
	}
	where := "itself"
	if e.Path != "" {
		where = "at " + e.Path
	}
	return fmt.Sprintf("%v: %v is a %v %s", e.Err, e.Type, e.Kind, where)
}

// Unwrap returns the sentinel (ErrZeroSizeItem or ErrPointerItem).
func (e *ItemTypeError) Unwrap() error { return e.Err }

// checkItemType refuses types that have zero size or hold Go pointers.
func checkItemType(t reflect.Type) error {
	if t.Size() == 0 {
		return &ItemTypeError{Type: t, Kind: t.Kind(), Err: ErrZeroSizeItem}
	}
	if path, kind, ok := findPointer(t, ""); ok {
		return &ItemTypeError{Type: t, Path: path, Kind: kind, Err: ErrPointerItem}
	}
	return nil
}

// findPointer walks t through arrays and struct fields and returns the path
// and kind of the first part that the garbage collector would have to scan.
func findPointer(t reflect.Type, path string) (string, reflect.Kind, bool) {
	switch t.Kind() {
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return "", 0, false
	case reflect.Array:
		if t.Len() == 0 {
			return "", 0, false // no element is ever stored
		}
		return findPointer(t.Elem(), path+"[0]")
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if p, k, ok := findPointer(f.Type, path+"."+f.Name); ok {
				return p, k, true
			}
		}
		return "", 0, false
	default: // Pointer, UnsafePointer, Slice, String, Map, Interface, Chan, Func
		return path, t.Kind(), true
	}
}
