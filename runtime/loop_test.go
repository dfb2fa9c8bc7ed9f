package runtime_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// The order Node 20 prints for this script (node order.js). Each ordering it checks is fixed by
// causality or by timers created at the same instant with different delays, never by how late the loop
// runs: on a loaded machine a 50ms interval created at load was already due with t1, and interval
// ticks (rescheduled when they fire) drifted past a 300ms timer set at load, in Node and here alike.
const orderScript = `
const log = []
log.push('sync-start')
let n = 0, intervalsDone
const ticked = new Promise(r => { intervalsDone = r })
setTimeout(() => {
  log.push('t1')
  const iv = setInterval(() => { log.push('interval-' + (++n)); if (n === 3) { clearInterval(iv); intervalsDone() } }, 50)
  setTimeout(() => log.push('t1-timeout0'), 0)
  setImmediate(() => log.push('t1-immediate'))
  Promise.resolve().then(() => log.push('t1-micro'))
  queueMicrotask(() => log.push('t1-qm'))
}, 0)
;(async () => {
  log.push('async-body')
  await null
  log.push('after-await-1')
  await ticked
  setTimeout(() => log.push('timeout-500'), 500)
  setTimeout(() => console.log(log.join(' ')), 600)
  await new Promise(r => setTimeout(r, 300))
  log.push('after-await-timer')
})()
Promise.resolve().then(() => log.push('micro-1'))
const cancelled = setTimeout(() => log.push('cancelled'), 10)
clearTimeout(+cancelled)
setTimeout((a, b) => console.log('args-' + a + b), 1, 'x', 'y')
log.push('sync-end')
`

const nodeOrder = "sync-start async-body sync-end after-await-1 micro-1 t1 t1-micro t1-qm t1-immediate t1-timeout0 interval-1 interval-2 interval-3 after-await-timer timeout-500"

func TestEventLoopOrderMatchesNode(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{Files: map[string]string{"order.js": orderScript}})
	e.WaitEvent("order", runtime.EventStarted)
	e.Logs.Wait(nodeOrder)
	e.Logs.Wait("args-xy")
	// Nothing is left to run afterwards, so the bot finishes, as node exits.
	if ev := e.WaitEvent("order", runtime.EventExited); ev.Code != 0 {
		t.Fatalf("exit %+v", ev)
	}
}

func TestUnrefTimersDoNotKeepTheBotAlive(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{Files: map[string]string{"bot.js": `
const never = setTimeout(() => console.log('never'), 60000)
never.unref()
if (never.hasRef()) throw new Error('still referenced')
const once = setInterval(() => { console.log('ran'); clearInterval(once) }, 1)
`}})
	e.WaitEvent("bot", runtime.EventExited)
	e.Logs.Wait("ran")
	if e.Logs.Count("never") != 0 {
		t.Fatal("unref'd timer fired")
	}
}

func TestTimerArgumentsAreChecked(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{Files: map[string]string{"bot.js": "setTimeout('alert(1)', 1)\n"}})
	ev := e.WaitEvent("bot", runtime.EventFailed)
	if ev.Err == nil || !strings.Contains(ev.Err.Error(), "setTimeout: the callback must be a function") {
		t.Fatalf("got %v", ev.Err)
	}
}

// slots exposes RegisterCallback to scripts so the contract can be tested.
type slots struct {
	mu   sync.Mutex
	held []func(func() error) bool
}

func (s *slots) module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		o := vm.NewObject()
		// later(fn): run fn on the loop from another goroutine.
		_ = o.Set("later", func(call goja.FunctionCall) goja.Value {
			fn, _ := goja.AssertFunction(call.Argument(0))
			done := bot.RegisterCallback()
			go done(func() error { _, err := fn(goja.Undefined()); return err })
			return goja.Undefined()
		})
		// twice(fn): complete one slot twice; tell the script what each call said.
		_ = o.Set("twice", func(call goja.FunctionCall) goja.Value {
			fn, _ := goja.AssertFunction(call.Argument(0))
			done := bot.RegisterCallback()
			go func() {
				first := done(func() error { _, err := fn(goja.Undefined(), vm.ToValue("first")); return err })
				second := done(func() error { _, err := fn(goja.Undefined(), vm.ToValue("second")); return err })
				report := bot.RegisterCallback()
				report(func() error { _, err := fn(goja.Undefined(), vm.ToValue(first), vm.ToValue(second)); return err })
			}()
			return goja.Undefined()
		})
		// hold(): reserve a slot and keep it for the test.
		_ = o.Set("hold", func(goja.FunctionCall) goja.Value {
			s.mu.Lock()
			s.held = append(s.held, bot.RegisterCallback())
			s.mu.Unlock()
			return goja.Undefined()
		})
		return o, nil
	})
}

