// Package events provides Node's 'events' module: the EventEmitter class
// (on/once/off/emit/prepend*, removeAllListeners, listenerCount, max-listener
// warnings, 'error' events that throw when nobody listens, events.once). One
// class per bot runtime is shared by the module and by other built-ins that
// extend it (process, readline, fs streams).
package events

import (
	_ "embed"
	"fmt"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed events.js
var source string

var (
	prog     = &jsx.Source{Name: "botrt:events.js", Code: source}
	classKey = goja.NewSymbol("botrt.EventEmitter")
)

// Module is require('events'): the EventEmitter class itself, which also
// carries .EventEmitter, .once and .defaultMaxListeners, as in Node.
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		return Class(bot.Runtime())
	})
}

// Class returns the runtime's EventEmitter constructor.
func Class(vm *goja.Runtime) (*goja.Object, error) {
	v, err := jsx.Cached(vm, classKey, func() (goja.Value, error) { return prog.Run(vm, nil) })
	if err != nil {
		return nil, err
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("events: EventEmitter is not an object")
	}
	return obj, nil
}

// New returns a new EventEmitter instance for Go-built objects.
func New(vm *goja.Runtime) (*goja.Object, error) {
	c, err := Class(vm)
	if err != nil {
		return nil, err
	}
	return vm.New(c)
}
