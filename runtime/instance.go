package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// instance is one generation of a bot: a goja runtime, its loop and its
// modules, running one version of the files. A reload builds a new instance
// and stops the old one; nothing is shared between them but the compiled
// programs. It implements Bot for the modules it instantiates.
type instance struct {
	host    *Host
	name    string
	entry   string
	gen     int
	dataDir string
	log     *slog.Logger

	ctx    context.Context
	cancel context.CancelCauseFunc
	loop   *loop
	mods   *modules // loop goroutine only

	depsMu sync.Mutex
	deps   map[string]bool // files loaded, for the watcher (any goroutine)

	errHandler func(kind string, value goja.Value) bool // loop goroutine only
}

var (
	_ Bot        = (*instance)(nil)
	_ ErrorHooks = (*instance)(nil)
)

// interrupt reasons the watchdog and the host hand to vm.Interrupt.
type (
	stopSignal     struct{}
	budgetExceeded struct{ budget time.Duration }
	heapExceeded   struct{ heap, limit uint64 }
)

func (h *Host) newInstance(name, entry string, gen int) *instance {
	ctx, cancel := context.WithCancelCause(h.ctx)
	vm := goja.New()
	vm.SetMaxCallStackSize(h.opts.MaxCallStackSize)
	// eval and new Function get no source maps at all: only files compiled by
	// the loader (with inline maps) have them.
	vm.SetParserOptions(parser.WithDisableSourceMaps)
	i := &instance{
		host:    h,
		name:    name,
		entry:   entry,
		gen:     gen,
		dataDir: filepath.Join(h.dataRoot, name),
		log:     h.log.With("bot", name),
		ctx:     ctx,
		cancel:  cancel,
		loop:    newLoop(vm, h.opts.CallbackBudget),
		deps:    map[string]bool{entry: true},
	}
	i.mods = newModules(i)
	i.loop.onError = i.onError
	i.loop.onRejection = func(reason goja.Value) {
		if !i.handled("unhandledRejection", reason) {
			i.log.Error("unhandled promise rejection: " + rejectionError(vm, reason).Error())
		}
	}
	return i
}

// Name implements Bot.
func (i *instance) Name() string { return i.name }

// Runtime implements Bot.
func (i *instance) Runtime() *goja.Runtime { return i.loop.vm }

// Context implements Bot.
func (i *instance) Context() context.Context { return i.ctx }

// RegisterCallback implements Bot.
func (i *instance) RegisterCallback() func(func() error) bool {
	if i.ctx.Err() != nil {
		return func(func() error) bool { return false }
	}
	return i.loop.register(func(msg string) { i.log.Error(msg) })
}

// DataDir implements Bot.
func (i *instance) DataDir() string { return i.dataDir }

// ScriptDir implements Bot.
func (i *instance) ScriptDir() string { return i.host.root }

// Logger implements Bot.
func (i *instance) Logger() *slog.Logger { return i.log }

// SetErrorHandler implements ErrorHooks.
func (i *instance) SetErrorHandler(h func(kind string, value goja.Value) bool) { i.errHandler = h }

// handled offers an error to the script's own handler, as a task of its own.
func (i *instance) handled(kind string, value goja.Value) bool {
	if i.errHandler == nil {
		return false
	}
	var ok bool
	if err := i.loop.enter(0, func() error { ok = i.errHandler(kind, value); return nil }); err != nil {
		i.log.Error("the " + kind + " handler failed: " + scriptError(err).Error())
		return false
	}
	return ok
}

// Exit implements Bot: it stops this generation at once; code is reported.
func (i *instance) Exit(code int) { i.stop(&ExitError{Code: code}) }

// stop ends the generation: its context is cancelled with cause and running
// JS is interrupted; the loop then returns and drops pending callbacks.
func (i *instance) stop(cause error) {
	i.cancel(cause)
	i.loop.close()
	i.loop.interruptNow(stopSignal{})
}

func (i *instance) dependsOn(path string) bool {
	i.depsMu.Lock()
	defer i.depsMu.Unlock()
	return i.deps[path]
}

