// Package axios provides an 'axios' over the built-in fetch, because the
// real package's Node build needs http, https, stream and zlib, which bots
// do not get. It covers what bots use: axios(config), get/post/put/patch/
// delete/head/options, create() with defaults and baseURL, params, JSON and
// form bodies, auth, timeout and signal, responseType json/text/arraybuffer,
// validateStatus, interceptors, and AxiosError with response/status/code.
package axios

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed axios.js
var source string

var prog = &jsx.Source{Name: "botrt:axios.js", Code: source}

// Module is require('axios'). It needs the fetch, Buffer, URL and
// AbortSignal globals.
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return prog.Run(bot.Runtime(), nil) })
}
