// Package fs provides Node's 'fs' and 'fs/promises' modules, confined to the
// bot's folders (see sandbox): sync, callback and promise forms of the common
// calls, and minimal createReadStream/createWriteStream. The JS front
// (fs.js) normalises arguments; the Go side does the file work, on the loop
// for *Sync calls and on a goroutine for the others, whose results come back
// through Bot.RegisterCallback.
package fs

import (
	_ "embed"
	"errors"
	"fmt"
	"os"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/runtime"
)

//go:embed fs.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:fs.js", Code: source}
	modKey = goja.NewSymbol("botrt.fs")
)

// Module is require('fs').
func Module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) { return exports(bot) })
}

// PromisesModule is require('fs/promises'), the same object as fs.promises.
func PromisesModule() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		v, err := exports(bot)
		if err != nil {
			return nil, err
		}
		return v.ToObject(bot.Runtime()).Get("promises"), nil
	})
}

func exports(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	return jsx.Cached(vm, modKey, func() (goja.Value, error) {
		ee, err := events.Class(vm)
		if err != nil {
			return nil, err
		}
		if _, err := buffer.WrapOwned(vm, nil); err != nil {
			return nil, err
		}
		b := &binding{bot: bot, vm: vm, sb: &sandbox{data: bot.DataDir(), scripts: bot.ScriptDir()}}
		native := vm.NewObject()
		jsx.Set(vm, native, "fs", map[string]jsx.Fn{"call": b.call})
		if err := native.Set("EventEmitter", ee); err != nil {
			return nil, err
		}
		return prog.Run(vm, native)
	})
}

type binding struct {
	bot runtime.Bot
	vm  *goja.Runtime
	sb  *sandbox
}

// result is produced off the loop and rendered to JS on it.
type result struct {
	value  any
	render func(vm *goja.Runtime, v any) (goja.Value, error)
}

// call(name, args, cb?): synchronous without cb (throws), else cb(err, value)
// later on the loop.
func (b *binding) call(c goja.FunctionCall) goja.Value {
	vm := b.vm
	name := c.Argument(0).String()
	var args []goja.Value
	if err := vm.ExportTo(c.Argument(1), &args); err != nil {
		jsx.TypeError(vm, "fs: bad arguments for %s: %v", name, err)
	}
	work, err := b.prepare(name, args)
	if err != nil {
		panic(b.jsError(err))
	}
	cb, async := goja.AssertFunction(c.Argument(2))
	if !async {
		r, err := work()
		if err != nil {
			panic(b.jsError(err))
		}
		return b.renderOrThrow(r)
	}
	complete := b.bot.RegisterCallback()
	go func() {
		r, err := work()
		complete(func() error {
			if err != nil {
				_, cerr := cb(goja.Undefined(), b.jsError(err))
				return cerr
			}
			v, rerr := b.render(r)
			if rerr != nil {
				_, cerr := cb(goja.Undefined(), b.jsError(rerr))
				return cerr
			}
			_, cerr := cb(goja.Undefined(), goja.Null(), v)
			return cerr
		})
	}()
	return goja.Undefined()
}

func (b *binding) render(r result) (goja.Value, error) {
	if r.render == nil {
		return goja.Undefined(), nil
	}
	return r.render(b.vm, r.value)
}

func (b *binding) renderOrThrow(r result) goja.Value {
	v, err := b.render(r)
	if err != nil {
		panic(b.jsError(err))
	}
	return v
}

// jsError turns an fsError into a Node-shaped Error (code, errno, syscall,
// path); other errors become TypeErrors (bad arguments).
func (b *binding) jsError(err error) *goja.Object {
	var fe *fsError
	if !errors.As(err, &fe) {
		return jsx.Error(b.vm, "TypeError", "ERR_INVALID_ARG_VALUE", err.Error())
	}
	e := jsx.Error(b.vm, "Error", fe.code, fe.Error())
	_ = e.Set("errno", fe.errno)
	_ = e.Set("syscall", fe.syscall)
	_ = e.Set("path", fe.path)
	if fe.dest != "" {
		_ = e.Set("dest", fe.dest)
	}
	return e
}

