package runtime

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// ExitError is the cause of a bot that called process.exit (Bot.Exit).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exited with code %d", e.Code) }

// BudgetError is a task interrupted by the watchdog for running too long.
type BudgetError struct {
	Budget time.Duration
	At     string // script position the task was interrupted at
}

func (e *BudgetError) Error() string {
	s := fmt.Sprintf("script ran longer than its budget of %s and was interrupted", e.Budget)
	if e.At != "" {
		s += " at " + e.At
	}
	return s
}

// HeapError is a bot stopped because the process heap crossed the limit while
// it was running.
type HeapError struct{ Heap, Limit uint64 }

func (e *HeapError) Error() string {
	return fmt.Sprintf("heap in use reached %.1f MiB (limit %.1f MiB) while this bot was running; it was stopped",
		float64(e.Heap)/(1<<20), float64(e.Limit)/(1<<20))
}

// errStopped is the cause of a generation the host stopped: replaced by a
// reload, its file deleted, or host shutdown.
var errStopped = errors.New("stopped by the host")

// ScriptError is an exception a script did not catch, with its stack mapped
// back to the original source (file:line:column of the .ts/.js file).
type ScriptError struct {
	Message string
	Stack   string // message plus "at ..." frames
}

func (e *ScriptError) Error() string { return e.Stack }

// scriptError turns a goja error into something printable with source
// positions; other errors pass through.
func scriptError(err error) error {
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		return err
	}
	if obj, ok := ex.Value().(*goja.Object); ok {
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) && st.String() != "" {
			return &ScriptError{Message: obj.String(), Stack: cleanStack(strings.TrimRight(st.String(), "\n"))}
		}
	}
	msg := "undefined"
	if v := ex.Value(); v != nil {
		msg = v.String()
	}
	frames := strings.TrimRight(cleanStack(ex.String()), "\n")
	return &ScriptError{Message: msg, Stack: "Uncaught " + frames}
}

// position is the first script frame of an exception, "file:line:col".
func position(ex *goja.Exception) string {
	for _, f := range ex.Stack() {
		p := f.Position()
		if p.Filename != "" {
			return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
		}
	}
	return ""
}

// rejectionError describes the reason of an unhandled promise rejection.
func rejectionError(vm *goja.Runtime, reason goja.Value) error {
	if obj, ok := reason.(*goja.Object); ok && obj.ClassName() == "Error" {
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			return &ScriptError{Message: obj.String(), Stack: cleanStack(strings.TrimRight(st.String(), "\n"))}
		}
	}
	s := inspectValue(vm, reason)
	return &ScriptError{Message: s, Stack: s}
}
