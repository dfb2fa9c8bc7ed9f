// Package readline provides Node's 'readline' and 'readline/promises'
// modules over the host's terminal: question() (callback, promisified and
// promise forms), prompt(), 'line' events and async iteration read lines
// from the shared Stdin when the host is interactive, and fail with a clear
// error otherwise. Prompts are shown on the host's terminal, tagged with the
// bot's name.
package readline

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/runtime"
)

//go:embed readline.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:readline.js", Code: source}
	modKey = goja.NewSymbol("botrt.readline")
)

// Config connects readline to the host's terminal.
type Config struct {
	// Stdin is where answers come from; nil or not Interactive makes every
	// question fail with ErrNotInteractive.
	Stdin       *Stdin
	Interactive bool
	// Prompt receives question texts and prompts; nil logs them instead.
	Prompt io.Writer
}

// Module is require('readline').
func Module(cfg Config) runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot, cfg) })
}

// PromisesModule is require('readline/promises').
func PromisesModule(cfg Config) runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		v, err := exports(bot, cfg)
		if err != nil {
			return nil, err
		}
		return v.ToObject(bot.Runtime()).Get("promises"), nil
	})
}

func exports(bot runtime.Bot, cfg Config) (goja.Value, error) {
	vm := bot.Runtime()
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		ee, err := events.Class(vm)
		if err != nil {
			return nil, err
		}
		interactive := cfg.Interactive && cfg.Stdin != nil
		native := vm.NewObject()
		var stdin goja.Value = goja.Undefined()
		if p := vm.Get("process"); p != nil && !goja.IsUndefined(p) {
			stdin = p.ToObject(vm).Get("stdin")
		}
		for k, v := range map[string]any{"EventEmitter": ee, "interactive": interactive, "stdin": stdin} {
			if err := native.Set(k, v); err != nil {
				return nil, err
			}
		}
		jsx.Set(vm, native, "readline", map[string]jsx.Fn{
			"notInteractive": func(goja.FunctionCall) goja.Value {
				return jsx.Error(vm, "Error", "ERR_BOTRT_NOT_INTERACTIVE", "readline: "+ErrNotInteractive.Error())
			},
			"prompt": func(call goja.FunctionCall) goja.Value {
				text := call.Argument(0).String()
				if cfg.Prompt != nil {
					fmt.Fprintf(cfg.Prompt, "[%s] %s", bot.Name(), text)
				} else {
					bot.Logger().Info("readline prompt: " + text)
				}
				return goja.Undefined()
			},
			"readLine": func(call goja.FunctionCall) goja.Value {
				cb := jsx.Callable(vm, call, 0, "callback")
				return readLine(bot, cfg.Stdin, cb)
			},
		})
		return prog.Run(vm, native)
	})
}

// readLine reads one line off the loop; the returned function cancels the
// read (the line then goes to the next reader).
func readLine(bot runtime.Bot, in *Stdin, cb goja.Callable) goja.Value {
	vm := bot.Runtime()
	ctx, cancel := context.WithCancel(bot.Context())
	complete := bot.RegisterCallback()
	go func() {
		defer cancel()
		line, err := in.ReadLine(ctx)
		if ctx.Err() != nil {
			complete(nil) // cancelled: nobody waits for this line any more
			return
		}
		complete(func() error {
			var cbErr error
			switch {
			case errors.Is(err, io.EOF):
				_, cbErr = cb(goja.Undefined(), jsx.Error(vm, "Error", "EOF", "the host's stdin was closed"))
			case err != nil:
				_, cbErr = cb(goja.Undefined(), jsx.Error(vm, "Error", "EIO", "reading the host's stdin: "+err.Error()))
			default:
				_, cbErr = cb(goja.Undefined(), goja.Null(), vm.ToValue(line))
			}
			return cbErr
		})
	}()
	return vm.ToValue(func(goja.FunctionCall) goja.Value { cancel(); return goja.Undefined() })
}
