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