func TestRegisterCallbackContract(t *testing.T) {
	runtimetest.NoLeaks(t)
	sl := &slots{}
	e := runtimetest.Start(t, runtimetest.Options{
		Files: map[string]string{"bot.js": `
const slots = require('slots')
slots.later(() => console.log('later ran'))
slots.twice((a, b) => console.log('twice:', a, b))
slots.hold()
`},
		Modules: map[string]runtime.Module{"slots": sl.module()},
	})
	e.WaitEvent("bot", runtime.EventStarted)
	e.Logs.Wait("later ran")
	e.Logs.Wait("twice: first")
	e.Logs.Wait("twice: true false")
	e.Logs.Wait("ERROR", "completed twice")
	if e.Logs.Count("twice: second") != 0 {
		t.Fatal("a slot ran twice")
	}
	// The held slot keeps the bot alive; once the bot stops, completing it
	// reports false and runs nothing.
	e.Remove("bot.js")
	e.WaitEvent("bot", runtime.EventStopped)
	sl.mu.Lock()
	held := sl.held[0]
	sl.mu.Unlock()
	ran := false
	if held(func() error { ran = true; return nil }) {
		t.Fatal("completing a slot of a stopped bot reported success")
	}
	if ran {
		t.Fatal("a slot of a stopped bot ran")
	}
}

// later is an async host function built with runtime.NewPromise: it settles
// from another goroutine with a value, an error, or a JS exception.
var later = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	return o, o.Set("run", func(call goja.FunctionCall) goja.Value {
		what := call.Argument(0).String()
		p, settle := runtime.NewPromise(bot)
		go func() {
			settle(func(vm *goja.Runtime) (any, error) {
				switch what {
				case "value":
					return map[string]any{"ok": true}, nil
				case "error":
					return nil, errors.New("upload failed: 413")
				default:
					_, err := vm.RunString("throw new RangeError('from js')")
					return nil, err
				}
			})
			settle(func(*goja.Runtime) (any, error) { panic("settled twice") })
		}()
		return vm.ToValue(p)
	})
})

func TestNewPromiseSettlesFromAnotherGoroutine(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{
		Files: map[string]string{"bot.js": `
const later = require('later')
;(async () => {
	const v = await later.run('value')
	const e1 = await later.run('error').catch(e => e)
	const e2 = await later.run('js').catch(e => e)
	console.log('results', v.ok, e1 instanceof Error, e1.message, e2 instanceof RangeError, e2.message)
})()
`},
		Modules: map[string]runtime.Module{"later": later},
	})
	e.Logs.Wait("results true true upload failed: 413 true from js")
	e.WaitEvent("bot", runtime.EventExited) // settled promises no longer hold the bot
}

// settle reports, through WhenSettled, how a handler's result settled.
var settle = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	return o, o.Set("watch", func(call goja.FunctionCall) goja.Value {
		label := call.Argument(0).String()
		fn, _ := goja.AssertFunction(call.Argument(1))
		v, err := fn(goja.Undefined())
		if err != nil {
			panic(err)
		}
		runtime.WhenSettled(vm, v, func(value goja.Value, err error) {
			var ex *goja.Exception
			switch {
			case errors.As(err, &ex):
				bot.Logger().Info("settled " + label + " rejected " + ex.Value().String())
			case err != nil:
				bot.Logger().Info("settled " + label + " failed " + err.Error())
			default:
				bot.Logger().Info("settled " + label + " with " + value.String())
			}
		})
		return goja.Undefined()
	})
})

func TestWhenSettled(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{
		Files: map[string]string{"bot.js": `
const { watch } = require('settle')
watch('sync', () => 42)
watch('async', async () => { await new Promise(r => setTimeout(r, 5)); return 'later' })
watch('reject', async () => { await null; throw new Error('no') })
`},
		Modules: map[string]runtime.Module{"settle": settle},
	})
	e.Logs.Wait("settled sync with 42")
	e.Logs.Wait("settled async with later")
	e.Logs.Wait("settled reject rejected Error: no")
	e.WaitEvent("bot", runtime.EventExited)
	if n := e.Logs.Count("unhandled promise rejection"); n != 0 {
		t.Fatalf("a watched rejection was also reported as unhandled")
	}
}

func TestConsoleFormatting(t *testing.T) {
	e := runtimetest.Start(t, runtimetest.Options{Files: map[string]string{"bot.js": `
const o = { a: 1, 'b-c': 'x', nested: { deep: { deeper: { deepest: 1 } } }, list: [1, 'two', null, undefined] }
o.self = o
console.log('obj', o)
console.log('%s is %d years and %i days, %j', 'Ana', 41.5, 3.9, { k: [1] })
console.log(new Map([['k', 1]]), new Set([1, 2]), [], {}, -0, 10n, Symbol('s'), () => 1, class Foo {})
console.log(new Uint8Array([1, 255]))
console.error(new TypeError('bad thing'))
const trap = new Proxy({}, { ownKeys() { throw new Error('trap') } })
console.log('proxy', trap)
console.warn('after the proxy')
`}})
	e.WaitEvent("bot", runtime.EventExited)
	for _, want := range []string{
		`INFO obj { a: 1, 'b-c': 'x', nested: { deep: { deeper: [Object] } }, list: [ 1, 'two', null, undefined ], self: [Circular] }`,
		`INFO Ana is 41.5 years and 3 days, {"k":[1]}`,
		`INFO Map(1) { 'k' => 1 } Set(2) { 1, 2 } [] {} -0 10n Symbol(s) [Function (anonymous)] [class Foo]`,
		`INFO <Uint8Array 01 ff>`,
		`ERROR TypeError: bad thing`,
		`INFO proxy [value that cannot be inspected: Error: trap`,
		`WARN after the proxy`,
	} {
		e.Logs.Wait(want)
	}
}
