// Package timers provides Node's 'timers' (the host's timer globals as a
// module) and 'timers/promises' (setTimeout/setImmediate as promises with
// AbortSignal support, setInterval as an async iterator, scheduler.wait).
package timers

import (
	_ "embed"
	"fmt"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed timers.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:timers.js", Code: source}
	modKey = goja.NewSymbol("botrt.timers")
)

// Module is require('timers').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot.Runtime()) })
}

// PromisesModule is require('timers/promises').
func PromisesModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		v, err := exports(bot.Runtime())
		if err != nil {
			return nil, err
		}
		return v.ToObject(bot.Runtime()).Get("promises"), nil
	})
}

// exports wraps the host's timer globals as they are when first required.
func exports(vm *goja.Runtime) (goja.Value, error) {
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		if _, ok := goja.AssertFunction(vm.Get("setTimeout")); !ok {
			return nil, fmt.Errorf("timers: the host installed no setTimeout")
		}
		return prog.Run(vm, vm.GlobalObject())
	})
}
