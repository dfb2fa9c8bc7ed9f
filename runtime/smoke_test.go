package runtime_test

import (
	"testing"

	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/runtime/runtimetest"
)

func TestSmoke(t *testing.T) {
	runtimetest.NoLeaks(t)
	sock := runtimetest.NewSock()
	e := runtimetest.RunScript(t, `
const sock = require('sock')
console.log('hello', {a: 1, b: [1,2]})
sock.ev.on('msg', async (m) => { await null; sock.send('echo ' + m.text) })
`, map[string]runtime.Module{"sock": sock.Module()})
	e.Logs.Wait("hello { a: 1, b: [ 1, 2 ] }")
	if err := sock.Emit("main", "msg", map[string]any{"text": "hi"}); err != nil {
		t.Fatal(err)
	}
	if got := sock.WaitSent(t, "main").Text(); got != "echo hi" {
		t.Fatalf("sent %q", got)
	}
}
