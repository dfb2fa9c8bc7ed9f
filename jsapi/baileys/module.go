// Package baileys is the `@whiskeysockets/baileys` module scripts see (also
// reachable as `baileys` and `@adiwajshing/baileys`): makeWASocket over
// protocol's named sessions, useMultiFileAuthState, the helpers, proto and
// the socket's methods, with Baileys' names, shapes and status codes. The
// JavaScript face lives in baileys.js; this package gives it Go natives that
// reach protocol, converting values with jsconv on the bot's loop only.
//
// Sessions: useMultiFileAuthState(dir) names the session by dir's last path
// element; the state lives in badger (saveCreds has nothing to do).
// makeWASocket connects the session if it is not already connecting or open;
// per bot and session one reader of the session's queue and one watcher of
// its connection feed run for the bot's generation, and hand events to the
// bot's current socket for that session. A second makeWASocket for the same
// auth replaces the current socket (the old one hears nothing more) and hears
// connecting, then open (or the QR being shown), without a reconnect; a hot
// reload starts a new generation that resumes the queue after the last
// delivery whose handlers settled.
//
// Delivery: each queue entry's events go to ev.process handlers, then to the
// listeners; up to 16 entries' handlers run at once, started in queue order
// (pipeline.go), and the bot's cursor advances in order past entries whose
// promises settled, or after Config.HandlerBudget. Listener errors are
// logged, never dropped.
//
// Errors: socket methods reject with Boom errors (instanceof @hapi/boom's
// Boom) carrying Baileys' status codes; bad arguments are 400s naming the
// argument; Baileys exports botrt does not provide throw an error naming them
// when read.
package baileys

import (
	_ "embed"
	"fmt"
	"net/http"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/jsapi/node/fs"
	"github.com/botrt/botrt/jsapi/shims/boom"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime"
)

//go:embed baileys.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:baileys.js", Code: source}
	modKey = goja.NewSymbol("botrt.baileys")
)

// Names are the module names scripts import the module by.
var Names = []string{"@whiskeysockets/baileys", "baileys", "@adiwajshing/baileys"}

// Config is what the module needs of the host.
type Config struct {
	// Manager holds the sessions sockets attach to (required).
	Manager *protocol.Manager
	// HandlerBudget bounds how long the queue waits for a bot's handlers of
	// one delivery to settle before it moves the bot's cursor on anyway
	// (default 60 s): a handler awaiting something that never comes must not
	// stall the bot's inbox forever.
	HandlerBudget time.Duration
	// HTTP fetches {url: 'http(s)://…'} media (nil: content's default).
	HTTP *http.Client
	// LinkPreviewHTTP fetches the pages and images of link previews (nil: the bots' fetch policy,
	// which refuses loopback, private and link-local addresses).
	LinkPreviewHTTP *http.Client
	// HookBudget bounds how long the session waits for a script's message-path function
	// (getMessage, patchMessageBeforeSending, the msgRetryCounterCache count) to answer before it
	// goes on without it (default 10 s): whatsmeow and senders must never wait on a stuck script.
	HookBudget time.Duration
}

// Modules returns the module under every name scripts use for it.
func Modules(cfg Config) map[string]runtime.Module {
	m := Module(cfg)
	out := make(map[string]runtime.Module, len(Names))
	for _, n := range Names {
		out[n] = m
	}
	return out
}

// Module is require('@whiskeysockets/baileys'). All names share one instance
// per bot runtime.
func Module(cfg Config) runtime.Module {
	if cfg.HandlerBudget <= 0 {
		cfg.HandlerBudget = 60 * time.Second
	}
	if cfg.HookBudget <= 0 {
		cfg.HookBudget = 10 * time.Second
	}
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		if cfg.Manager == nil {
			return nil, fmt.Errorf("baileys: no session manager configured")
		}
		vm := bot.Runtime()
		return jsx.Cached(vm, modKey, func() (goja.Value, error) {
			st := newBotState(bot, cfg)
			native, err := st.natives()
			if err != nil {
				return nil, err
			}
			return prog.Run(vm, native)
		})
	})
}

// natives is the object of Go helpers baileys.js is run with.
func (st *botState) natives() (*goja.Object, error) {
	vm := st.bot.Runtime()
	native := vm.NewObject()
	ee, err := events.Class(vm)
	if err != nil {
		return nil, err
	}
	bm, err := boom.Exports(vm)
	if err != nil {
		return nil, err
	}
	fsMod, err := fs.Module().Instantiate(st.bot)
	if err != nil {
		return nil, err
	}
	_ = native.Set("fs", fsMod)
	_ = native.Set("EventEmitter", ee)
	_ = native.Set("boom", bm)
	jsx.Set(vm, native, "baileys", st.sessionNatives())
	jsx.Set(vm, native, "baileys", st.helperNatives())
	jsx.Set(vm, native, "baileys", st.connNatives())
	jsx.Set(vm, native, "baileys", st.optsNatives())
	return native, nil
}
