package httpstatus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/registry"
)

func TestOfMapsEachError(t *testing.T) {
	for err, want := range map[error]int{
		fmt.Errorf("x: %w", flowgraph.ErrUnknownBlock): http.StatusNotFound,
		registry.ErrUnknownParam:                       http.StatusNotFound,
		registry.ErrNotSettable:                        http.StatusConflict,
		fmt.Errorf("k: %w", block.ErrBadParam):         http.StatusBadRequest,
		context.DeadlineExceeded:                       http.StatusGatewayTimeout,
		context.Canceled:                               http.StatusServiceUnavailable,
		errors.New("refused"):                          http.StatusUnprocessableEntity,
	} {
		if got := Of(err); got != want {
			t.Errorf("Of(%v) = %d, want %d", err, got, want)
		}
	}
}
