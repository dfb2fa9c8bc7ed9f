// Package dotenv provides 'dotenv' and 'dotenv/config': config() reads a
// .env file (by default the scripts folder's) into the bot's own
// process.env, never the host's environment. Paths are confined to the
// bot's scripts and data folders.
package dotenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/runtime"
)

// Module is require('dotenv').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot), nil })
}

// ConfigModule is require('dotenv/config') (and import 'dotenv/config'):
// loading it runs config() once.
func ConfigModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		m := exports(bot)
		res := load(bot, m, goja.Undefined())
		if e := res.Get("error"); e != nil && !goja.IsUndefined(e) {
			bot.Logger().Warn("dotenv/config: " + e.String())
		}
		return bot.Runtime().NewObject(), nil
	})
}

func exports(bot runtime.Bot) *goja.Object {
	vm := bot.Runtime()
	m := vm.NewObject()
	jsx.Set(vm, m, "dotenv", map[string]jsx.Fn{
		"config": func(call goja.FunctionCall) goja.Value { return load(bot, m, call.Argument(0)) },
		"parse": func(call goja.FunctionCall) goja.Value {
			src := call.Argument(0).String()
			if o, ok := call.Argument(0).(*goja.Object); ok {
				if b, ok := o.Export().([]byte); ok {
					src = string(b)
				}
			}
			order, vals := parse(src)
			out := vm.NewObject()
			for _, k := range order {
				_ = out.Set(k, vals[k])
			}
			return out
		},
		"populate": func(call goja.FunctionCall) goja.Value {
			target, ok := call.Argument(0).(*goja.Object)
			src, ok2 := call.Argument(1).(*goja.Object)
			if !ok || !ok2 {
				jsx.TypeError(vm, "dotenv.populate(target, parsed): both arguments must be objects")
			}
			populate(target, src, overrideOpt(call.Argument(2)))
			return goja.Undefined()
		},
	})
	_ = m.Set("default", m)
	return m
}

func overrideOpt(opts goja.Value) bool {
	o, ok := opts.(*goja.Object)
	return ok && o.Get("override") != nil && o.Get("override").ToBoolean()
}

func populate(target, src *goja.Object, override bool) {
	for _, k := range src.Keys() {
		if cur := target.Get(k); cur != nil && !goja.IsUndefined(cur) && !override {
			continue
		}
		_ = target.Set(k, src.Get(k))
	}
}

// load is config(options): { parsed } on success, { error } otherwise, as
// dotenv returns them.
func load(bot runtime.Bot, m *goja.Object, opts goja.Value) *goja.Object {
	vm := bot.Runtime()
	res := vm.NewObject()
	paths := []string{".env"}
	encodingOK := true
	if o, ok := opts.(*goja.Object); ok {
		if p := o.Get("path"); p != nil && !goja.IsUndefined(p) {
			var list []string
			if err := vm.ExportTo(p, &list); err != nil {
				list = []string{p.String()}
			}
			paths = list
		}
		if e := o.Get("encoding"); e != nil && !goja.IsUndefined(e) {
			encodingOK = strings.EqualFold(strings.ReplaceAll(e.String(), "-", ""), "utf8")
		}
	}
	if !encodingOK {
		_ = res.Set("error", jsx.Error(vm, "Error", "ERR_BOTRT_ENCODING", "dotenv: only utf8 .env files are supported in botrt"))
		return res
	}
	parsed := vm.NewObject()
	var firstErr error
	for _, p := range paths {
		data, err := readConfined(bot, p)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		order, vals := parse(string(data))
		for _, k := range order {
			if cur := parsed.Get(k); cur == nil || goja.IsUndefined(cur) {
				_ = parsed.Set(k, vals[k])
			}
		}
	}
	if len(parsed.Keys()) == 0 && firstErr != nil {
		_ = res.Set("error", jsx.Error(vm, "Error", "ENOENT", firstErr.Error()))
		return res
	}
	if env, ok := processEnv(vm); ok {
		populate(env, parsed, overrideOpt(opts))
	}
	_ = res.Set("parsed", parsed)
	return res
}

// processEnv is the bot's own process.env.
func processEnv(vm *goja.Runtime) (*goja.Object, bool) {
	p, ok := vm.Get("process").(*goja.Object)
	if !ok {
		return nil, false
	}
	env, ok := p.Get("env").(*goja.Object)
	return env, ok
}

// readConfined reads a .env file: relative paths from the scripts folder;
// the file (after symlinks) must be in the scripts or data folder.
func readConfined(bot runtime.Bot, p string) ([]byte, error) {
	abs := p
	if !filepath.IsAbs(p) {
		abs = filepath.Join(bot.ScriptDir(), p)
	}
	real, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("dotenv: no .env file at %s", abs)
	}
	if err != nil {
		return nil, fmt.Errorf("dotenv: %w", err)
	}
	for _, root := range []string{bot.ScriptDir(), bot.DataDir()} {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(r, real); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return os.ReadFile(real)
		}
	}
	return nil, fmt.Errorf("dotenv: EACCES: %s is outside the bot's scripts and data folders", p)
}