// prepare parses args on the loop and returns the work to do anywhere.
func (b *binding) prepare(name string, args []goja.Value) (func() (result, error), error) {
	arg := func(i int) goja.Value {
		if i < len(args) {
			return args[i]
		}
		return goja.Undefined()
	}
	str := func(i int) string { return arg(i).String() }
	boolean := func(i int) bool { return arg(i).ToBoolean() }
	mode := func(i int, def os.FileMode) os.FileMode {
		if v := arg(i); !goja.IsUndefined(v) && !goja.IsNull(v) {
			return os.FileMode(v.ToInteger()) & os.ModePerm
		}
		return def
	}
	sb := b.sb
	none := func(err error) (result, error) { return result{}, err }
	switch name {
	case "readFile":
		p, enc := str(0), arg(1)
		if !goja.IsNull(enc) && !goja.IsUndefined(enc) && !buffer.IsEncoding(enc.String()) {
			return nil, fmt.Errorf("Unknown encoding: %s", enc.String())
		}
		return func() (result, error) {
			data, err := sb.readFile(p)
			return result{value: data, render: bytesOrString(enc)}, err
		}, nil
	case "writeFile", "appendFile":
		p := str(0)
		data, err := b.dataArg(arg(1), arg(2))
		if err != nil {
			return nil, err
		}
		flagName := arg(3).String()
		if goja.IsUndefined(arg(3)) {
			flagName = map[string]string{"writeFile": "w", "appendFile": "a"}[name]
		}
		flag, ok := flags[flagName]
		if !ok {
			return nil, fmt.Errorf("flag %q is not supported by botrt's fs (use w, wx, a or ax)", flagName)
		}
		perm := mode(4, 0o644)
		return func() (result, error) { return none(sb.writeFile(p, data, flag, perm)) }, nil
	case "mkdir":
		p, rec, perm := str(0), boolean(1), mode(2, 0o755)
		return func() (result, error) { return none(sb.mkdir(p, rec, perm)) }, nil
	case "readdir":
		p := str(0)
		return func() (result, error) {
			ents, err := sb.readdir(p)
			return result{value: ents, render: renderDirents}, err
		}, nil
	case "stat", "lstat":
		p := str(0)
		return func() (result, error) {
			st, err := sb.stat(p, name == "stat")
			return result{value: st, render: renderStat}, err
		}, nil
	case "exists":
		p := str(0)
		return func() (result, error) {
			ok, err := sb.exists(p)
			return result{value: ok, render: plain}, err
		}, nil
	case "access":
		p, m := str(0), arg(1).ToInteger()
		return func() (result, error) { return none(sb.access(p, m)) }, nil
	case "unlink":
		p := str(0)
		return func() (result, error) { return none(sb.unlink(p)) }, nil
	case "rmdir", "rm":
		p, rec, force := str(0), boolean(1), boolean(2)
		return func() (result, error) { return none(sb.rm(p, rec, force, name)) }, nil
	case "rename":
		from, to := str(0), str(1)
		return func() (result, error) { return none(sb.rename(from, to)) }, nil
	case "copyFile":
		from, to := str(0), str(1)
		return func() (result, error) { return none(sb.copyFile(from, to)) }, nil
	case "readChunk":
		p, off, n := str(0), arg(1).ToInteger(), int(arg(2).ToInteger())
		if off < 0 || n <= 0 || n > 1<<24 {
			return nil, fmt.Errorf("read range %d+%d is invalid", off, n)
		}
		return func() (result, error) {
			data, err := sb.readChunk(p, off, n)
			return result{value: data, render: bytesOrString(goja.Undefined())}, err
		}, nil
	case "realpath":
		p := str(0)
		return func() (result, error) {
			rp, err := sb.realpath(p)
			return result{value: rp, render: plain}, err
		}, nil
	}
	return nil, fmt.Errorf("fs.%s is not implemented in botrt", name)
}

var flags = map[string]int{
	"w":  os.O_WRONLY | os.O_CREATE | os.O_TRUNC,
	"wx": os.O_WRONLY | os.O_CREATE | os.O_EXCL,
	"a":  os.O_WRONLY | os.O_CREATE | os.O_APPEND,
	"ax": os.O_WRONLY | os.O_CREATE | os.O_APPEND | os.O_EXCL,
}

// dataArg copies the data to write (string in an encoding, or bytes) off
// the script's memory.
func (b *binding) dataArg(v, enc goja.Value) ([]byte, error) {
	if bs, ok := buffer.Bytes(b.vm, v); ok {
		return append([]byte(nil), bs...), nil
	}
	if _, ok := v.Export().(string); !ok {
		return nil, fmt.Errorf("The \"data\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received %s", jsx.Describe(v))
	}
	e := ""
	if !goja.IsUndefined(enc) && !goja.IsNull(enc) {
		e = enc.String()
	}
	return buffer.EncodeString(v, e)
}

func bytesOrString(enc goja.Value) func(*goja.Runtime, any) (goja.Value, error) {
	return func(vm *goja.Runtime, v any) (goja.Value, error) {
		data := v.([]byte)
		if goja.IsUndefined(enc) || goja.IsNull(enc) {
			return buffer.WrapOwned(vm, data)
		}
		return buffer.DecodeString(vm, data, enc.String())
	}
}

func plain(vm *goja.Runtime, v any) (goja.Value, error) { return vm.ToValue(v), nil }

func renderDirents(vm *goja.Runtime, v any) (goja.Value, error) {
	ents := v.([]dirent)
	out := make([]any, len(ents))
	for i, e := range ents {
		o := vm.NewObject()
		_ = o.Set("name", e.Name)
		_ = o.Set("dir", e.Dir)
		_ = o.Set("link", e.Link)
		out[i] = o
	}
	return vm.ToValue(out), nil
}

func renderStat(vm *goja.Runtime, v any) (goja.Value, error) {
	st := v.(stat)
	o := vm.NewObject()
	_ = o.Set("size", st.Size)
	_ = o.Set("mode", st.Mode)
	_ = o.Set("mtimeMs", float64(st.ModTime.UnixNano())/1e6)
	_ = o.Set("dir", st.Dir)
	_ = o.Set("link", st.Symlink)
	_ = o.Set("file", st.Regular)
	return o, nil
}
