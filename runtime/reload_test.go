package runtime_test

import (
	"fmt"
	"os"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// probe counts hits by label from scripts: probe.hit('x').
type probe struct {
	mu   sync.Mutex
	hits map[string]int
}

func newProbe() *probe { return &probe{hits: map[string]int{}} }

func (p *probe) count(label string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[label]
}

func (p *probe) module() runtime.Module {
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		o := vm.NewObject()
		return o, o.Set("hit", func(call goja.FunctionCall) goja.Value {
			p.mu.Lock()
			p.hits[call.Argument(0).String()]++
			p.mu.Unlock()
			return goja.Undefined()
		})
	})
}

func startWithProbe(t *testing.T, files map[string]string, configure func(*runtime.Options)) (*runtimetest.Env, *runtimetest.Sock, *probe) {
	t.Helper()
	sock, pr := runtimetest.NewSock(), newProbe()
	e := runtimetest.Start(t, runtimetest.Options{
		Files:     files,
		Modules:   map[string]runtime.Module{"sock": sock.Module(), "probe": pr.module(), "fs": testFS, "path": testPath},
		Configure: configure,
	})
	return e, sock, pr
}

// versioned is a bot answering its version, with an interval ticking a probe.
func versioned(v string) string {
	return fmt.Sprintf(`
const sock = require('sock'), probe = require('probe')
setInterval(() => probe.hit('tick-%[1]s'), 2)
sock.ev.on('msg', () => sock.send('%[1]s'))
`, v)
}

func TestHotReload(t *testing.T) {
	runtimetest.NoLeaks(t)
	e, sock, pr := startWithProbe(t, map[string]string{"bot.js": versioned("v1")}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "first version", ask(t, sock, "bot", "?"), "v1")

	// In-place save.
	e.Write("bot.js", versioned("v2"))
	ev := e.WaitEvent("bot", runtime.EventReloaded)
	if ev.Generation != 2 || ev.Took <= 0 || ev.Time.IsZero() || !ev.Running {
		t.Fatalf("reload event %+v", ev)
	}
	expect(t, "after in-place save", ask(t, sock, "bot", "?"), "v2")

	// The old generation's interval stopped: v2 ticks on, v1 does not.
	v1 := pr.count("tick-v1")
	base := pr.count("tick-v2")
	runtimetest.Eventually(t, runtimetest.DefaultTimeout, func() bool { return pr.count("tick-v2") >= base+20 }, "v2 interval ticks")
	if n := pr.count("tick-v1"); n > v1+1 {
		t.Fatalf("old interval kept firing after the reload: %d -> %d", v1, n)
	}

	// Rename-style save (temporary file renamed over the old one).
	e.WriteAtomic("bot.js", versioned("v3"))
	e.WaitEvent("bot", runtime.EventReloaded)
	expect(t, "after atomic save", ask(t, sock, "bot", "?"), "v3")

	// A syntax error keeps the last good version running.
	e.Write("bot.js", "const sock = require('sock'\nsock.ev.on('msg', () => sock.send('broken'))\n")
	ev = e.WaitEvent("bot", runtime.EventFailed)
	if !ev.Running || !strings.Contains(ev.Err.Error(), "bot.js:2:") {
		t.Fatalf("failed reload: running=%v err=%v", ev.Running, ev.Err)
	}
	expect(t, "after a syntax error", ask(t, sock, "bot", "?"), "v3")

	// So does a script that throws while loading.
	e.Write("bot.js", "const sock = require('sock')\nsock.ev.on('msg', () => sock.send('half'))\nnull.x\n")
	ev = e.WaitEvent("bot", runtime.EventFailed)
	if !strings.Contains(ev.Err.Error(), "bot.js:3:") {
		t.Fatalf("throw at load: %v", ev.Err)
	}
	expect(t, "after a throw at load", ask(t, sock, "bot", "?"), "v3")
	if n := sock.Listeners("bot"); n != 1 {
		t.Fatalf("the failed generation left listeners behind: %d", n)
	}

	e.Write("bot.js", versioned("v4"))
	e.WaitEvent("bot", runtime.EventReloaded)
	expect(t, "fixed", ask(t, sock, "bot", "?"), "v4")

	// Deleting the file stops the bot; a new file starts one.
	e.Remove("bot.js")
	e.WaitEvent("bot", runtime.EventStopped)
	runtimetest.Eventually(t, runtimetest.DefaultTimeout, func() bool { return sock.Generations("bot") == 0 }, "old sock released")
	if err := sock.Emit("bot", "msg", nil); err == nil {
		t.Fatal("a deleted bot still takes events")
	}
	e.Write("other.ts", versioned("o1"))
	e.WaitEvent("other", runtime.EventStarted)
	expect(t, "new file", ask(t, sock, "other", "?"), "o1")
}

