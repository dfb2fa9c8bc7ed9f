// Package pino provides a 'pino' that scripts (and Baileys' logger option)
// can call any way pino allows: pino(), pino({ level }), pino(destination),
// .child(), level get/set, isLevelEnabled, the six level methods, flush.
// Levels are honoured ('silent' turns a logger off) and records go to the
// bot's log with their bindings and merged object fields as attributes.
package pino

import (
	"context"
	_ "embed"
	"log/slog"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/util"
	"github.com/botrt/botrt/runtime"
)

//go:embed pino.js
var source string

var prog = &jsx.Source{Name: "botrt:pino.js", Code: source}

// slog levels for pino's: trace below debug, fatal above error.
var levels = map[string]slog.Level{
	"trace": slog.LevelDebug - 4, "debug": slog.LevelDebug, "info": slog.LevelInfo,
	"warn": slog.LevelWarn, "error": slog.LevelError, "fatal": slog.LevelError + 4,
}

// Module is require('pino').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		u, err := util.Exports(vm)
		if err != nil {
			return nil, err
		}
		native := vm.NewObject()
		_ = native.Set("inspect", u.Get("inspect"))
		_ = native.Set("format", u.Get("format"))
		log := bot.Logger()
		jsx.Set(vm, native, "pino", map[string]jsx.Fn{
			"log": func(call goja.FunctionCall) goja.Value {
				level := levels[call.Argument(0).String()]
				if !log.Enabled(context.Background(), level) {
					return goja.Undefined()
				}
				var pairs [][]string
				if err := vm.ExportTo(call.Argument(2), &pairs); err != nil {
					jsx.TypeError(vm, "pino: bad attributes: %v", err)
				}
				attrs := make([]any, 0, 2*len(pairs))
				for _, p := range pairs {
					if len(p) == 2 {
						attrs = append(attrs, p[0], p[1])
					}
				}
				log.Log(context.Background(), level, call.Argument(1).String(), attrs...)
				return goja.Undefined()
			},
		})
		return prog.Run(vm, native)
	})
}
