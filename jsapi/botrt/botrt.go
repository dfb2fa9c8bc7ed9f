// Package botrt is the 'botrt' module scripts require for what botrt adds to
// Node and Baileys: today the bot's persistent key-value store,
//
//	const { kv } = require('botrt')
//	kv.set('count', (kv.get('count') ?? 0) + 1)
//
// Values are stored as JSON in the bot's own namespace of the badger store,
// so they survive reloads and restarts. Calls are synchronous: a badger read
// or write takes microseconds. Typings: types/botrt.d.ts.
package botrt

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/store"
)

// New returns the module, backed by db.
func New(db *store.DB) runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		kv, err := db.KV(bot.Name())
		if err != nil {
			return nil, err
		}
		vm := bot.Runtime()
		obj, err := kvObject(vm, kv)
		if err != nil {
			return nil, err
		}
		exports := vm.NewObject()
		if err := exports.Set("kv", obj); err != nil {
			return nil, err
		}
		return exports, nil
	})
}

// kvObject builds the kv API over one bot's namespace.
func kvObject(vm *goja.Runtime, kv *store.KV) (*goja.Object, error) {
	json := vm.Get("JSON").ToObject(vm)
	stringify, _ := goja.AssertFunction(json.Get("stringify"))
	parse, _ := goja.AssertFunction(json.Get("parse"))

	key := func(method string, v goja.Value) string {
		s, ok := v.Export().(string)
		if !ok {
			panic(vm.NewTypeError("kv.%s: the key must be a string, got %s", method, typeOf(v)))
		}
		return s
	}
	fail := func(err error) {
		panic(vm.NewGoError(err))
	}
	methods := map[string]func(goja.FunctionCall) goja.Value{
		"get": func(c goja.FunctionCall) goja.Value {
			raw, ok, err := kv.Get(key("get", c.Argument(0)))
			if err != nil {
				fail(err)
			}
			if !ok {
				return goja.Undefined()
			}
			v, err := parse(goja.Undefined(), vm.ToValue(string(raw)))
			if err != nil {
				fail(fmt.Errorf("kv.get: stored value is not JSON: %w", err))
			}
			return v
		},
		"set": func(c goja.FunctionCall) goja.Value {
			k := key("set", c.Argument(0))
			text, err := stringify(goja.Undefined(), c.Argument(1))
			if err != nil {
				panic(err) // a throwing toJSON, a BigInt, a cycle: the script's own TypeError
			}
			if goja.IsUndefined(text) {
				panic(vm.NewTypeError("kv.set(%q): %s cannot be stored as JSON; use kv.delete to remove a key", k, typeOf(c.Argument(1))))
			}
			if err := kv.Set(k, []byte(text.String())); err != nil {
				fail(err)
			}
			return goja.Undefined()
		},
		"delete": func(c goja.FunctionCall) goja.Value {
			k := key("delete", c.Argument(0))
			had, err := kv.Has(k)
			if err == nil && had {
				err = kv.Delete(k)
			}
			if err != nil {
				fail(err)
			}
			return vm.ToValue(had)
		},
		"has": func(c goja.FunctionCall) goja.Value {
			ok, err := kv.Has(key("has", c.Argument(0)))
			if err != nil {
				fail(err)
			}
			return vm.ToValue(ok)
		},
		"keys": func(c goja.FunctionCall) goja.Value {
			prefix := ""
			if p := c.Argument(0); !goja.IsUndefined(p) {
				prefix = key("keys", p)
			}
			keys, err := kv.Keys(prefix)
			if err != nil {
				fail(err)
			}
			out := make([]any, len(keys))
			for i, k := range keys {
				out[i] = k
			}
			return vm.NewArray(out...)
		},
	}
	obj := vm.NewObject()
	for name, fn := range methods {
		if err := obj.Set(name, runtime.SafeFunc(vm, fn)); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

func typeOf(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	if _, ok := goja.AssertFunction(v); ok {
		return "a function"
	}
	if t := v.ExportType(); t != nil {
		return "a " + t.Kind().String()
	}
	return v.String()
}
