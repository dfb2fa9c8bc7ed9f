package runtime_test

import (
	"errors"
	goruntime "runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// good is the bystander bot every fault test asks after the fault.
const good = "const sock = require('sock')\nsock.ev.on('msg', ({ text }) => sock.send('ok ' + text))\n"

// faulty is a module whose functions panic, with and without the guard.
var faulty = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	if err := o.Set("guarded", runtime.SafeFunc(vm, func(goja.FunctionCall) goja.Value {
		var m map[string]int
		m["x"] = 1 // nil map write: a Go runtime panic
		return goja.Undefined()
	})); err != nil {
		return nil, err
	}
	return o, o.Set("unguarded", func(goja.FunctionCall) goja.Value { panic("host bug") })
})

func startFaults(t *testing.T, files map[string]string, configure func(*runtime.Options)) (*runtimetest.Env, *runtimetest.Sock) {
	t.Helper()
	files["good.js"] = good
	sock := runtimetest.NewSock()
	e := runtimetest.Start(t, runtimetest.Options{
		Files:   files,
		Modules: map[string]runtime.Module{"sock": sock.Module(), "faulty": faulty},
		Configure: func(o *runtime.Options) {
			// Generous for -race on a busy machine; small enough to keep the test short.
			o.CallbackBudget = time.Second
			o.LoadBudget = time.Second
			o.MaxCallStackSize = 2000
			o.RestartBackoff = 20 * time.Millisecond
			o.MaxRestartBackoff = 200 * time.Millisecond
			if configure != nil {
				configure(o)
			}
		},
	})
	e.WaitEvent("good", runtime.EventStarted)
	return e, sock
}

func TestFaultsAreContained(t *testing.T) {
	runtimetest.NoLeaks(t)
	e, sock := startFaults(t, map[string]string{
		"bad.js": `const sock = require('sock'), faulty = require('faulty')
const handlers = {
	spin() { while (true) {} },
	recurse() { const f = (n) => f(n + 1) + 1; f(0) },
	timer() { setTimeout(() => { throw new Error('thrown in a timer') }, 1) },
	reject() { Promise.reject(new Error('nobody catches this')) },
	asyncThrow: async () => { await null; throw new TypeError('async handler failed') },
	guarded() { try { faulty.guarded() } catch (e) { sock.send('caught: ' + e.message) } },
}
sock.ev.on('msg', ({ text }) => {
	handlers[text]()
	if (text !== 'guarded') sock.send('survived ' + text)
})
sock.ev.on('ping', () => sock.send('pong'))
`,
	}, nil)
	e.WaitEvent("bad", runtime.EventStarted)
	cases := []struct {
		text string
		log  []string
	}{
		{"spin", []string{"longer than its budget of 1s", "bad.js:3:"}},
		{"recurse", []string{"maximum call stack size", "bad.js:4:"}},
		{"timer", []string{"Error: thrown in a timer", "bad.js:5:"}},
		{"reject", []string{"unhandled promise rejection: Error: nobody catches this", "bad.js:6:"}},
		{"asyncThrow", []string{"unhandled promise rejection: TypeError: async handler failed", "bad.js:7:"}},
	}
	for _, c := range cases {
		if err := sock.Emit("bad", "msg", map[string]any{"text": c.text}); err != nil {
			t.Fatal(err)
		}
		// The bystander answers while the fault is under way (the spin
		// holds its bot for a whole second), and after it.
		expect(t, "bystander during "+c.text, ask(t, sock, "good", c.text), "ok "+c.text)
		e.Logs.Wait(append([]string{"bot=bad"}, c.log...)...)
		expect(t, "bystander after "+c.text, ask(t, sock, "good", c.text), "ok "+c.text)
		if err := sock.Emit("bad", "ping", nil); err != nil {
			t.Fatal(err)
		}
		// The faulty bot itself keeps working; "survived" shows whether the
		// handler went on after the fault (only async faults let it).
		for got := sock.WaitSent(t, "bad").Text(); got != "pong"; got = sock.WaitSent(t, "bad").Text() {
			if got != "survived "+c.text || (c.text != "timer" && c.text != "reject" && c.text != "asyncThrow") {
				t.Fatalf("after %s the bot sent %q", c.text, got)
			}
		}
	}
	expect(t, "guarded panic", ask(t, sock, "bad", "guarded"), "caught: internal error in a host function (Go panic): assignment to entry in nil map")
	for _, ev := range e.Events() {
		if ev.Kind != runtime.EventStarted {
			t.Errorf("unexpected event %s %s (err %v)", ev.Bot, ev.Kind, ev.Err)
		}
	}
}

