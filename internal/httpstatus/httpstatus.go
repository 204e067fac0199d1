// Package httpstatus maps the errors of changing and reading a running
// graph's settings to HTTP statuses, for the control API and the web UI
// alike.
package httpstatus

import (
	"context"
	"errors"
	"net/http"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/registry"
)

// Of maps an error of flowgraph.Graph.Set or Get to an HTTP status: 404
// for an unknown block or parameter, 409 for one that is not settable, 400
// for a bad value, 504 when the block did not answer in time, 503 when the
// graph stopped, and 422 when the block refused the value.
func Of(err error) int {
	switch {
	case errors.Is(err, flowgraph.ErrUnknownBlock), errors.Is(err, registry.ErrUnknownParam):
		return http.StatusNotFound
	case errors.Is(err, registry.ErrNotSettable):
		return http.StatusConflict
	case errors.Is(err, block.ErrBadParam):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusUnprocessableEntity
}
