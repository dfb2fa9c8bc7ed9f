// Package querystring provides Node's legacy 'querystring' module (parse,
// stringify, escape, unescape and their decode/encode aliases).
package querystring

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed querystring.js
var source string

var prog = &jsx.Source{Name: "botrt:querystring.js", Code: source}

// Module is require('querystring').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return prog.Run(bot.Runtime(), nil) })
}
