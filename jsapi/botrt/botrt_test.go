package botrt_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/botrt"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/store"
)

// counter counts the "msg" events it gets in kv and reports the count.
const counter = `
const { kv } = require('botrt')
const sock = require('sock')
sock.ev.on('msg', () => {
	const n = (kv.get('count') ?? 0) + 1
	kv.set('count', n)
	kv.set('last', { n, at: 'x', tags: ['a', 'b'] })
	sock.send(VERSION + ' ' + n)
})
`

func startCounter(t *testing.T, db *store.DB, sock *runtimetest.Sock) *runtimetest.Env {
	t.Helper()
	e := runtimetest.Start(t, runtimetest.Options{
		Files:   map[string]string{"counter.js": "const VERSION = 'v1'\n" + counter},
		Modules: map[string]runtime.Module{"botrt": botrt.New(db), "sock": sock.Module()},
	})
	e.WaitEvent("counter", runtime.EventStarted)
	return e
}

func emit(t *testing.T, sock *runtimetest.Sock) {
	t.Helper()
	if err := sock.Emit("counter", "msg", nil); err != nil {
		t.Fatal(err)
	}
}

func TestKVSurvivesReloadAndRestart(t *testing.T) {
	runtimetest.NoLeaks(t)
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	sock := runtimetest.NewSock()
	e := startCounter(t, db, sock)
	emit(t, sock)
	emit(t, sock)
	if got := sock.WaitSent(t, "counter").Text(); got != "v1 1" {
		t.Fatalf("got %q", got)
	}
	if got := sock.WaitSent(t, "counter").Text(); got != "v1 2" {
		t.Fatalf("got %q", got)
	}

	// A reload starts a fresh runtime; the count is still there.
	e.Write("counter.js", "const VERSION = 'v2'\n"+counter)
	e.WaitEvent("counter", runtime.EventReloaded)
	emit(t, sock)
	if got := sock.WaitSent(t, "counter").Text(); got != "v2 3" {
		t.Fatalf("after reload got %q", got)
	}

	// A restart of the whole process: new host, database reopened.
	e.Stop()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sock2 := runtimetest.NewSock()
	e2 := startCounter(t, db, sock2)
	defer e2.Stop()
	emit(t, sock2)
	if got := sock2.WaitSent(t, "counter").Text(); got != "v1 4" {
		t.Fatalf("after restart got %q", got)
	}
}

func TestKVAPI(t *testing.T) {
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sock := runtimetest.NewSock()
	runtimetest.RunScript(t, `
const { kv } = require('botrt')
const sock = require('sock')
const out = []
const check = (name, fn) => { try { out.push(name + '=' + JSON.stringify(fn())) } catch (e) { out.push(name + '!' + e.message) } }
check('get-missing', () => kv.get('nope') === undefined)
check('set', () => kv.set('user:1', { name: 'Ana', n: 1 }))
kv.set('user:2', [1, 'two', null])
kv.set('flag', false)
check('get', () => kv.get('user:1'))
check('get-array', () => kv.get('user:2'))
check('get-false', () => kv.get('flag'))
check('has', () => [kv.has('flag'), kv.has('nope')])
check('keys', () => kv.keys())
check('keys-prefix', () => kv.keys('user:'))
check('delete', () => [kv.delete('flag'), kv.delete('flag'), kv.has('flag')])
check('set-undefined', () => kv.set('u', undefined))
check('set-fn', () => kv.set('f', () => 1))
check('key-type', () => kv.get(42))
check('bigint', () => kv.set('b', 1n))
check('cycle', () => { const o = {}; o.o = o; kv.set('c', o) })
sock.send(out.join('\n'))
`, map[string]runtime.Module{"botrt": botrt.New(db), "sock": sock.Module()})
	got := sock.WaitSent(t, "main").Text()
	want := []string{
		`get-missing=true`,
		`set=undefined`,
		`get={"name":"Ana","n":1}`,
		`get-array=[1,"two",null]`,
		`get-false=false`,
		`has=[true,false]`,
		`keys=["flag","user:1","user:2"]`,
		`keys-prefix=["user:1","user:2"]`,
		`delete=[true,false,false]`,
		`set-undefined!kv.set("u"): undefined cannot be stored as JSON; use kv.delete to remove a key`,
		`set-fn!kv.set("f"): a function cannot be stored as JSON; use kv.delete to remove a key`,
		`key-type!kv.get: the key must be a string, got a int64`,
	}
	lines := splitLines(got)
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Fatalf("line %d:\n got  %q\n want %q\nall:\n%s", i, at(lines, i), w, got)
		}
	}
	if len(lines) != len(want)+2 || lines[len(want)][:7] != "bigint!" || lines[len(want)+1][:6] != "cycle!" {
		t.Fatalf("BigInt and cycles must throw:\n%s", got)
	}
}

func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// TestTypingsMatchTheModule keeps types/botrt.d.ts in step with what the
// module exports: every method of kv is declared in interface KV and the
// other way round.
func TestTypingsMatchTheModule(t *testing.T) {
	src, err := os.ReadFile("../../types/botrt.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	start := strings.Index(body, "interface KV {")
	end := strings.Index(body[start:], "\n    }\n")
	if start < 0 || end < 0 {
		t.Fatal("interface KV not found in types/botrt.d.ts")
	}
	declared := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(\w+)(?:<[^>]*>)?\(`).FindAllStringSubmatch(body[start:start+end], -1) {
		declared[m[1]] = true
	}
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sock := runtimetest.NewSock()
	runtimetest.RunScript(t, "const { kv } = require('botrt'); require('sock').send(Object.keys(kv).sort().join(' '))\n",
		map[string]runtime.Module{"botrt": botrt.New(db), "sock": sock.Module()})
	exported := strings.Fields(sock.WaitSent(t, "main").Text())
	for _, name := range exported {
		if !declared[name] {
			t.Errorf("kv.%s is exported but not declared in types/botrt.d.ts", name)
		}
		delete(declared, name)
	}
	for name := range declared {
		t.Errorf("kv.%s is declared in types/botrt.d.ts but not exported", name)
	}
}
