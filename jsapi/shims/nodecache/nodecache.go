// Package nodecache provides 'node-cache' (and '@cacheable/node-cache'): an
// in-memory key-value cache with per-key TTL, expiry on access and by a
// periodic sweep that does not keep the bot alive, clones by default, stats
// and events. Written in JS over the shared EventEmitter.
package nodecache

import (
	_ "embed"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/runtime"
)

//go:embed nodecache.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:node-cache.js", Code: source}
	modKey = goja.NewSymbol("botrt.node-cache")
)

// Module is require('node-cache'): the NodeCache class.
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		return jsx.Cached(vm, modKey, func() (goja.Value, error) {
			ee, err := events.Class(vm)
			if err != nil {
				return nil, err
			}
			native := vm.NewObject()
			if err := native.Set("EventEmitter", ee); err != nil {
				return nil, err
			}
			return prog.Run(vm, native)
		})
	})
}
