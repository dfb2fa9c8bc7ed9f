// Package jsconv is the one converter between protocol's Go value model
// (protocol/jsval) and goja values, following the rules in jsval's package
// comment: []byte ⇄ Buffer (always a copy), time.Time ⇄ Date, *jsval.Object
// ⇄ plain object in key order, errors → Boom-shaped errors. It runs on a
// bot's loop goroutine only, like every goja call.
package jsconv

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/shims/boom"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// maxDepth bounds nesting in both directions, so a cyclic script object is an
// error rather than a stack overflow.
const maxDepth = 64

// ToJS converts a Go value to a JS value in vm.
func ToJS(vm *goja.Runtime, v jsval.Value) (goja.Value, error) {
	return toJS(vm, v, 0)
}

func toJS(vm *goja.Runtime, v jsval.Value, depth int) (goja.Value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("jsconv: value nested deeper than %d levels", maxDepth)
	}
	switch x := v.(type) {
	case nil:
		return goja.Null(), nil
	case bool, string, int64, uint64, float64, int:
		return vm.ToValue(x), nil
	case []byte:
		return buffer.Wrap(vm, x)
	case time.Time:
		return vm.New(vm.Get("Date"), vm.ToValue(x.UnixMilli()))
	case *jsval.Object:
		obj := vm.NewObject()
		var err error
		x.Range(func(k string, item jsval.Value) bool {
			if jsval.IsUndefined(item) {
				return true
			}
			var jv goja.Value
			if jv, err = toJS(vm, item, depth+1); err != nil {
				return false
			}
			err = obj.Set(k, jv)
			return err == nil
		})
		if err != nil {
			return nil, err
		}
		return obj, nil
	case jsval.Array:
		items := make([]any, len(x))
		for i, item := range x {
			if jsval.IsUndefined(item) {
				items[i] = goja.Undefined()
				continue
			}
			jv, err := toJS(vm, item, depth+1)
			if err != nil {
				return nil, err
			}
			items[i] = jv
		}
		return vm.NewArray(items...), nil
	case error:
		return Error(vm, x)
	}
	if jsval.IsUndefined(v) {
		return goja.Undefined(), nil
	}
	return nil, fmt.Errorf("jsconv: %T is not a jsval value", v)
}

// Error builds the JS error a script sees for err: a Boom (instanceof the
// @hapi/boom shim's Boom) with Baileys' status code, or 500 for errors
// without one. A goja exception is passed through as the thrown value.
func Error(vm *goja.Runtime, err error) (goja.Value, error) {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value(), nil
	}
	b := errs.ToBoom(err)
	var data goja.Value
	if b.Data != nil {
		d, cerr := toJS(vm, b.Data, 1)
		if cerr != nil {
			return nil, cerr
		}
		data = d
	}
	return boom.New(vm, b.Message, b.StatusCode, data)
}

// FromJS converts a script's value to Go; path names the argument in errors
// ("content", "options.quoted"). Functions, symbols and class instances other
// than Buffer/typed arrays, Date and Error are rejected with a 400 error that
// names the key.
func FromJS(vm *goja.Runtime, v goja.Value, path string) (jsval.Value, error) {
	return fromJS(vm, v, path, 0)
}

func fromJS(vm *goja.Runtime, v goja.Value, path string, depth int) (jsval.Value, error) {
	if depth > maxDepth {
		return nil, errs.BadField(path, "nested deeper than %d levels (a cycle?)", maxDepth)
	}
	if v == nil || goja.IsUndefined(v) {
		return jsval.Undefined, nil
	}
	if goja.IsNull(v) {
		return nil, nil
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return nil, errs.BadField(path, "a symbol is not allowed here")
	}
	obj, isObj := v.(*goja.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case bool, string:
			return x, nil
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && x >= -(1<<63) && x < 1<<63 {
				return int64(x), nil
			}
			return x, nil
		}
		return nil, errs.BadField(path, "%s is not supported", v.ExportType())
	}
	if b, ok := buffer.Bytes(vm, obj); ok {
		return bytes.Clone(b), nil
	}
	switch obj.ClassName() {
	case "Function":
		return nil, errs.BadField(path, "a function is not allowed here")
	case "Date":
		if t, ok := obj.Export().(time.Time); ok {
			return t, nil
		}
		return nil, errs.BadField(path, "invalid Date")
	case "Error":
		return errors.New(obj.Get("message").String()), nil
	case "Array":
		n := int(obj.Get("length").ToInteger())
		out := make(jsval.Array, n)
		for i := 0; i < n; i++ {
			item, err := fromJS(vm, obj.Get(fmt.Sprint(i)), fmt.Sprintf("%s[%d]", path, i), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = item
		}
		return out, nil
	}
	if !plain(vm, obj) {
		return nil, errs.BadField(path, "an instance of %s is not allowed here (plain objects, arrays, Buffers and Dates only)", ctorName(obj))
	}
	out := jsval.NewObject()
	for _, k := range obj.Keys() {
		item, err := fromJS(vm, obj.Get(k), join(path, k), depth+1)
		if err != nil {
			return nil, err
		}
		out.Set(k, item)
	}
	return out, nil
}

// plain reports whether obj is an object literal (prototype Object.prototype
// or null), the only kind of object Baileys' content and options are.
func plain(vm *goja.Runtime, obj *goja.Object) bool {
	proto := obj.Prototype()
	if proto == nil {
		return true
	}
	objectProto := vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	return proto.SameAs(objectProto)
}

func ctorName(obj *goja.Object) string {
	if c, ok := obj.Get("constructor").(*goja.Object); ok {
		if n := c.Get("name"); n != nil && n.String() != "" {
			return n.String()
		}
	}
	return obj.ClassName()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
