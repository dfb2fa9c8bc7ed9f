package baileys

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// async runs fn off the loop with the bot's context and returns a promise
// settled with its result on the loop; errors reject as Boom-shaped errors.
func (st *botState) async(fn func(ctx context.Context) (jsval.Value, error)) goja.Value {
	vm := st.bot.Runtime()
	p, resolve, reject := vm.NewPromise()
	done := st.bot.RegisterCallback()
	go func() {
		v, err := fn(st.bot.Context())
		done(func() error {
			if err == nil {
				jv, cerr := jsconv.ToJS(vm, v)
				if cerr == nil {
					return resolve(jv)
				}
				err = errs.Wrap(500, "result not convertible", cerr)
			}
			ev, cerr := jsconv.Error(vm, err)
			if cerr != nil {
				return cerr
			}
			return reject(ev)
		})
	}()
	return vm.ToValue(p)
}

// throw raises err in the script as a Boom-shaped error.
func throw(vm *goja.Runtime, err error) {
	ev, cerr := jsconv.Error(vm, err)
	if cerr != nil {
		panic(vm.NewGoError(err))
	}
	panic(ev)
}

// sessionName is the session a useMultiFileAuthState folder names: its last
// path element.
func sessionName(folder string) (string, error) {
	name := filepath.Base(filepath.Clean(strings.TrimSpace(folder)))
	if name == "." || name == string(filepath.Separator) || name == "" || name == ".." {
		return "", errs.BadField("folder", "%q does not name a session (give a folder name such as 'auth_info')", folder)
	}
	return name, nil
}

// session returns the open session name, opening it if needed.
func (st *botState) session(ctx context.Context, name string) (*protocol.Session, error) {
	if s, ok := st.cfg.Manager.Session(name); ok {
		return s, nil
	}
	return st.cfg.Manager.Open(ctx, name)
}

func (st *botState) sessionNatives() map[string]jsx.Fn {
	vm := st.bot.Runtime()
	return map[string]jsx.Fn{
		// auth(folder) → Promise<name>: opens (or creates) the session.
		"auth": func(call goja.FunctionCall) goja.Value {
			name, err := sessionName(jsx.String(vm, call, 0, "folder"))
			if err != nil {
				throw(vm, err)
			}
			return st.async(func(ctx context.Context) (jsval.Value, error) {
				if _, err := st.session(ctx, name); err != nil {
					return nil, err
				}
				return name, nil
			})
		},
		// status(name) → {state, registered, me}; me is undefined before pairing.
		"status": func(call goja.FunctionCall) goja.Value {
			s, err := st.session(st.bot.Context(), jsx.String(vm, call, 0, "name"))
			if err != nil {
				throw(vm, err)
			}
			status := s.Status()
			out := jsval.NewObject().Set("state", string(status.State)).Set("registered", s.Paired())
			if !status.Me.ID.IsEmpty() {
				me := jsval.NewObject().Set("id", status.Me.ID.String()).
					SetIf(status.Me.LID.User != "", "lid", status.Me.LID.String()).
					SetIf(status.Me.Name != "", "name", status.Me.Name)
				out.Set("me", me)
			}
			v, err := jsconv.ToJS(vm, out)
			if err != nil {
				throw(vm, err)
			}
			return v
		},
		// attach(name, deliver): the socket deliver receives the session's events from now on.
		"attach": func(call goja.FunctionCall) goja.Value {
			s, err := st.session(st.bot.Context(), jsx.String(vm, call, 0, "name"))
			if err != nil {
				throw(vm, err)
			}
			if err := st.attach(s, jsx.Callable(vm, call, 1, "deliver")); err != nil {
				throw(vm, err)
			}
			return goja.Undefined()
		},
		// methodNames() → the names of every socket method in the methods map,
		// so baileys.js exposes each without a second list to keep in step.
		"methodNames": func(goja.FunctionCall) goja.Value {
			return vm.ToValue(slices.Sorted(maps.Keys(methods)))
		},
		// call(name, method, args) → Promise: a socket method.
		"call": func(call goja.FunctionCall) goja.Value {
			name := jsx.String(vm, call, 0, "name")
			method := jsx.String(vm, call, 1, "method")
			m, ok := methods[method]
			if !ok {
				throw(vm, errs.New(501, "sock."+method+" is not implemented by botrt"))
			}
			args, err := st.args(call.Argument(2), m.params)
			if err != nil {
				throw(vm, errs.Wrap(errs.StatusOf(err), method+": "+errMessage(err), err))
			}
			return st.async(func(ctx context.Context) (jsval.Value, error) {
				s, err := st.session(ctx, name)
				if err != nil {
					return nil, err
				}
				return m.fn(ctx, st, s, args)
			})
		},
		// report(err, what?): a listener threw or rejected (or what names another
		// problem the script should hear of); logged like an uncaught error.
		"report": func(call goja.FunctionCall) goja.Value {
			what := "baileys: event handler failed"
			if w := call.Argument(1); !goja.IsUndefined(w) {
				what = "baileys: " + w.String()
			}
			v := call.Argument(0)
			msg := v.String()
			if o, ok := v.(*goja.Object); ok {
				if stack := o.Get("stack"); stack != nil && !goja.IsUndefined(stack) {
					msg = stack.String()
				}
			}
			st.bot.Logger().Error(what, "err", msg)
			return goja.Undefined()
		},
	}
}

func errMessage(err error) string {
	if e, ok := err.(*errs.Error); ok {
		return e.Message
	}
	return err.Error()
}

// args converts a method's arguments array, naming each by params; a last
// parameter "...name" collects the remaining arguments into one array.
func (st *botState) args(v goja.Value, params []string) ([]jsval.Value, error) {
	vm := st.bot.Runtime()
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, errs.New(400, "arguments missing")
	}
	n := int(obj.Get("length").ToInteger())
	out := make([]jsval.Value, len(params))
	for i, p := range params {
		if rest, ok := strings.CutPrefix(p, "..."); ok {
			list := jsval.Array{}
			for j := i; j < n; j++ {
				jv, err := jsconv.FromJS(vm, obj.Get(strconv.Itoa(j)), fmt.Sprintf("%s[%d]", rest, j-i))
				if err != nil {
					return nil, err
				}
				list = append(list, jv)
			}
			out[i] = list
			break
		}
		jv, err := jsconv.FromJS(vm, obj.Get(strconv.Itoa(i)), p)
		if err != nil {
			return nil, err
		}
		out[i] = jv
	}
	return out, nil
}
