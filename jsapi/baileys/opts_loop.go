package baileys

import (
	"context"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/protocol/errs"
)

// askLoop calls a script function from any goroutine but the bot's loop: ask runs on the loop and
// returns the function's result; when that is a promise (or any thenable) its settled value is
// taken. conv turns the value into Go data, on the loop. The wait ends with an error when ctx
// ends, after Config.HookBudget, or when the bot stops (a hot reload, a crash): the caller never
// waits on a script that cannot answer, and the script's late answer is dropped.
func askLoop[T any](ctx context.Context, st *botState, what string, ask func(vm *goja.Runtime) (goja.Value, error), conv func(vm *goja.Runtime, v goja.Value) (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	var zero T
	answer := make(chan result, 1)
	settle := func(v T, err error) {
		select {
		case answer <- result{v, err}:
		default: // settled already (a thenable calling back twice)
		}
	}
	queued := st.bot.RegisterCallback()(func() error {
		vm := st.bot.Runtime()
		onValue := func(v goja.Value) {
			out, err := conv(vm, v)
			settle(out, err)
		}
		ret, err := ask(vm)
		if err != nil {
			settle(zero, err)
			return nil
		}
		then, ok := thenOf(ret)
		if !ok {
			onValue(ret)
			return nil
		}
		resolved := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			onValue(call.Argument(0))
			return goja.Undefined()
		})
		rejected := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			settle(zero, fmt.Errorf("%s rejected: %s", what, call.Argument(0).String()))
			return goja.Undefined()
		})
		if _, err := then(ret, resolved, rejected); err != nil {
			settle(zero, err)
		}
		return nil
	})
	if !queued {
		return zero, errs.New(errs.ConnectionClosed, what+": the bot has stopped")
	}
	budget := time.NewTimer(st.cfg.HookBudget)
	defer budget.Stop()
	select {
	case r := <-answer:
		return r.v, r.err
	case <-budget.C:
		return zero, errs.New(errs.TimedOut, fmt.Sprintf("%s did not answer within %s", what, st.cfg.HookBudget))
	case <-ctx.Done():
		return zero, errs.Wrap(errs.TimedOut, what+": the caller gave up waiting", ctx.Err())
	case <-st.bot.Context().Done():
		return zero, errs.New(errs.ConnectionClosed, what+": the bot stopped before it answered")
	}
}

// thenOf returns v's then method when v is a thenable.
func thenOf(v goja.Value) (goja.Callable, bool) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	return goja.AssertFunction(obj.Get("then"))
}
