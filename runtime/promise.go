package runtime

import (
	"errors"
	"sync"

	"github.com/dop251/goja"
)

// NewPromise is the usual shape of an async host call (k6's promises.New):
// it must be called on the bot's loop, returns the promise to hand to the
// script, and settle, which is called once from any goroutine when the work
// is done. settle runs fn on the loop; fn's value resolves the promise, its
// error rejects it (a *goja.Exception with the value thrown, other errors
// with a JS Error carrying the message). The promise keeps the bot alive
// until settled. Later settle calls are ignored; if the bot stopped first,
// nothing runs.
func NewPromise(bot Bot) (*goja.Promise, func(fn func(vm *goja.Runtime) (any, error))) {
	vm := bot.Runtime()
	p, resolve, reject := vm.NewPromise()
	done := bot.RegisterCallback()
	var once sync.Once
	return p, func(fn func(vm *goja.Runtime) (any, error)) {
		once.Do(func() {
			done(func() error {
				v, err := fn(vm)
				if err != nil {
					return reject(rejection(vm, err))
				}
				return resolve(v)
			})
		})
	}
}

// rejection is the JS value a Go error rejects a promise with.
func rejection(vm *goja.Runtime, err error) goja.Value {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	if e, newErr := vm.New(vm.Get("Error"), vm.ToValue(err.Error())); newErr == nil {
		return e
	}
	return vm.NewGoError(err)
}

// WhenSettled calls done on the loop once v settles: at once when v is not a
// promise (or thenable), else when it fulfils (value) or rejects (err is a
// *goja.Exception carrying the reason). Delivery code uses it to learn when
// an async handler finished, e.g. to advance a queue cursor. Loop goroutine
// only. The rejection counts as handled, so it is not also reported as
// unhandled; report it from done if it matters.
func WhenSettled(vm *goja.Runtime, v goja.Value, done func(value goja.Value, err error)) {
	obj, ok := v.(*goja.Object)
	if !ok {
		done(v, nil)
		return
	}
	then, ok := goja.AssertFunction(obj.Get("then"))
	if !ok {
		done(v, nil)
		return
	}
	onValue := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		done(call.Argument(0), nil)
		return goja.Undefined()
	})
	onError := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		done(nil, rejectionException(vm, call.Argument(0)))
		return goja.Undefined()
	})
	if _, err := then(obj, onValue, onError); err != nil {
		done(nil, err)
	}
}

// rejectionException turns a rejection reason into the *goja.Exception a
// throw of it would give (goja has no constructor for one).
func rejectionException(vm *goja.Runtime, reason goja.Value) error {
	throw, _ := goja.AssertFunction(vm.ToValue(func(call goja.FunctionCall) goja.Value { panic(call.Argument(0)) }))
	_, err := throw(goja.Undefined(), reason)
	return err
}