func TestLoadTimeFaults(t *testing.T) {
	e, sock := startFaults(t, map[string]string{
		"spin.js":     "while (true) {}\n",
		"deep.js":     "function f() { return f() }\nf()\n",
		"finish.js":   "console.log('done already')\n",
		"exitload.js": "require('sock').exit(4)\nrequire('sock').send('after exit')\n",
	}, nil)
	ev := e.WaitEvent("spin", runtime.EventFailed)
	var be *runtime.BudgetError
	if !errors.As(ev.Err, &be) || !strings.Contains(be.At, "spin.js:1:") {
		t.Errorf("spin: %v", ev.Err)
	}
	ev = e.WaitEvent("deep", runtime.EventFailed)
	if !strings.Contains(ev.Err.Error(), "maximum call stack size (2000 frames) exceeded at deep.js:1:") {
		t.Errorf("deep: %v", ev.Err)
	}
	ev = e.WaitEvent("finish", runtime.EventExited)
	if ev.Code != 0 {
		t.Errorf("finish: %+v", ev)
	}
	ev = e.WaitEvent("exitload", runtime.EventExited)
	if ev.Code != 4 {
		t.Errorf("exit at load: %+v", ev)
	}
	if n := sock.SentCount("exitload"); n != 0 {
		t.Errorf("code after exit ran: %d sends", n)
	}
	expect(t, "bystander", ask(t, sock, "good", "x"), "ok x")
}

func TestExitStopsOnlyThatBot(t *testing.T) {
	e, sock := startFaults(t, map[string]string{
		"quitter.js": "const sock = require('sock')\nsock.ev.on('msg', () => { sock.exit(3); sock.send('not reached') })\n",
	}, nil)
	e.WaitEvent("quitter", runtime.EventStarted)
	if err := sock.Emit("quitter", "msg", nil); err != nil {
		t.Fatal(err)
	}
	ev := e.WaitEvent("quitter", runtime.EventExited)
	if ev.Code != 3 || ev.Running {
		t.Fatalf("exit event %+v", ev)
	}
	runtimetest.Eventually(t, runtimetest.DefaultTimeout, func() bool { return sock.Generations("quitter") == 0 }, "exited bot released")
	if n := sock.SentCount("quitter"); n != 0 {
		t.Fatalf("code after exit ran")
	}
	expect(t, "bystander", ask(t, sock, "good", "y"), "ok y")
	// Saving the file starts it again.
	e.Write("quitter.js", "const sock = require('sock')\nsock.ev.on('msg', () => sock.send('back'))\n")
	e.WaitEvent("quitter", runtime.EventStarted)
	expect(t, "restarted by a save", ask(t, sock, "quitter", "?"), "back")
}

func TestCrashRestartsWithBackoff(t *testing.T) {
	e, sock := startFaults(t, map[string]string{
		"crashy.js": "const sock = require('sock'), faulty = require('faulty')\nsock.ev.on('msg', () => faulty.unguarded())\nsock.ev.on('ping', () => sock.send('alive'))\n",
	}, nil)
	e.WaitEvent("crashy", runtime.EventStarted)
	var backoffs []time.Duration
	for range 3 {
		if err := sock.Emit("crashy", "msg", nil); err != nil {
			t.Fatal(err)
		}
		ev := e.WaitEvent("crashy", runtime.EventCrashed)
		var pe *runtime.PanicError
		if !errors.As(ev.Err, &pe) || pe.Value != "host bug" {
			t.Fatalf("crash cause %v", ev.Err)
		}
		backoffs = append(backoffs, ev.Backoff)
		e.WaitEvent("crashy", runtime.EventStarted)
		expect(t, "bystander", ask(t, sock, "good", "z"), "ok z")
	}
	if !(backoffs[0] < backoffs[1] && backoffs[1] < backoffs[2]) {
		t.Fatalf("backoff does not grow: %v", backoffs)
	}
	if err := sock.Emit("crashy", "ping", nil); err != nil {
		t.Fatal(err)
	}
	expect(t, "restarted bot", sock.WaitSent(t, "crashy").Text(), "alive")
}

func TestHeapLimitStopsTheGrowingBot(t *testing.T) {
	goruntime.GC() // drop what earlier tests left, so the limit is above what is live
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	limit := s[0].Value.Uint64() + 64<<20
	e, sock := startFaults(t, map[string]string{
		"hog.js": "const sock = require('sock')\nlet mb = 'x'; for (let i = 0; i < 20; i++) mb += mb\nsock.ev.on('msg', () => { const a = []; for (;;) a.push(mb + a.length) })\n",
	}, func(o *runtime.Options) {
		o.HeapLimit = limit
		o.CallbackBudget = time.Minute // the heap check, not the time budget, must stop it
		o.MaxRestartBackoff = time.Minute
		o.RestartBackoff = time.Minute
	})
	e.WaitEvent("hog", runtime.EventStarted)
	if err := sock.Emit("hog", "msg", nil); err != nil {
		t.Fatal(err)
	}
	ev := e.WaitEvent("hog", runtime.EventCrashed)
	var he *runtime.HeapError
	if !errors.As(ev.Err, &he) || he.Limit != limit {
		t.Fatalf("crash cause %v", ev.Err)
	}
	expect(t, "bystander", ask(t, sock, "good", "h"), "ok h")
}

