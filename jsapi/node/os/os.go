// Package os provides a minimal Node 'os' module: constants and harmless
// facts (EOL, platform, arch, endianness, CPU count, memory totals). What
// would reveal the host (hostname, users, network interfaces) is given
// neutral values: tmpdir and homedir are the bot's data folder.
package os

import (
	"path/filepath"
	goruntime "runtime"
	"runtime/metrics"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

// Module is require('os').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		m := vm.NewObject()
		arch := goruntime.GOARCH
		if arch == "amd64" {
			arch = "x64"
		}
		constant := func(v any) jsx.Fn { return func(goja.FunctionCall) goja.Value { return vm.ToValue(v) } }
		jsx.Set(vm, m, "os", map[string]jsx.Fn{
			"platform":             constant(goruntime.GOOS),
			"type":                 constant("Linux"),
			"arch":                 constant(arch),
			"machine":              constant(goruntime.GOARCH),
			"release":              constant(""),
			"version":              constant(""),
			"endianness":           constant("LE"),
			"hostname":             constant("botrt"),
			"homedir":              constant(bot.DataDir()),
			"tmpdir":               constant(filepath.Join(bot.DataDir(), "tmp")),
			"loadavg":              func(goja.FunctionCall) goja.Value { return vm.ToValue([]any{0, 0, 0}) },
			"uptime":               func(goja.FunctionCall) goja.Value { return vm.ToValue(0) },
			"availableParallelism": constant(goruntime.NumCPU()),
			"cpus": func(goja.FunctionCall) goja.Value {
				cpus := make([]any, goruntime.NumCPU())
				for i := range cpus {
					cpus[i] = map[string]any{"model": "cpu", "speed": 0, "times": map[string]any{"user": 0, "nice": 0, "sys": 0, "idle": 0, "irq": 0}}
				}
				return vm.ToValue(cpus)
			},
			"totalmem": func(goja.FunctionCall) goja.Value { return vm.ToValue(totalMem()) },
			"freemem":  func(goja.FunctionCall) goja.Value { return vm.ToValue(totalMem() - heapUsed()) },
			"userInfo": func(goja.FunctionCall) goja.Value {
				return vm.ToValue(map[string]any{"username": "bot", "uid": -1, "gid": -1, "shell": nil, "homedir": bot.DataDir()})
			},
			"networkInterfaces": func(goja.FunctionCall) goja.Value { return vm.NewObject() },
		})
		for k, v := range map[string]any{
			"EOL": "\n", "devNull": "/dev/null",
			"constants": map[string]any{"signals": map[string]any{}, "errno": map[string]any{}, "priority": map[string]any{}},
		} {
			if err := m.Set(k, v); err != nil {
				return nil, err
			}
		}
		_ = m.Set("default", m)
		return m, nil
	})
}

// totalMem is the memory the Go runtime has mapped (a bot has no view of
// the machine's RAM).
func totalMem() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func heapUsed() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