func TestReloadOnlyAffectsDependents(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{
		"a.js":          "const sock = require('sock'), { word } = require('./lib/shared')\nsock.ev.on('msg', () => sock.send(word))\n",
		"b.js":          "const sock = require('sock')\nsock.ev.on('msg', () => sock.send('b'))\n",
		"lib/shared.js": "exports.word = 'one'\n",
		"plugins.js": `
const fs = require('fs'), path = require('path'), sock = require('sock')
const names = fs.readdirSync(path.join(__dirname, 'plugins')).sort()
for (const f of names) require(path.join(__dirname, 'plugins', f))
sock.ev.on('msg', () => sock.send(names.join(',')))
`,
		"plugins/one.js": "// one\n",
	}, nil)
	for _, b := range []string{"a", "b", "plugins"} {
		e.WaitEvent(b, runtime.EventStarted)
	}
	e.Write("lib/shared.js", "exports.word = 'two'\n")
	e.WaitEvent("a", runtime.EventReloaded)
	expect(t, "dependent reloaded", ask(t, sock, "a", "?"), "two")

	// A new file next to loaded plugins reloads the bot that loaded them.
	e.Write("plugins/two.js", "// two\n")
	e.WaitEvent("plugins", runtime.EventReloaded)
	expect(t, "plugin folder", ask(t, sock, "plugins", "?"), "one.js,two.js")

	for _, bi := range e.Host.Bots() {
		want := map[string]int{"a": 2, "b": 1, "plugins": 2}[bi.Name]
		if bi.Generation != want || !bi.Running {
			t.Errorf("bot %s: generation %d running %v, want generation %d", bi.Name, bi.Generation, bi.Running, want)
		}
	}
}

func TestRapidSavesCoalesce(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{"bot.js": versioned("v0")}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	for i := 1; i <= 10; i++ {
		e.Write("bot.js", versioned(fmt.Sprintf("v%d", i)))
	}
	answersWithin(t, sock, "bot", "?", "v10")
	e.WaitEvent("bot", runtime.EventReloaded)
	reloads := 0
	for _, ev := range e.Events() {
		if ev.Kind == runtime.EventReloaded {
			reloads++
		}
	}
	if reloads == 0 || reloads > 3 {
		t.Fatalf("10 saves in a burst gave %d reloads, want 1 (a few under load)", reloads)
	}
}

func TestHundredReloadsLeakNothing(t *testing.T) {
	runtimetest.NoLeaks(t)
	bot := func(i int) string {
		return fmt.Sprintf(`
const sock = require('sock')
sock.ev.on('msg', () => sock.send('v%d'))
sock.ev.on('other', () => {})
const t = setInterval(() => {}, 1000)
`, i)
	}
	e, sock, _ := startWithProbe(t, map[string]string{"bot.js": bot(0)}, func(o *runtime.Options) { o.Debounce = 5 * time.Millisecond })
	e.Logs.Quiet()
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "first", ask(t, sock, "bot", "?"), "v0")
	goroutines := goruntime.NumGoroutine()
	for i := 1; i <= 100; i++ {
		e.Write("bot.js", bot(i))
		e.WaitEvent("bot", runtime.EventReloaded)
	}
	expect(t, "after 100 reloads", ask(t, sock, "bot", "?"), "v100")
	runtimetest.Eventually(t, runtimetest.DefaultTimeout, func() bool {
		return sock.Listeners("bot") == 2 && sock.Generations("bot") == 1
	}, "listeners of old generations released (now %d in %d generations)", sock.Listeners("bot"), sock.Generations("bot"))
	runtimetest.Eventually(t, runtimetest.DefaultTimeout, func() bool {
		return goruntime.NumGoroutine() <= goroutines
	}, "goroutines back to %d", goroutines)
}