func TestReDoSGuard(t *testing.T) {
	e, sock := startFaults(t, map[string]string{
		"regex.js": "const sock = require('sock')\nsock.ev.on('msg', () => sock.send(String(/^(a+)+(?=b)$/.test('a'.repeat(40)))))\n",
	}, func(o *runtime.Options) { o.RegexpTimeout = 50 * time.Millisecond; o.CallbackBudget = time.Minute })
	e.WaitEvent("regex", runtime.EventStarted)
	expect(t, "catastrophic pattern gives up", ask(t, sock, "regex", "?"), "false")
}

// hooks lets a script install the error handler the way the process module
// does for process.on('uncaughtException' | 'unhandledRejection').
var hooks = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	return o, o.Set("onError", func(call goja.FunctionCall) goja.Value {
		fn, _ := goja.AssertFunction(call.Argument(0))
		bot.(runtime.ErrorHooks).SetErrorHandler(func(kind string, v goja.Value) bool {
			r, err := fn(goja.Undefined(), vm.ToValue(kind), v)
			if err != nil {
				panic(err)
			}
			return r.ToBoolean()
		})
		return goja.Undefined()
	})
})

func TestScriptErrorHandlers(t *testing.T) {
	sock := runtimetest.NewSock()
	e := runtimetest.Start(t, runtimetest.Options{
		Files: map[string]string{"bot.js": `
const sock = require('sock')
require('hooks').onError((kind, err) => {
	if (err.message === 'not mine') return false
	if (err.message === 'handler throws') throw new Error('handler broke')
	sock.send(kind + ': ' + err.message)
	return true
})
sock.ev.on('msg', ({ text }) => {
	if (text === 'reject') Promise.reject(new Error('rejected'))
	else throw new Error(text)
})
`},
		Modules: map[string]runtime.Module{"sock": sock.Module(), "hooks": hooks},
	})
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "exception", ask(t, sock, "bot", "thrown"), "uncaughtException: thrown")
	expect(t, "rejection", ask(t, sock, "bot", "reject"), "unhandledRejection: rejected")
	if err := sock.Emit("bot", "msg", map[string]any{"text": "not mine"}); err != nil {
		t.Fatal(err)
	}
	e.Logs.Wait("uncaught exception: Error: not mine", "bot.js:")
	if err := sock.Emit("bot", "msg", map[string]any{"text": "handler throws"}); err != nil {
		t.Fatal(err)
	}
	e.Logs.Wait("uncaughtException handler failed", "handler broke")
	e.Logs.Wait("uncaught exception: Error: handler throws")
	expect(t, "still running", ask(t, sock, "bot", "again"), "uncaughtException: again")
}

func TestHugeSingleAllocationsThrow(t *testing.T) {
	e, sock := startFaults(t, map[string]string{
		"alloc.js": `const sock = require('sock')
const tries = {
	repeat: () => 'x'.repeat(2 ** 32),
	pad: () => ''.padEnd(2 ** 31),
	array: () => new Array(1e9).fill(0),
	arrayCall: () => Array(1e9),
	fillLength: () => { const a = []; a.length = 1e9; a.fill(0) },
	typed: () => new Uint8Array(2 ** 33),
	buffer: () => new ArrayBuffer(2 ** 33),
}
sock.ev.on('msg', () => {
	const out = []
	for (const [name, fn] of Object.entries(tries)) {
		try { fn(); out.push(name + ' allocated') } catch (e) { out.push(name + ': ' + (e instanceof RangeError) + ' ' + /over botrt's limit/.test(e.message)) }
	}
	// Ordinary use is untouched.
	class Stack extends Array {}
	const s = new Stack(); s.push(1)
	out.push([new Array(3).fill(7).join(''), 'ab'.repeat(2), '5'.padStart(3, '0'), new Uint8Array([1, 2]).length,
		[] instanceof Array, [].constructor === Array, Array.isArray(s), s instanceof Stack, s instanceof Array,
		new Uint8Array(4) instanceof Uint8Array, Array.from('ab').length, Array.of(1, 2).length].join(','))
	sock.send(out.join('\n'))
})
`,
	}, nil)
	e.WaitEvent("alloc", runtime.EventStarted)
	got := ask(t, sock, "alloc", "?")
	want := strings.Join([]string{
		"repeat: true true", "pad: true true", "array: true true", "arrayCall: true true",
		"fillLength: true true", "typed: true true", "buffer: true true",
		"777,abab,005,2,true,true,true,true,true,true,2,2",
	}, "\n")
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}
