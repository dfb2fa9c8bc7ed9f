// Package boom provides '@hapi/boom': the Boom class (an Error with isBoom,
// isServer, data and output {statusCode, payload {statusCode, error,
// message}, headers}), boomify, isBoom and the HTTP helpers. It is also how
// Go code (the Baileys module) builds the Boom-shaped errors scripts read as
// lastDisconnect.error.output.statusCode.
package boom

import (
	_ "embed"
	"fmt"
	"net/http"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed boom.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:boom.js", Code: source}
	modKey = goja.NewSymbol("botrt.boom")
)

// Module is require('@hapi/boom').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return Exports(bot.Runtime()) })
}

// Exports returns the runtime's @hapi/boom module object.
func Exports(vm *goja.Runtime) (*goja.Object, error) {
	v, err := jsx.Cached(vm, modKey, func() (goja.Value, error) {
		native := vm.NewObject()
		jsx.Set(vm, native, "boom", map[string]jsx.Fn{
			"statusText": func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(http.StatusText(int(call.Argument(0).ToInteger())))
			},
		})
		return prog.Run(vm, native)
	})
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}

// New builds `new Boom(message, { statusCode, data })` in vm; data may be nil
// (null). statusCode must be 400 or more.
func New(vm *goja.Runtime, message string, statusCode int, data goja.Value) (*goja.Object, error) {
	mod, err := Exports(vm)
	if err != nil {
		return nil, err
	}
	ctor, ok := goja.AssertConstructor(mod.Get("Boom"))
	if !ok {
		return nil, fmt.Errorf("boom: Boom is not a constructor")
	}
	opts := vm.NewObject()
	_ = opts.Set("statusCode", statusCode)
	if data == nil {
		data = goja.Null()
	}
	_ = opts.Set("data", data)
	return ctor(nil, vm.ToValue(message), opts)
}
