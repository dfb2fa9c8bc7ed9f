// Package process provides the `process` global: env filtered to an
// allowlist (each bot gets its own copy, which dotenv fills), argv, platform
// and versions, cwd (the bot's data folder), exit (stops this bot only,
// after emitting 'exit'), an EventEmitter for on/once, nextTick, hrtime,
// memoryUsage, uptime, and stdout/stderr routed to the bot's log.
package process

import (
	"context"
	_ "embed"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/metrics"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/runtime"
)

//go:embed process.js
var source string

var prog = &jsx.Source{Name: "botrt:process.js", Code: source}

// NodeVersion is the Node release whose API botrt's built-ins follow.
const NodeVersion = "20.0.0"

// Config says what a bot's process object reveals of the host.
type Config struct {
	// Env names the host environment variables a bot may see; nothing else
	// of the host environment reaches scripts.
	Env []string
	// Args are appended to process.argv after the script's path.
	Args []string
	// Interactive is whether the host's stdin is a terminal a person types
	// into (process.stdin.isTTY).
	Interactive bool
	// Version is botrt's own version, in process.versions.botrt.
	Version string
}

// Global installs `process`.
func Global(cfg Config) runtime.Global {
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		start := time.Now()
		return jsx.Lazy(bot.Runtime(), []string{"process"}, func() (*goja.Object, error) { return build(bot, cfg, start) })
	})
}

// build makes the process object, the first time a script reads it.
func build(bot runtime.Bot, cfg Config, start time.Time) (*goja.Object, error) {
	vm := bot.Runtime()
	ee, err := events.Class(vm)
	if err != nil {
		return nil, err
	}
	native := vm.NewObject()
	env := vm.NewObject()
	for _, name := range cfg.Env {
		if v, ok := os.LookupEnv(name); ok {
			_ = env.Set(name, v)
		}
	}
	argv := append([]any{"botrt", filepath.Join(bot.ScriptDir(), bot.Name())}, toAny(cfg.Args)...)
	versions := vm.NewObject()
	_ = versions.Set("node", NodeVersion)
	_ = versions.Set("botrt", cfg.Version)
	_ = versions.Set("go", goruntime.Version())
	for k, v := range map[string]any{
		"EventEmitter": ee, "env": env, "argv": argv, "platform": goruntime.GOOS, "arch": archName(),
		"version": "v" + NodeVersion, "versions": versions, "pid": os.Getpid(), "cwd": bot.DataDir(),
		"interactive": cfg.Interactive,
	} {
		if err := native.Set(k, v); err != nil {
			return nil, err
		}
	}
	log := bot.Logger()
	jsx.Set(vm, native, "process", map[string]jsx.Fn{
		"exit": func(call goja.FunctionCall) goja.Value {
			bot.Exit(int(call.Argument(0).ToInteger()))
			return goja.Undefined()
		},
		"hrtime": func(goja.FunctionCall) goja.Value { return vm.ToValue(time.Since(processStart).Nanoseconds()) },
		"uptime": func(goja.FunctionCall) goja.Value { return vm.ToValue(time.Since(start).Seconds()) },
		"memoryUsage": func(goja.FunctionCall) goja.Value {
			return vm.ToValue(memoryUsage())
		},
		"log": func(call goja.FunctionCall) goja.Value {
			level := slog.LevelInfo
			switch call.Argument(0).String() {
			case "warn":
				level = slog.LevelWarn
			case "error":
				level = slog.LevelError
			}
			log.Log(context.Background(), level, call.Argument(1).String())
			return goja.Undefined()
		},
	})
	p, err := prog.Run(vm, native)
	if err != nil {
		return nil, err
	}
	if hooks, ok := bot.(runtime.ErrorHooks); ok {
		hooks.SetErrorHandler(errorListeners(vm, p.ToObject(vm)))
	}
	holder := vm.NewObject()
	return holder, holder.Set("process", p)
}

var processStart = time.Now()

// errorListeners hands a bot's uncaught exceptions and unhandled rejections to
// its process.on('uncaughtException' | 'unhandledRejection') listeners, as
// Node does; with no listener the host logs the error itself.
func errorListeners(vm *goja.Runtime, process *goja.Object) func(kind string, value goja.Value) bool {
	return func(kind string, value goja.Value) bool {
		count, ok := goja.AssertFunction(process.Get("listenerCount"))
		emit, ok2 := goja.AssertFunction(process.Get("emit"))
		if !ok || !ok2 {
			return false
		}
		n, err := count(process, vm.ToValue(kind))
		if err != nil || n.ToInteger() == 0 {
			return false
		}
		second := vm.ToValue("uncaughtException") // Node passes the origin for exceptions
		if kind == "unhandledRejection" {
			second = goja.Undefined() // and the promise for rejections, which the host does not keep
		}
		_, err = emit(process, vm.ToValue(kind), value, second)
		return err == nil
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// archName maps GOARCH to Node's process.arch names.
func archName() string {
	switch goruntime.GOARCH {
	case "amd64":
		return "x64"
	case "386":
		return "ia32"
	}
	return goruntime.GOARCH
}

// memoryUsage reports the host process's memory (goja has no per-runtime
// accounting, so every bot sees the same figures).
func memoryUsage() map[string]any {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(s)
	total, objects, unused := s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()
	return map[string]any{"rss": total, "heapTotal": objects + unused, "heapUsed": objects, "external": 0, "arrayBuffers": 0}
}
