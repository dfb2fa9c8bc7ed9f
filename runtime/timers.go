package runtime

import (
	"container/heap"
	"math"
	"time"

	"github.com/dop251/goja"
)

// timer is a setTimeout/setInterval/setImmediate registration.
type timer struct {
	id       int64
	when     time.Time
	delay    time.Duration
	interval time.Duration // > 0 for setInterval
	fn       goja.Callable
	args     []goja.Value
	index    int    // heap position, -1 when not in the heap
	firedIn  uint64 // the loop turn it last fired in
	ref      bool
	cleared  bool
}

func (t *timer) call() error {
	_, err := t.fn(goja.Undefined(), t.args...)
	return err
}

// timerHeap orders timers by due time, then by creation (Node's order for
// equal deadlines).
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].id < h[j].id
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// fire runs a due timer; intervals are rescheduled after their callback
// unless it cleared them.
func (l *loop) fire(t *timer) error {
	err := l.task(0, t.call)
	if t.interval > 0 && !t.cleared {
		t.when = time.Now().Add(t.interval)
		heap.Push(&l.timers, t)
	} else {
		l.forget(t)
	}
	return err
}

// forget drops a timer that will not run again.
func (l *loop) forget(t *timer) {
	if t.cleared {
		return
	}
	t.cleared = true
	if t.index >= 0 {
		heap.Remove(&l.timers, t.index)
	}
	if t.ref {
		l.refTimers--
		t.ref = false
	}
	delete(l.byID, t.id)
	t.fn, t.args = nil, nil
}

func (l *loop) setRef(t *timer, ref bool) {
	if t.cleared || t.ref == ref {
		return
	}
	t.ref = ref
	if ref {
		l.refTimers++
	} else {
		l.refTimers--
	}
}

// timerDelay converts a JS delay the way Node does: anything not a finite
// number in [1, 2^31-1] ms becomes 1 ms.
func timerDelay(v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) {
		return time.Millisecond
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms < 1 || ms > math.MaxInt32 {
		ms = 1
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// installTimers defines setTimeout, setInterval, setImmediate, their clear*
// twins and queueMicrotask on the bot's global object.
func (l *loop) installTimers() error {
	vm := l.vm
	l.timerSym = goja.NewSymbol("botrt.timer")
	l.timerProto = vm.NewObject()
	self := func(call goja.FunctionCall) *timer {
		if t := l.timerOf(call.This); t != nil {
			return t
		}
		panic(vm.NewTypeError("Timeout method called on an object that is not a timer"))
	}
	methods := map[string]func(goja.FunctionCall) goja.Value{
		"ref":    func(c goja.FunctionCall) goja.Value { l.setRef(self(c), true); return c.This },
		"unref":  func(c goja.FunctionCall) goja.Value { l.setRef(self(c), false); return c.This },
		"hasRef": func(c goja.FunctionCall) goja.Value { return vm.ToValue(self(c).ref) },
		"refresh": func(c goja.FunctionCall) goja.Value {
			t := self(c)
			if !t.cleared && t.index >= 0 {
				t.when = time.Now().Add(t.delay)
				heap.Fix(&l.timers, t.index)
			}
			return c.This
		},
		"close": func(c goja.FunctionCall) goja.Value { l.forget(self(c)); return c.This },
	}
	for name, fn := range methods {
		if err := l.timerProto.Set(name, SafeFunc(vm, fn)); err != nil {
			return err
		}
	}
	// Number(timeout) gives its id, like Node, so ids stored as numbers clear too.
	if err := l.timerProto.SetSymbol(goja.SymToPrimitive, func(c goja.FunctionCall) goja.Value {
		return vm.ToValue(self(c).id)
	}); err != nil {
		return err
	}

	schedule := func(kind string, repeat, immediate bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(vm.NewTypeError("%s: the callback must be a function, got %s", kind, call.Argument(0).String()))
			}
			argStart := 2
			if immediate {
				argStart = 1
			}
			var args []goja.Value
			if len(call.Arguments) > argStart {
				args = append([]goja.Value(nil), call.Arguments[argStart:]...)
			}
			l.nextID++
			t := &timer{id: l.nextID, fn: fn, args: args, index: -1}
			obj := vm.CreateObject(l.timerProto)
			_ = obj.SetSymbol(l.timerSym, t)
			if immediate {
				l.immediates = append(l.immediates, t)
			} else {
				t.delay = timerDelay(call.Argument(1))
				if repeat {
					t.interval = t.delay
				}
				t.when = time.Now().Add(t.delay)
				heap.Push(&l.timers, t)
			}
			l.byID[t.id] = t
			l.setRef(t, true)
			return obj
		}
	}
	clearer := func(call goja.FunctionCall) goja.Value {
		if t := l.lookupTimer(call.Argument(0)); t != nil {
			l.forget(t)
		}
		return goja.Undefined()
	}
	globals := map[string]func(goja.FunctionCall) goja.Value{
		"setTimeout":     schedule("setTimeout", false, false),
		"setInterval":    schedule("setInterval", true, false),
		"setImmediate":   schedule("setImmediate", false, true),
		"clearTimeout":   clearer,
		"clearInterval":  clearer,
		"clearImmediate": clearer,
		"queueMicrotask": func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(vm.NewTypeError("queueMicrotask: the callback must be a function"))
			}
			p, resolve, _ := vm.NewPromise()
			_ = resolve(nil)
			then, _ := goja.AssertFunction(vm.ToValue(p).ToObject(vm).Get("then"))
			if _, err := then(vm.ToValue(p), vm.ToValue(func(goja.FunctionCall) goja.Value {
				if _, err := fn(goja.Undefined()); err != nil {
					panic(err)
				}
				return goja.Undefined()
			})); err != nil {
				panic(err)
			}
			return goja.Undefined()
		},
	}
	for name, fn := range globals {
		if err := vm.Set(name, SafeFunc(vm, fn)); err != nil {
			return err
		}
	}
	return nil
}

// lookupTimer finds the timer a clear* argument names: the object setTimeout
// returned, or its numeric id.
func (l *loop) lookupTimer(v goja.Value) *timer {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	if _, ok := v.(*goja.Object); ok {
		return l.timerOf(v)
	}
	return l.byID[v.ToInteger()]
}

// timerOf returns the timer behind an object setTimeout returned, or nil.
func (l *loop) timerOf(v goja.Value) *timer {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	if tv := o.GetSymbol(l.timerSym); tv != nil {
		t, _ := tv.Export().(*timer)
		return t
	}
	return nil
}