func TestVimStyleSaveReloads(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{"bot.js": versioned("v1")}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	// vim's default: rename the file to a backup, write a new file, drop the backup.
	if err := os.Rename(e.Path("bot.js"), e.Path("bot.js~")); err != nil {
		t.Fatal(err)
	}
	e.Write("bot.js", versioned("v2"))
	e.Remove("bot.js~")
	e.WaitEvent("bot", runtime.EventReloaded)
	expect(t, "after a vim save", ask(t, sock, "bot", "?"), "v2")
	for _, ev := range e.Events() {
		if ev.Kind == runtime.EventStopped {
			t.Fatalf("the save stopped the bot: %+v", ev)
		}
	}
}

func TestFailedBotRetriesWhenTheMissingFileAppears(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{
		"bot.ts": "import sock from 'sock'\nimport { word } from './lib/words'\nsock.ev.on('msg', () => sock.send(word))\n",
	}, nil)
	ev := e.WaitEvent("bot", runtime.EventFailed)
	if !strings.Contains(ev.Err.Error(), `"./lib/words"`) {
		t.Fatalf("first load: %v", ev.Err)
	}
	if bots := e.Host.Bots(); len(bots) != 1 || bots[0].Running || bots[0].LastError == nil || bots[0].Entry != "bot.ts" {
		t.Fatalf("status %+v", bots)
	}
	e.Write("lib/words.ts", "export const word: string = 'found'\n")
	e.WaitEvent("bot", runtime.EventStarted)
	expect(t, "after the file appeared", ask(t, sock, "bot", "?"), "found")
	if bots := e.Host.Bots(); !bots[0].Running || bots[0].LastError != nil || bots[0].Generation != 2 {
		t.Fatalf("status %+v", bots)
	}
}

func TestFixingAFileOnlyTheFailedVersionLoadedReloads(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{"bot.js": versioned("v1")}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	// v2 needs a new file, which is broken at first.
	e.Write("lib/fresh.js", "module.exports = 'v2' +\n")
	e.Write("bot.js", "const sock = require('sock'), v = require('./lib/fresh')\nsock.ev.on('msg', () => sock.send(v))\n")
	ev := e.WaitEvent("bot", runtime.EventFailed)
	if !ev.Running || !strings.Contains(ev.Err.Error(), "lib/fresh.js") {
		t.Fatalf("failed load: %+v", ev)
	}
	expect(t, "old version kept", ask(t, sock, "bot", "?"), "v1")
	e.Write("lib/fresh.js", "module.exports = 'v2'\n")
	e.WaitEvent("bot", runtime.EventReloaded)
	expect(t, "fixed", ask(t, sock, "bot", "?"), "v2")
}

func TestCreatingAMissingRequiredFileReloads(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{"bot.js": versioned("v1")}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	e.Write("bot.js", "const sock = require('sock'), v = require('./lib/later')\nsock.ev.on('msg', () => sock.send(v))\n")
	if ev := e.WaitEvent("bot", runtime.EventFailed); !ev.Running {
		t.Fatalf("failed load: %+v", ev)
	}
	e.Write("lib/later.ts", "export = 'v2'\n")
	e.WaitEvent("bot", runtime.EventReloaded)
	expect(t, "after the file was created", ask(t, sock, "bot", "?"), "v2")
}

func TestRestartOnRequest(t *testing.T) {
	e, sock, _ := startWithProbe(t, map[string]string{
		"bot.js": "const sock = require('sock')\nsock.ev.on('msg', () => sock.exit(0))\n",
	}, nil)
	e.WaitEvent("bot", runtime.EventStarted)
	if err := sock.Emit("bot", "msg", nil); err != nil {
		t.Fatal(err)
	}
	e.WaitEvent("bot", runtime.EventExited)
	ctx := t.Context()
	if err := e.Host.Restart(ctx, "bot"); err != nil {
		t.Fatal(err)
	}
	if ev := e.WaitEvent("bot", runtime.EventStarted); ev.Generation != 2 {
		t.Fatalf("restart gave %+v", ev)
	}
	if err := e.Host.Restart(ctx, "nobody"); err == nil || !strings.Contains(err.Error(), `no bot named "nobody"`) {
		t.Fatalf("unknown bot: %v", err)
	}
}
