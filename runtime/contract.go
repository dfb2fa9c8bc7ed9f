// Package runtime hosts bot scripts: one goja runtime and one event loop per bot,
// the loader (esbuild), hot reload (fsnotify) and the watchdog. It knows goja and
// files and nothing of WhatsApp: jsapi plugs modules into it through the types
// declared in this file, which are the whole public contract between the two.
package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"

	"github.com/dop251/goja"
)

// Module is a JavaScript module the host provides to scripts (require('name'),
// import ... from 'name'). One value serves every bot; Instantiate is called
// once per bot runtime (so again after every hot reload), on that bot's loop
// goroutine, and returns the module's exports for that runtime.
type Module interface {
	Instantiate(bot Bot) (goja.Value, error)
}

// ModuleFunc adapts a function to Module.
type ModuleFunc func(bot Bot) (goja.Value, error)

// Instantiate calls f.
func (f ModuleFunc) Instantiate(bot Bot) (goja.Value, error) { return f(bot) }

// Global installs names into a bot's global scope (Buffer, TextEncoder, fetch,
// process, ...) before the bot's script runs. Called on the bot's loop goroutine.
type Global interface {
	Install(bot Bot) error
}

// GlobalFunc adapts a function to Global.
type GlobalFunc func(bot Bot) error

// Install calls f.
func (f GlobalFunc) Install(bot Bot) error { return f(bot) }

// Bot is what a module sees of the bot it serves. Runtime() and every goja
// value may only be touched on the bot's loop goroutine; the other methods are
// safe from any goroutine.
type Bot interface {
	// Name identifies the bot (its entry file name without extension).
	Name() string
	// Runtime is the bot's goja runtime. Loop goroutine only.
	Runtime() *goja.Runtime
	// Context is cancelled when this runtime stops (reload, delete, exit, host
	// shutdown). Work started for the bot must end when it is done.
	Context() context.Context
	// RegisterCallback reserves a slot on the bot's loop and keeps the bot's
	// async work accounted for until the slot is completed. The returned
	// function must be called exactly once, from any goroutine: with a function
	// to run it on the loop, or with nil to release the slot without running
	// anything. After the bot stopped, calls are dropped and return false.
	RegisterCallback() func(func() error) bool
	// DataDir is the bot's private data folder; fs access is confined to it.
	DataDir() string
	// ScriptDir is the folder the bot's script lives in (read-only for scripts).
	ScriptDir() string
	// Logger writes to the host log, tagged with the bot's name.
	Logger() *slog.Logger
	// Exit stops this bot only (process.exit in a script).
	Exit(code int)
}

// ErrorHooks lets a module take over the reporting of a bot's uncaught
// exceptions and unhandled promise rejections, as Node's
// process.on('uncaughtException' | 'unhandledRejection', ...) does. The
// host's Bot implements it; check with a type assertion.
type ErrorHooks interface {
	// SetErrorHandler installs h for this generation (loop goroutine only;
	// nil removes it). The host calls h on the loop with kind
	// "uncaughtException" (value: what was thrown) or "unhandledRejection"
	// (value: the rejection reason); when h returns false, or throws, the
	// host logs the error as it would without a handler. Either way the bot
	// keeps running.
	SetErrorHandler(h func(kind string, value goja.Value) (handled bool))
}

// RecoverPanic turns a Go panic in a function exposed to scripts into a JS
// exception the script can catch (a GoError naming the panic), instead of a
// crash of the whole bot. Defer it first thing in the exposed function:
//
//	obj.Set("f", func(call goja.FunctionCall) goja.Value {
//		defer runtime.RecoverPanic(vm)
//		...
//	})
//
// goja's own panics (thrown JS values, TypeErrors raised by goja calls,
// interrupts, stack overflows) pass through unchanged. A panic that escapes
// a function without this guard ends the bot's generation, which the host
// restarts with backoff.
func RecoverPanic(vm *goja.Runtime) {
	r := recover()
	if r == nil {
		return
	}
	if fromGoja(r) {
		panic(r)
	}
	panic(vm.NewGoError(fmt.Errorf("internal error in a host function (Go panic): %v", r)))
}

// SafeFunc wraps fn with RecoverPanic.
func SafeFunc(vm *goja.Runtime, fn func(goja.FunctionCall) goja.Value) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		defer RecoverPanic(vm)
		return fn(call)
	}
}

// fromGoja reports whether a panic value is one goja raises and handles.
func fromGoja(r any) bool {
	if _, ok := r.(goja.Value); ok {
		return true
	}
	t := reflect.TypeOf(r)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "github.com/dop251/goja"
}
