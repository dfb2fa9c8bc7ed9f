package runtime

import (
	"container/heap"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
)

// loop is one bot generation's event loop. It owns the goja runtime: every
// call into JS happens on the goroutine running run(). Other goroutines only
// reach it through reserved callback slots (register), which is the k6
// contract: a slot keeps the loop alive until it is completed exactly once.
type loop struct {
	vm *goja.Runtime

	// onError sees every error a macrotask ends with (uncaught exception,
	// interrupt, panic) and says whether the loop must stop because of it.
	onError func(err error) (stop bool)
	// onRejection sees promise rejections nobody handled by the end of a task.
	onRejection func(reason goja.Value)

	mu      sync.Mutex
	queue   []func() error // completed slots waiting to run, FIFO
	pending int            // slots reserved and not completed yet
	closed  bool           // after run returned: completions are dropped
	wake    chan struct{}

	// Loop goroutine only.
	timers     timerHeap
	byID       map[int64]*timer
	immediates []*timer
	refTimers  int
	nextID     int64
	turns      uint64
	timerSym   *goja.Symbol
	timerProto *goja.Object
	rejected   []*goja.Promise
	rejectedAt map[*goja.Promise]int

	// watchdog hand-off: the budget of the running task, read by the host's
	// watchdog goroutine, which interrupts the vm when a task overruns.
	runMu        sync.Mutex
	runningSince time.Time
	runBudget    time.Duration
	budget       time.Duration // for tasks that do not name their own
}

func newLoop(vm *goja.Runtime, budget time.Duration) *loop {
	l := &loop{
		vm:         vm,
		budget:     budget,
		wake:       make(chan struct{}, 1),
		byID:       make(map[int64]*timer),
		rejectedAt: make(map[*goja.Promise]int),
	}
	vm.SetPromiseRejectionTracker(l.trackRejection)
	return l
}

// PanicError is a Go panic that escaped into the loop from host code called by
// a script. The runtime's state is unknown after it, so the bot is restarted.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("go panic in host code: %v", e.Value) }

// register reserves a callback slot; see Bot.RegisterCallback.
func (l *loop) register(onMisuse func(string)) func(func() error) bool {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return func(func() error) bool { return false }
	}
	l.pending++
	l.mu.Unlock()
	var used atomic.Bool
	return func(fn func() error) bool {
		if used.Swap(true) {
			onMisuse("a RegisterCallback slot was completed twice; the second call was dropped")
			return false
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.closed {
			return false
		}
		if fn == nil {
			l.pending--
		} else {
			l.queue = append(l.queue, func() error {
				l.mu.Lock()
				l.pending--
				l.mu.Unlock()
				return fn()
			})
		}
		l.signal()
		return true
	}
}

// signal wakes run; l.mu must be held.
func (l *loop) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// run processes timers, queued callbacks and immediates, in that order per
// turn, like Node's phases, until ctx ends, a task fails fatally, or nothing is
// left that could ever run (no timers, immediates, queued work or reserved
// slots: a finished script). It returns nil when the script finished.
func (l *loop) run(ctx context.Context) error {
	defer l.close()
	var sleep *time.Timer
	for {
		if err := l.turn(ctx); err != nil {
			return err
		}
		l.mu.Lock()
		ready := len(l.queue) > 0
		idle := !ready && l.pending == 0 && l.refTimers == 0 && len(l.immediates) == 0
		l.mu.Unlock()
		if idle {
			return nil
		}
		if ready || len(l.immediates) > 0 {
			continue
		}
		var timerC <-chan time.Time
		if len(l.timers) > 0 {
			d := time.Until(l.timers[0].when)
			if d <= 0 {
				continue
			}
			if sleep == nil {
				sleep = time.NewTimer(d)
				defer sleep.Stop()
			} else {
				sleep.Reset(d)
			}
			timerC = sleep.C
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-l.wake:
		case <-timerC:
		}
		if sleep != nil {
			sleep.Stop()
		}
	}
}