func (i *instance) depDirs() map[string]bool {
	i.depsMu.Lock()
	defer i.depsMu.Unlock()
	dirs := make(map[string]bool, len(i.deps))
	for p := range i.deps {
		dirs[filepath.Dir(p)] = true
	}
	return dirs
}

// report is what an instance tells the host: loaded (err nil) or failed to
// load, then, for loaded ones, ended (with the cause).
type report struct {
	inst  *instance
	ended bool
	err   error
	took  time.Duration
}

// run loads the entry file and runs the loop until the generation ends,
// reporting to the host. It is the instance's goroutine.
func (i *instance) run(reports chan<- report) {
	start := time.Now()
	err := i.loop.enter(i.host.opts.LoadBudget, i.load)
	i.loop.reportRejections()
	i.syncDeps()
	if err != nil {
		if cause := context.Cause(i.ctx); i.ctx.Err() != nil {
			err = cause // exit or stop during load
		} else {
			err = i.describeLoadError(err)
		}
	}
	var exit *ExitError
	if err != nil && !errors.As(err, &exit) {
		i.loop.close()
		i.cancel(err)
		reports <- report{inst: i, err: err, took: time.Since(start)}
		return
	}
	reports <- report{inst: i, took: time.Since(start)}
	var end error
	if err != nil {
		end = err
		i.loop.close()
	} else {
		end = i.loop.run(i.ctx)
		if i.ctx.Err() != nil {
			end = context.Cause(i.ctx)
		}
		i.syncDeps()
	}
	i.cancel(errStopped)
	reports <- report{inst: i, ended: true, err: end}
}

// load installs the globals and runs the entry file.
func (i *instance) load() error {
	vm := i.loop.vm
	if err := installConsole(vm, i.log); err != nil {
		return fmt.Errorf("installing console: %w", err)
	}
	if err := i.loop.installTimers(); err != nil {
		return fmt.Errorf("installing timers: %w", err)
	}
	if err := installGuards(vm); err != nil {
		return fmt.Errorf("installing allocation guards: %w", err)
	}
	for n, g := range i.host.opts.Globals {
		if err := g.Install(i); err != nil {
			return fmt.Errorf("installing global #%d: %w", n, err)
		}
	}
	// The entry goes through the same resolution as any require, so a
	// top-level symlink cannot make a host file outside the folder a bot.
	entry, err := i.mods.resolvePath(i.entry, "./"+filepath.Base(i.entry))
	if err != nil {
		return err
	}
	_, err = i.mods.load(entry)
	return err
}

// syncDeps publishes the files the modules loaded so far to the watcher side.
func (i *instance) syncDeps() {
	i.depsMu.Lock()
	defer i.depsMu.Unlock()
	for p := range i.mods.deps {
		i.deps[p] = true
	}
}

func (i *instance) describeLoadError(err error) error {
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		if b, ok := ie.Value().(budgetExceeded); ok {
			return &BudgetError{Budget: b.budget, At: position(&ie.Exception)}
		}
		if hx, ok := ie.Value().(heapExceeded); ok {
			return &HeapError{Heap: hx.heap, Limit: hx.limit}
		}
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return fmt.Errorf("maximum call stack size (%d frames) exceeded at %s", i.host.opts.MaxCallStackSize, position(&so.Exception))
	}
	return scriptError(err)
}

// onError handles the error a task ended with. It logs what the script should
// know about and says whether the generation must stop: script errors and
// overruns are contained to the task; panics and heap overruns end it.
func (i *instance) onError(err error) (stop bool) {
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		switch v := ie.Value().(type) {
		case stopSignal:
			return true
		case heapExceeded:
			i.cancel(&HeapError{Heap: v.heap, Limit: v.limit})
			return true
		}
	}
	var pe *PanicError
	if errors.As(err, &pe) {
		i.log.Error("bot crashed: "+pe.Error(), "stack", string(pe.Stack))
		i.cancel(pe)
		return true
	}
	var ex *goja.Exception
	if errors.As(err, &ex) && ie == nil && i.handled("uncaughtException", ex.Value()) {
		return false
	}
	err = i.describeLoadError(err)
	var se *ScriptError
	if errors.As(err, &se) {
		i.log.Error("uncaught exception: " + se.Stack)
	} else {
		i.log.Error(err.Error())
	}
	return false
}
