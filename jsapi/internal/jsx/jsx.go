// Package jsx holds the small helpers every jsapi module shares: exposing Go
// functions to scripts so that a Go panic becomes a catchable JS error instead
// of crashing the bot's loop, building Node-style errors with a `code`, and
// running a module written in JavaScript (embedded, compiled once per process).
package jsx

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/dop251/goja"
)

var gojaPkg = reflect.TypeOf(goja.Undefined()).PkgPath()

// Fn is the shape of every Go function exposed to scripts.
type Fn func(goja.FunctionCall) goja.Value

// Func wraps fn so that a Go panic inside it (a bug, a nil map, an index out of
// range) is thrown into the script as an Error naming name, where try/catch can
// see it. Values the function throws on purpose (panic(vm.NewTypeError(...)))
// and goja's own control flow pass through unchanged.
func Func(vm *goja.Runtime, name string, fn Fn) goja.Value {
	return vm.ToValue(func(call goja.FunctionCall) (ret goja.Value) {
		defer rethrow(vm, name)
		return fn(call)
	})
}

// Ctor is Func for constructors (called with new).
func Ctor(vm *goja.Runtime, name string, fn func(goja.ConstructorCall) *goja.Object) goja.Value {
	return vm.ToValue(func(call goja.ConstructorCall) (ret *goja.Object) {
		defer rethrow(vm, name)
		return fn(call)
	})
}

// rethrow is deferred by every exposed function: JS throws continue, anything
// else becomes a JS Error.
func rethrow(vm *goja.Runtime, name string) {
	r := recover()
	if r == nil {
		return
	}
	switch r.(type) {
	case goja.Value, *goja.Exception, *goja.InterruptedError, *goja.StackOverflowError:
		panic(r)
	}
	// goja's own conversions (ToFloat on a Symbol, ...) throw by panicking
	// with unexported types that goja turns into the right JS error.
	if t := reflect.TypeOf(r); t != nil && (t.PkgPath() == gojaPkg || t.Kind() == reflect.Pointer && t.Elem().PkgPath() == gojaPkg) {
		panic(r)
	}
	panic(vm.NewGoError(fmt.Errorf("internal error in %s (a botrt bug, please report it): %v", name, r)))
}

// Set defines each function of fns on obj, wrapped by Func with the name
// prefix+"."+key.
func Set(vm *goja.Runtime, obj *goja.Object, prefix string, fns map[string]Fn) {
	for k, fn := range fns {
		must(obj.Set(k, Func(vm, prefix+"."+k, fn)))
	}
}

// must panics on an error from defining a property; those only fail for
// frozen objects, which would be a bug in this package's callers.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Error builds a JS error of the given constructor ("Error", "TypeError",
// "RangeError") with message and, when code is not empty, Node's `code`.
func Error(vm *goja.Runtime, ctor, code, message string) *goja.Object {
	c, ok := goja.AssertConstructor(vm.Get(ctor))
	if !ok {
		c, _ = goja.AssertConstructor(vm.Get("Error"))
	}
	obj, err := c(nil, vm.ToValue(message))
	if err != nil {
		return vm.NewGoError(errors.New(message))
	}
	if code != "" {
		must(obj.Set("code", code))
	}
	return obj
}

// Throw throws an Error with a Node error code.
func Throw(vm *goja.Runtime, code, format string, args ...any) {
	panic(Error(vm, "Error", code, fmt.Sprintf(format, args...)))
}

// TypeError throws a TypeError with code ERR_INVALID_ARG_TYPE, the error Node
// gives for arguments of the wrong type.
func TypeError(vm *goja.Runtime, format string, args ...any) {
	panic(Error(vm, "TypeError", "ERR_INVALID_ARG_TYPE", fmt.Sprintf(format, args...)))
}

// RangeError throws a RangeError with code ERR_OUT_OF_RANGE.
func RangeError(vm *goja.Runtime, format string, args ...any) {
	panic(Error(vm, "RangeError", "ERR_OUT_OF_RANGE", fmt.Sprintf(format, args...)))
}

// String returns argument i as a Go string, throwing a TypeError naming what
// when it is not a string.
func String(vm *goja.Runtime, call goja.FunctionCall, i int, what string) string {
	v := call.Argument(i)
	s, ok := v.Export().(string)
	if !ok {
		TypeError(vm, "The %q argument must be of type string. Received %s", what, Describe(v))
	}
	return s
}

