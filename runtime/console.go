package runtime

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// installConsole defines console, routed to the bot's logger: log/info/dir
// at info, debug/trace at debug, warn at warn, error/assert at error.
func installConsole(vm *goja.Runtime, log *slog.Logger) error {
	con := vm.NewObject()
	emit := func(level slog.Level, args []goja.Value) {
		log.Log(context.Background(), level, formatArgs(vm, args))
	}
	at := func(level slog.Level) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value { emit(level, c.Arguments); return goja.Undefined() }
	}
	timers := map[string]time.Time{}
	counts := map[string]int{}
	label := func(c goja.FunctionCall) string {
		if a := c.Argument(0); !goja.IsUndefined(a) {
			return a.String()
		}
		return "default"
	}
	methods := map[string]func(goja.FunctionCall) goja.Value{
		"log":   at(slog.LevelInfo),
		"info":  at(slog.LevelInfo),
		"dir":   at(slog.LevelInfo),
		"debug": at(slog.LevelDebug),
		"warn":  at(slog.LevelWarn),
		"error": at(slog.LevelError),
		"trace": func(c goja.FunctionCall) goja.Value {
			stack := ""
			if e, err := vm.New(vm.Get("Error")); err == nil {
				stack = cleanStack(e.Get("stack").String())
				if _, rest, ok := strings.Cut(stack, "\n"); ok {
					stack = rest
				}
			}
			log.Debug("Trace: " + formatArgs(vm, c.Arguments) + "\n" + stack)
			return goja.Undefined()
		},
		"assert": func(c goja.FunctionCall) goja.Value {
			if !c.Argument(0).ToBoolean() {
				msg := "Assertion failed"
				if len(c.Arguments) > 1 {
					msg += ": " + formatArgs(vm, c.Arguments[1:])
				}
				log.Error(msg)
			}
			return goja.Undefined()
		},
		"time": func(c goja.FunctionCall) goja.Value { timers[label(c)] = time.Now(); return goja.Undefined() },
		"timeLog": func(c goja.FunctionCall) goja.Value {
			if t0, ok := timers[label(c)]; ok {
				log.Info(label(c) + ": " + time.Since(t0).String())
			}
			return goja.Undefined()
		},
		"timeEnd": func(c goja.FunctionCall) goja.Value {
			if t0, ok := timers[label(c)]; ok {
				log.Info(label(c) + ": " + time.Since(t0).String())
				delete(timers, label(c))
			}
			return goja.Undefined()
		},
		"count": func(c goja.FunctionCall) goja.Value {
			counts[label(c)]++
			log.Info(label(c) + ": " + strconv.Itoa(counts[label(c)]))
			return goja.Undefined()
		},
		"countReset": func(c goja.FunctionCall) goja.Value { delete(counts, label(c)); return goja.Undefined() },
	}
	for name, fn := range methods {
		if err := con.Set(name, SafeFunc(vm, fn)); err != nil {
			return err
		}
	}
	return vm.Set("console", con)
}

// formatArgs joins console arguments like Node: a leading format string takes
// %s %d %i %f %j %o %O %c %%; everything else is inspected and space-joined.
func formatArgs(vm *goja.Runtime, args []goja.Value) string {
	var b strings.Builder
	rest := args
	if len(args) > 0 {
		if f, ok := args[0].Export().(string); ok && strings.Contains(f, "%") {
			rest = args[1:]
			for i := 0; i < len(f); i++ {
				if f[i] != '%' || i+1 == len(f) {
					b.WriteByte(f[i])
					continue
				}
				verb := f[i+1]
				if verb == '%' {
					b.WriteByte('%')
					i++
					continue
				}
				if !strings.ContainsRune("sdifjoOc", rune(verb)) || len(rest) == 0 {
					b.WriteByte('%')
					continue
				}
				a := rest[0]
				rest = rest[1:]
				i++
				switch verb {
				case 's':
					if o, ok := a.(*goja.Object); ok && o.ClassName() != "Error" {
						b.WriteString(inspectValue(vm, a))
					} else {
						b.WriteString(a.String())
					}
				case 'd', 'i':
					n := a.ToFloat()
					if verb == 'i' {
						n = float64(int64(n))
					}
					b.WriteString(vm.ToValue(n).String())
				case 'f':
					b.WriteString(vm.ToValue(a.ToFloat()).String())
				case 'j':
					b.WriteString(jsonString(vm, a))
				case 'o', 'O':
					b.WriteString(inspectValue(vm, a))
				case 'c': // CSS styling: Node ignores it too
				}
			}
		}
	}
	for i, a := range rest {
		if i > 0 || b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(inspectValue(vm, a))
	}
	return b.String()
}

func jsonString(vm *goja.Runtime, v goja.Value) string {
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		return "[Circular]"
	}
	return s.String()
}
