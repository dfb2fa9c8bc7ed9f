package jsapi_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// process.on('uncaughtException' | 'unhandledRejection') listeners receive the
// bot's uncaught errors, as in Node, instead of the host's log; a bot without
// listeners still has its errors logged.
func TestProcessErrorListenersReceiveUncaughtErrors(t *testing.T) {
	runtimetest.NoLeaks(t)
	e := start(t, jsapi.Config{}, map[string]string{
		"main.js": `
const seen = []
process.on('uncaughtException', (err, origin) => { seen.push('exception:' + err.message + ':' + origin); report() })
process.on('unhandledRejection', (reason) => { seen.push('rejection:' + reason.message); report() })
function report() { if (seen.length === 2) console.log('SEEN', seen.sort().join(' ')) }
setTimeout(() => { throw new Error('boom in timer') }, 1)
Promise.reject(new Error('nobody waits'))
`,
		"plain.js": `setTimeout(() => { throw new Error('logged by the host') }, 1)`,
	})
	line := e.Logs.Wait("SEEN")
	want := "SEEN exception:boom in timer:uncaughtException rejection:nobody waits"
	if !strings.Contains(line, want) {
		t.Fatalf("got %q, want %q", line, want)
	}
	e.Logs.Wait("logged by the host")
	if n := e.Logs.Count("boom in timer"); n != 1 {
		t.Fatalf("a handled exception still reached the host log (%d lines mention it)", n)
	}
}
