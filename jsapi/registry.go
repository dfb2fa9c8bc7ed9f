// Package jsapi assembles what scripts see besides the Baileys module: the
// Node built-ins and globals (jsapi/node/*) and the shims for the npm
// packages Baileys bots import (jsapi/shims/*). Builtins returns them in the
// shape runtime.Options takes.
package jsapi

import (
	"io"
	"net/http"
	"time"

	"github.com/botrt/botrt/jsapi/node/assert"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/crypto"
	"github.com/botrt/botrt/jsapi/node/denied"
	"github.com/botrt/botrt/jsapi/node/encoding"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/jsapi/node/fetch"
	"github.com/botrt/botrt/jsapi/node/fs"
	"github.com/botrt/botrt/jsapi/node/lang"
	nodeos "github.com/botrt/botrt/jsapi/node/os"
	"github.com/botrt/botrt/jsapi/node/path"
	"github.com/botrt/botrt/jsapi/node/process"
	"github.com/botrt/botrt/jsapi/node/querystring"
	"github.com/botrt/botrt/jsapi/node/readline"
	"github.com/botrt/botrt/jsapi/node/stringdecoder"
	"github.com/botrt/botrt/jsapi/node/timers"
	"github.com/botrt/botrt/jsapi/node/util"
	"github.com/botrt/botrt/jsapi/node/web"
	"github.com/botrt/botrt/jsapi/shims/axios"
	"github.com/botrt/botrt/jsapi/shims/boom"
	"github.com/botrt/botrt/jsapi/shims/dotenv"
	"github.com/botrt/botrt/jsapi/shims/nodecache"
	"github.com/botrt/botrt/jsapi/shims/pino"
	"github.com/botrt/botrt/jsapi/shims/qrterminal"
	"github.com/botrt/botrt/runtime"
)

// Config is what the built-ins may know of the host. The zero value is a
// closed sandbox: no host env vars, no terminal, default fetch limits.
type Config struct {
	// Env names the host environment variables scripts may read through
	// process.env (each bot gets its own copy).
	Env []string
	// Args are appended to every bot's process.argv.
	Args []string
	// Version is botrt's version (process.versions.botrt).
	Version string

	// Stdin is the host's input, read by readline questions when
	// Interactive; one reader is shared by all bots of the host.
	Stdin       io.Reader
	Interactive bool
	// Terminal shows readline prompts and printed QR codes; nil sends them
	// to the bot's log only.
	Terminal io.Writer

	// HTTPClient sends fetch requests (nil: a client of its own, which
	// refuses loopback, private and link-local addresses unless
	// AllowPrivateNetworks); FetchTimeout bounds each request (default 30s)
	// and FetchMaxBody its response body (default 32 MiB).
	HTTPClient           *http.Client
	AllowPrivateNetworks bool
	FetchTimeout         time.Duration
	FetchMaxBody         int64
}

// Set is the modules and globals to pass to runtime.Options.
type Set struct {
	Modules map[string]runtime.Module
	Globals []runtime.Global
}

// Builtins returns every module (each also reachable as node:<name>
// through the host) and the globals, in installation order.
func Builtins(cfg Config) Set {
	var stdin *readline.Stdin
	if cfg.Stdin != nil {
		stdin = readline.NewStdin(cfg.Stdin)
	}
	rl := readline.Config{Stdin: stdin, Interactive: cfg.Interactive, Prompt: cfg.Terminal}
	nodeCache := nodecache.Module()
	fetchCfg := fetch.Config{Client: cfg.HTTPClient, AllowPrivateNetworks: cfg.AllowPrivateNetworks, Timeout: cfg.FetchTimeout, MaxBody: cfg.FetchMaxBody}
	mods := map[string]runtime.Module{
		"buffer":            buffer.Module(),
		"events":            events.Module(),
		"util":              util.Module(),
		"path":              path.Module(),
		"fs":                fs.Module(),
		"fs/promises":       fs.PromisesModule(),
		"crypto":            crypto.Module(),
		"readline":          readline.Module(rl),
		"readline/promises": readline.PromisesModule(rl),
		"os":                nodeos.Module(),
		"url":               web.URLModule(),
		"timers":            timers.Module(),
		"timers/promises":   timers.PromisesModule(),
		"assert":            assert.Module(),
		"assert/strict":     assert.StrictModule(),
		"string_decoder":    stringdecoder.Module(),
		"querystring":       querystring.Module(),
		"perf_hooks":        lang.PerfHooksModule(),

		"pino":                  pino.Module(),
		"@hapi/boom":            boom.Module(),
		"qrcode-terminal":       qrterminal.Module(qrterminal.Config{Out: cfg.Terminal}),
		"node-cache":            nodeCache,
		"@cacheable/node-cache": nodeCache,
		"dotenv":                dotenv.Module(),
		"dotenv/config":         dotenv.ConfigModule(),
		"node-fetch":            fetch.NodeFetchModule(fetchCfg),
		"axios":                 axios.Module(),
	}
	for name, m := range denied.Modules() {
		mods[name] = m
	}
	return Set{
		Modules: mods,
		Globals: []runtime.Global{
			lang.Global(),
			buffer.Global(),
			encoding.Global(),
			web.Global(),
			process.Global(process.Config{Env: cfg.Env, Args: cfg.Args, Interactive: cfg.Interactive && stdin != nil, Version: cfg.Version}),
			crypto.Global(),
			fetch.Global(fetchCfg),
		},
	}
}
