package jsapi_test

import (
	"fmt"
	"io"
	"sync"

	"github.com/dop251/goja"
)

// lockedWriter serialises writes from bot goroutines in tests.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprint(l.w)
}

// fnOf asserts a JS function value.
func fnOf(v goja.Value) (func(this goja.Value, args ...goja.Value) (goja.Value, error), bool) {
	f, ok := goja.AssertFunction(v)
	if !ok {
		return nil, false
	}
	return func(this goja.Value, args ...goja.Value) (goja.Value, error) {
		if this == nil {
			this = goja.Undefined()
		}
		return f(this, args...)
	}, true
}