// Callable returns argument i as a function, throwing a TypeError naming what
// when it is not one.
func Callable(vm *goja.Runtime, call goja.FunctionCall, i int, what string) goja.Callable {
	fn, ok := goja.AssertFunction(call.Argument(i))
	if !ok {
		TypeError(vm, "The %q argument must be of type function. Received %s", what, Describe(call.Argument(i)))
	}
	return fn
}

// Describe names a value the way Node's argument errors do ("type number (42)").
func Describe(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	switch x := v.Export().(type) {
	case string:
		if len(x) > 28 {
			x = x[:25] + "..."
		}
		return fmt.Sprintf("type string (%q)", x)
	case bool, int64, float64:
		return fmt.Sprintf("type %T (%s)", x, v.String())
	}
	if _, ok := goja.AssertFunction(v); ok {
		return "function"
	}
	if o, ok := v.(*goja.Object); ok {
		return "an instance of " + o.ClassName()
	}
	return v.ExportType().String()
}

// Source is a module written in JavaScript: the text of one function
// expression taking a single object of Go helpers (`native`) and returning the
// module's value. It is compiled once per process and run in each runtime.
type Source struct {
	Name string // file name shown in stack traces
	Code string

	once sync.Once
	prg  *goja.Program
	err  error
}

// Run evaluates the source in vm and calls it with native.
func (s *Source) Run(vm *goja.Runtime, native goja.Value) (goja.Value, error) {
	s.once.Do(func() { s.prg, s.err = goja.Compile(s.Name, "("+s.Code+")", true) })
	if s.err != nil {
		return nil, fmt.Errorf("compiling built-in %s: %w", s.Name, s.err)
	}
	fv, err := vm.RunProgram(s.prg)
	if err != nil {
		return nil, fmt.Errorf("running built-in %s: %w", s.Name, err)
	}
	fn, ok := goja.AssertFunction(fv)
	if !ok {
		return nil, fmt.Errorf("built-in %s does not evaluate to a function", s.Name)
	}
	if native == nil {
		native = goja.Undefined()
	}
	v, err := fn(goja.Undefined(), native)
	if err != nil {
		return nil, fmt.Errorf("initialising built-in %s: %w", s.Name, err)
	}
	return v, nil
}

// Cached returns the value build makes for vm, building it once per runtime.
// Modules use it to share one instance of a class within a bot (the
// EventEmitter that process, readline and streams all extend). The value is
// kept on the global object under key, a Symbol private to the caller.
func Cached(vm *goja.Runtime, key *goja.Symbol, build func() (goja.Value, error)) (goja.Value, error) {
	g := vm.GlobalObject()
	if v := g.GetSymbol(key); v != nil && !goja.IsUndefined(v) {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	if err := g.DefineDataPropertySymbol(key, v, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return nil, fmt.Errorf("caching %s: %w", key, err)
	}
	return v, nil
}

// Lazy defines names as globals whose value is built on first use: build
// runs once per runtime, when a script first reads any of the names, and
// returns an object holding all of them. Most bots touch few of the globals
// (fetch, URL, crypto, AbortController ...), so installing them this way
// keeps a bot's start (and every reload) cheap. Assigning a name replaces it
// without building anything.
func Lazy(vm *goja.Runtime, names []string, build func() (*goja.Object, error)) error {
	g := vm.GlobalObject()
	var built *goja.Object
	get := func() *goja.Object {
		if built == nil {
			obj, err := build()
			if err != nil {
				panic(vm.NewGoError(fmt.Errorf("initialising %v: %w", names, err)))
			}
			built = obj
		}
		return built
	}
	// Like Node's, the globals are writable, configurable and not enumerable.
	define := func(name string, v goja.Value) {
		must(g.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
	for _, name := range names {
		getter := Func(vm, name, func(goja.FunctionCall) goja.Value {
			v := get().Get(name)
			if v == nil {
				v = goja.Undefined()
			}
			define(name, v)
			return v
		})
		setter := Func(vm, name, func(c goja.FunctionCall) goja.Value {
			define(name, c.Argument(0))
			return goja.Undefined()
		})
		if err := g.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("defining global %s: %w", name, err)
		}
	}
	return nil
}
