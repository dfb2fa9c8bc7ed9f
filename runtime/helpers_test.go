package runtime_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// testFS is a tiny stand-in for the fs module (built by another package):
// readdirSync of folders inside the scripts folder, enough for plugin
// loaders written the Node way.
var testFS = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	err := o.Set("readdirSync", func(call goja.FunctionCall) goja.Value {
		dir := filepath.Clean(call.Argument(0).String())
		if !strings.HasPrefix(dir, bot.ScriptDir()) {
			panic(vm.NewGoError(os.ErrPermission))
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			panic(vm.NewGoError(err))
		}
		var names []any
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return vm.NewArray(names...)
	})
	return o, err
})

// testPath is the path module's join, for the same reason.
var testPath = runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
	vm := bot.Runtime()
	o := vm.NewObject()
	err := o.Set("join", func(call goja.FunctionCall) goja.Value {
		parts := make([]string, len(call.Arguments))
		for i, a := range call.Arguments {
			parts[i] = a.String()
		}
		return vm.ToValue(filepath.Join(parts...))
	})
	return o, err
})

// start runs a host over files with the stand-in sock, fs and path modules.
func start(t *testing.T, files map[string]string, configure func(*runtime.Options)) (*runtimetest.Env, *runtimetest.Sock) {
	t.Helper()
	sock := runtimetest.NewSock()
	e := runtimetest.Start(t, runtimetest.Options{
		Files:     files,
		Modules:   map[string]runtime.Module{"sock": sock.Module(), "fs": testFS, "path": testPath},
		Configure: configure,
	})
	return e, sock
}

// ask emits a "msg" event with text and returns what the bot sends back.
func ask(t *testing.T, sock *runtimetest.Sock, bot, text string) string {
	t.Helper()
	if err := sock.Emit(bot, "msg", map[string]any{"text": text}); err != nil {
		t.Fatal(err)
	}
	return sock.WaitSent(t, bot).Text()
}

// expect fails unless got equals want.
func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
}

// answersWithin polls the bot with pings until it answers want (hot reload
// makes the new version live asynchronously, and a ping landing on the
// generation being replaced is dropped with it).
func answersWithin(t *testing.T, sock *runtimetest.Sock, bot, text, want string) {
	t.Helper()
	deadline := time.Now().Add(runtimetest.DefaultTimeout)
	last := "nothing"
	for time.Now().Before(deadline) {
		if err := sock.Emit(bot, "msg", map[string]any{"text": text}); err != nil {
			last = err.Error() // between generations: poll again shortly
			time.Sleep(time.Millisecond)
			continue
		}
		if got, ok := sock.NextSent(bot, 200*time.Millisecond); ok {
			if got.Text() == want {
				return
			}
			last = got.Text()
		}
	}
	t.Fatalf("bot %s still answers %q, want %q", bot, last, want)
}
