// Package lang fills language-level gaps of goja that npm code and bots
// rely on: Symbol.asyncIterator, Error.captureStackTrace and
// Error.stackTraceLimit, and the `performance` global (now, timeOrigin,
// mark/measure), also as the 'perf_hooks' module.
package lang

import (
	_ "embed"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed lang.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:lang.js", Code: source}
	modKey = goja.NewSymbol("botrt.lang")
)

// Global patches Symbol and Error at once (cheap) and installs
// `performance` lazily.
func Global() runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		if _, err := exports(bot.Runtime()); err != nil {
			return err
		}
		vm := bot.Runtime()
		return jsx.Lazy(vm, []string{"performance"}, func() (*goja.Object, error) {
			v, err := exports(vm)
			if err != nil {
				return nil, err
			}
			return v.ToObject(vm), nil
		})
	})
}

// PerfHooksModule is require('perf_hooks').
func PerfHooksModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot.Runtime()) })
}

func exports(vm *goja.Runtime) (goja.Value, error) {
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		origin := time.Now()
		native := vm.NewObject()
		if err := native.Set("timeOrigin", float64(origin.UnixNano())/1e6); err != nil {
			return nil, err
		}
		jsx.Set(vm, native, "performance", map[string]jsx.Fn{
			"now": func(goja.FunctionCall) goja.Value {
				return vm.ToValue(float64(time.Since(origin).Nanoseconds()) / 1e6)
			},
		})
		return prog.Run(vm, native)
	})
}
