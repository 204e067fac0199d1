package jsonvalue

import (
	"encoding/json"
	"math"
	"testing"
)

func TestOfEncodesEverySettingKind(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{float32(1.5), `1.5`},
		{math.Inf(1), `"+Inf"`},
		{complex64(complex(1, -2)), `[1,-2]`},
		{[]float32{0.5, float32(math.NaN())}, `[0.5,"NaN"]`},
		{[]complex128{1i}, `[[0,1]]`},
		{[]byte("ab"), `"YWI="`},
		{"text", `"text"`},
		{nil, `null`},
	} {
		got, err := json.Marshal(Of(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("Of(%#v) encodes as %s (%v), want %s", c.in, got, err, c.want)
		}
	}
}