// turn runs one round: due timers, then queued callbacks, then immediates.
// A timer becomes due in the timers phase as soon as its deadline passes
// (so timers set a moment apart with the same delay fire together, as in
// Node), except timers created or rescheduled during this phase: they wait
// for the next round, after the immediates.
func (l *loop) turn(ctx context.Context) error {
	l.turns++
	lastOld := l.nextID
	for len(l.timers) > 0 {
		t := l.timers[0]
		if t.when.After(time.Now()) || t.id > lastOld || t.firedIn == l.turns {
			break
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		heap.Pop(&l.timers)
		t.firedIn = l.turns
		if err := l.fire(t); err != nil {
			return err
		}
	}
	l.mu.Lock()
	jobs := l.queue
	l.queue = nil
	l.mu.Unlock()
	for _, job := range jobs {
		if ctx.Err() != nil {
			return context.Cause(ctx) // close() releases the rest
		}
		if err := l.task(0, job); err != nil {
			return err
		}
	}
	imm := l.immediates
	l.immediates = nil
	for _, t := range imm {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if t.cleared {
			continue
		}
		err := l.task(0, t.call)
		l.forget(t)
		if err != nil {
			return err
		}
	}
	return nil
}

// task runs one macrotask: fn, then (inside goja) the microtask queue, under
// the watchdog. A Go panic becomes a *PanicError. Errors go to onError, which
// decides whether the loop stops.
func (l *loop) task(budget time.Duration, fn func() error) error {
	err := l.enter(budget, fn)
	l.reportRejections()
	if err != nil && l.onError != nil && l.onError(err) {
		return err
	}
	return nil
}

// enter calls fn with the vm marked as running for the watchdog.
func (l *loop) enter(budget time.Duration, fn func() error) (err error) {
	l.runMu.Lock()
	l.vm.ClearInterrupt() // a stale interrupt aimed at an earlier task
	l.runningSince = time.Now()
	if budget == 0 {
		budget = l.budget
	}
	l.runBudget = budget
	l.runMu.Unlock()
	defer func() {
		l.runMu.Lock()
		l.runningSince = time.Time{}
		l.runMu.Unlock()
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn()
}

// outsideBudget runs fn (Go work inside a task, such as compiling a file the
// script requires) with the task's clock stopped, so slow compiles on a busy
// machine are not blamed on the script.
func (l *loop) outsideBudget(fn func()) {
	l.runMu.Lock()
	since := l.runningSince
	l.runningSince = time.Time{}
	l.runMu.Unlock()
	start := time.Now()
	defer func() {
		l.runMu.Lock()
		if !since.IsZero() {
			l.runningSince = since.Add(time.Since(start))
		}
		l.runMu.Unlock()
	}()
	fn()
}

// interruptIf interrupts the running task when pred says so, under the same
// lock that task start and end take, so it never hits the wrong task.
func (l *loop) interruptIf(pred func(since time.Time, budget time.Duration) any) {
	l.runMu.Lock()
	defer l.runMu.Unlock()
	if l.runningSince.IsZero() {
		return
	}
	if reason := pred(l.runningSince, l.runBudget); reason != nil {
		l.vm.Interrupt(reason)
	}
}

// interruptNow stops whatever JS is running (stop, exit).
func (l *loop) interruptNow(reason any) {
	l.interruptIf(func(time.Time, time.Duration) any { return reason })
}

func (l *loop) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		l.rejectedAt[p] = len(l.rejected)
		l.rejected = append(l.rejected, p)
	case goja.PromiseRejectionHandle:
		if i, ok := l.rejectedAt[p]; ok {
			l.rejected[i] = nil
			delete(l.rejectedAt, p)
		}
	}
}

// reportRejections reports rejections still unhandled once a task and its
// microtasks are done, which is when Node reports them too.
func (l *loop) reportRejections() {
	if len(l.rejected) == 0 {
		return
	}
	list := l.rejected
	l.rejected = nil
	clear(l.rejectedAt)
	for _, p := range list {
		if p != nil && l.onRejection != nil {
			l.onRejection(p.Result())
		}
	}
}

// close drops all future completions; reserved slots are released. Safe
// from any goroutine (stop calls it so completions fail at once).
func (l *loop) close() {
	l.mu.Lock()
	l.closed = true
	l.queue = nil
	l.pending = 0
	l.mu.Unlock()
}
