// Package web installs the Web platform globals Node scripts expect:
// structuredClone, AbortController/AbortSignal, EventTarget/Event,
// DOMException, URL/URLSearchParams, and `global` as an alias of globalThis.
// It also provides the 'url' module.
package web

import (
	_ "embed"
	"net/url"
	"path/filepath"

	"github.com/dop251/goja"
	nodeurl "github.com/dop251/goja_nodejs/url"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

//go:embed web.js
var source string

//go:embed url.js
var urlFix string

var (
	prog   = &jsx.Source{Name: "botrt:web.js", Code: source}
	fixURL = &jsx.Source{Name: "botrt:url.js", Code: urlFix}
	urlKey = goja.NewSymbol("botrt.url")
)

// Global installs the globals listed in the package comment.
func Global() runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		vm := bot.Runtime()
		names := []string{"DOMException", "Event", "EventTarget", "AbortController", "AbortSignal", "structuredClone"}
		if err := jsx.Lazy(vm, names, func() (*goja.Object, error) {
			v, err := prog.Run(vm, nil)
			if err != nil {
				return nil, err
			}
			return v.ToObject(vm), nil
		}); err != nil {
			return err
		}
		if err := jsx.Lazy(vm, []string{"URL", "URLSearchParams"}, func() (*goja.Object, error) { return urlExports(bot) }); err != nil {
			return err
		}
		return vm.Set("global", vm.GlobalObject())
	})
}

// URLModule is require('url'): URL, URLSearchParams, fileURLToPath,
// pathToFileURL, domainToASCII/Unicode.
func URLModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return urlExports(bot) })
}

// urlExports builds goja_nodejs' WHATWG URL once per runtime and adds the
// file URL helpers.
func urlExports(bot runtime.Bot) (*goja.Object, error) {
	vm := bot.Runtime()
	v, err := jsx.Cached(vm, urlKey, func() (goja.Value, error) {
		mod := vm.NewObject()
		exp := vm.NewObject()
		if err := mod.Set("exports", exp); err != nil {
			return nil, err
		}
		nodeurl.Require(vm, mod)
		fixed, err := fixURL.Run(vm, exp.Get("URL"))
		if err != nil {
			return nil, err
		}
		if err := exp.Set("URL", fixed); err != nil {
			return nil, err
		}
		jsx.Set(vm, exp, "url", map[string]jsx.Fn{
			"fileURLToPath": func(call goja.FunctionCall) goja.Value {
				s := call.Argument(0).String() // a URL object stringifies to its href
				u, err := url.Parse(s)
				if err != nil || u.Scheme != "file" {
					panic(jsx.Error(vm, "TypeError", "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file"))
				}
				if u.Host != "" && u.Host != "localhost" {
					panic(jsx.Error(vm, "TypeError", "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on linux`))
				}
				return vm.ToValue(u.Path)
			},
			"pathToFileURL": func(call goja.FunctionCall) goja.Value {
				p := jsx.String(vm, call, 0, "path")
				if !filepath.IsAbs(p) { // relative to the working directory, the data folder
					p = filepath.Join(bot.DataDir(), p)
				}
				u := url.URL{Scheme: "file", Path: p}
				ctor, ok := goja.AssertConstructor(exp.Get("URL"))
				if !ok {
					panic(vm.NewTypeError("URL is not a constructor"))
				}
				obj, err := ctor(nil, vm.ToValue(u.String()))
				if err != nil {
					panic(err)
				}
				return obj
			},
		})
		for _, name := range []string{"parse", "format", "resolve"} {
			jsx.Set(vm, exp, "url", map[string]jsx.Fn{name: func(goja.FunctionCall) goja.Value {
				jsx.Throw(vm, "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM", "url.%s (the legacy URL API) is not implemented in botrt; use new URL(...)", name)
				return nil
			}})
		}
		return exp, nil
	})
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}
