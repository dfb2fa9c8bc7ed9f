// Package denied registers the Node modules that reach past the sandbox
// (processes, sockets, servers, other isolates, the VM itself). Requiring
// one throws an error that names the module and says why it is missing,
// instead of the generic "cannot find module".
package denied

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/runtime"
)

// Reasons maps each refused module to why a bot cannot have it.
var Reasons = map[string]string{
	"child_process":  "bots cannot start host processes",
	"cluster":        "bots cannot fork the host",
	"worker_threads": "bots run on one event loop each",
	"net":            "bots cannot open raw sockets; use fetch for HTTP",
	"tls":            "bots cannot open raw sockets; use fetch for HTTPS",
	"dgram":          "bots cannot open UDP sockets",
	"dns":            "bots cannot query DNS directly; fetch resolves names itself",
	"http":           "bots cannot run HTTP servers or raw clients; use fetch for requests",
	"https":          "bots cannot run HTTPS servers or raw clients; use fetch for requests",
	"http2":          "bots cannot open HTTP/2 sessions; use fetch",
	"vm":             "bots cannot create new JavaScript contexts",
	"v8":             "bots cannot reach the engine",
	"inspector":      "bots cannot open a debugger",
	"repl":           "bots cannot open a REPL on the host",
	"module":         "bots cannot change module loading",
	"tty":            "bots cannot open terminals; use readline",
}

// Modules returns one refusing module per entry of Reasons.
func Modules() map[string]runtime.Module {
	out := make(map[string]runtime.Module, len(Reasons))
	for name, why := range Reasons {
		err := fmt.Errorf("module %q is not available in the botrt sandbox: %s", name, why)
		out[name] = runtime.ModuleFunc(func(runtime.Bot) (goja.Value, error) { return nil, err })
	}
	return out
}
