// Package util provides Node's 'util' module: format/formatWithOptions,
// inspect (depth, showHidden, sorted, getters, breakLength, the
// util.inspect.custom hook), promisify/callbackify, inherits, deprecate,
// isDeepStrictEqual, types.*, TextEncoder/TextDecoder and the legacy is*
// predicates. It is written in JS; only promise state comes from Go.
package util

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/runtime"
)

//go:embed util.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:util.js", Code: source}
	modKey = goja.NewSymbol("botrt.util")
)

// Module is require('util').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return Exports(bot.Runtime()) })
}

// Exports returns the runtime's util module (shared with modules that format
// values, such as pino).
func Exports(vm *goja.Runtime) (*goja.Object, error) {
	v, err := jsx.Cached(vm, modKey, func() (goja.Value, error) {
		text, err := encoding.Classes(vm)
		if err != nil {
			return nil, err
		}
		native := vm.NewObject()
		for _, name := range []string{"TextEncoder", "TextDecoder"} {
			if err := native.Set(name, text.Get(name)); err != nil {
				return nil, err
			}
		}
		jsx.Set(vm, native, "util", map[string]jsx.Fn{
			"promiseState": func(call goja.FunctionCall) goja.Value {
				p, ok := call.Argument(0).Export().(*goja.Promise)
				if !ok {
					return vm.ToValue("<unknown>")
				}
				switch p.State() {
				case goja.PromiseStateFulfilled:
					return vm.ToValue(formatOne(vm, p.Result()))
				case goja.PromiseStateRejected:
					return vm.ToValue("<rejected> " + formatOne(vm, p.Result()))
				}
				return vm.ToValue("<pending>")
			},
		})
		return prog.Run(vm, native)
	})
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}

// formatOne inspects a settled promise's value through the module itself.
func formatOne(vm *goja.Runtime, v goja.Value) string {
	u, err := Exports(vm)
	if err != nil {
		return v.String()
	}
	inspect, ok := goja.AssertFunction(u.Get("inspect"))
	if !ok {
		return v.String()
	}
	s, err := inspect(goja.Undefined(), v)
	if err != nil {
		return v.String()
	}
	return s.String()
}
