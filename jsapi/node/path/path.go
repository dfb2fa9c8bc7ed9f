// Package path provides Node's 'path' module (POSIX flavour). Relative paths
// resolve against the bot's working directory, which is its data folder
// (the same folder fs resolves relative paths against).
package path

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed path.js
var source string

var prog = &jsx.Source{Name: "botrt:path.js", Code: source}

// Module is require('path').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		native := vm.NewObject()
		jsx.Set(vm, native, "path", map[string]jsx.Fn{
			"cwd": func(goja.FunctionCall) goja.Value { return vm.ToValue(bot.DataDir()) },
		})
		return prog.Run(vm, native)
	})
}
