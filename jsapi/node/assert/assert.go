// Package assert provides Node's 'assert' and 'assert/strict': ok, equal,
// strictEqual, deepStrictEqual (util.isDeepStrictEqual), deepEqual, match,
// throws/rejects with Node's expected-error forms, ifError, fail, and
// AssertionError with code ERR_ASSERTION.
package assert

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/util"
	"github.com/botrt/botrt/runtime"
)

//go:embed assert.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:assert.js", Code: source}
	modKey = goja.NewSymbol("botrt.assert")
)

// Module is require('assert').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot.Runtime()) })
}

// StrictModule is require('assert/strict').
func StrictModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		v, err := exports(bot.Runtime())
		if err != nil {
			return nil, err
		}
		return v.ToObject(bot.Runtime()).Get("strict"), nil
	})
}

func exports(vm *goja.Runtime) (goja.Value, error) {
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		u, err := util.Exports(vm)
		if err != nil {
			return nil, err
		}
		return prog.Run(vm, u)
	})
}
