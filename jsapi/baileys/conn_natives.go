package baileys

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/dop251/goja"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"
	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/shims/qrterminal"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// whatsAppURL is Baileys' default waWebSocketUrl: it stands for the host's endpoint (WhatsApp, or
// the simulator botrt runs against), whatever that is.
const whatsAppURL = "wss://web.whatsapp.com/ws/chat"

// connOptions are the connection options of a socket's config, as baileys.js hands them over.
type connOptions struct {
	cfg protocol.SessionConfig
	// server is the host:port of a simulator named by waWebSocketUrl ("" for the host's endpoint):
	// its root key must be fetched before the session can be configured.
	server string
}

// readConnOptions reads the options object baileys.js builds from the resolved config.
func readConnOptions(vm *goja.Runtime, v goja.Value) (connOptions, error) {
	o, ok := v.(*goja.Object)
	if !ok {
		return connOptions{}, errs.New(400, "makeWASocket: connection options missing")
	}
	var out connOptions
	ms := func(key string) (time.Duration, error) {
		x := o.Get(key)
		if x == nil || goja.IsUndefined(x) {
			return 0, nil
		}
		n, ok := x.Export().(int64)
		if !ok {
			if f, isFloat := x.Export().(float64); isFloat && f >= 0 && f < 1<<53 {
				n, ok = int64(f), true
			}
		}
		if !ok || n < 0 {
			return 0, errs.BadField("config."+key, "a number of milliseconds >= 0 expected, got %s", jsx.Describe(x))
		}
		return time.Duration(n) * time.Millisecond, nil
	}
	var err error
	if out.cfg.ConnectTimeout, err = ms("connectTimeoutMs"); err != nil {
		return out, err
	}
	if out.cfg.KeepAlive, err = ms("keepAliveIntervalMs"); err != nil {
		return out, err
	}
	if out.cfg.QueryTimeout, err = ms("defaultQueryTimeoutMs"); err != nil {
		return out, err
	}
	if b, ok := o.Get("browser").Export().([]any); ok {
		parts := make([]string, 3)
		for i := range min(len(b), 3) {
			s, ok := b[i].(string)
			if !ok {
				return out, errs.BadField(fmt.Sprintf("config.browser[%d]", i), "string expected")
			}
			parts[i] = s
		}
		out.cfg.Browser = protocol.Browser{OS: parts[0], Name: parts[1], Version: parts[2]}
	}
	out.cfg.FullHistory = o.Get("syncFullHistory").ToBoolean()
	out.cfg.PresenceOnOpen = types.PresenceUnavailable
	if o.Get("markOnlineOnConnect").ToBoolean() {
		out.cfg.PresenceOnOpen = types.PresenceAvailable
	}
	out.server, err = serverOf(o.Get("waWebSocketUrl").String())
	return out, err
}

// serverOf reads waWebSocketUrl: "" for Baileys' default (the host's endpoint), else the host:port
// of a simulator at ws://host:port/….
func serverOf(raw string) (string, error) {
	if raw == whatsAppURL {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", errs.BadField("config.waWebSocketUrl", "%q is not a ws:// URL", raw)
	}
	switch {
	case u.Scheme == "ws":
		return u.Host, nil
	case u.Scheme == "wss" && u.Host == "web.whatsapp.com":
		return "", nil
	case u.Scheme == "tcp":
		// Baileys refuses it the same way.
		return "", errs.New(errs.LoggedOut, "Mobile API is not supported anymore")
	}
	return "", errs.BadField("config.waWebSocketUrl", "%q: botrt connects to WhatsApp (%s) or to a botrt simulator at ws://host:port/ws/chat (simulators serve plain ws)", raw, whatsAppURL)
}

// configure applies opts to the session: at once when they name the host's endpoint, else after
// fetching the simulator's root key (GET /api/root-key) off the loop.
func (st *botState) configure(s *protocol.Session, opts connOptions) (pending goja.Value, err error) {
	if opts.server == "" {
		return goja.Undefined(), s.Configure(opts.cfg)
	}
	return st.async(func(ctx context.Context) (jsval.Value, error) {
		timeout := opts.cfg.ConnectTimeout
		if timeout <= 0 {
			timeout = 20 * time.Second
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ep, err := protocol.SimEndpoint(ctx, "http://"+opts.server)
		if err != nil {
			return nil, errs.Wrap(errs.ConnectionClosed, "config.waWebSocketUrl: the simulator at "+opts.server+" did not give its root key", err)
		}
		opts.cfg.Endpoint = &ep
		return jsval.Undefined, s.Configure(opts.cfg)
	}), nil
}

func (st *botState) connNatives() map[string]jsx.Fn {
	vm := st.bot.Runtime()
	sessionOf := func(call goja.FunctionCall) *protocol.Session {
		s, err := st.session(st.bot.Context(), jsx.String(vm, call, 0, "name"))
		if err != nil {
			throw(vm, err)
		}
		return s
	}
	return map[string]jsx.Fn{
		// configure(name, opts) → undefined, or a Promise when the options name a simulator whose
		// root key must be fetched first; bad options throw a Boom 400.
		"configure": func(call goja.FunctionCall) goja.Value {
			s := sessionOf(call)
			opts, err := readConnOptions(vm, call.Argument(1))
			if err != nil {
				throw(vm, err)
			}
			pending, err := st.configure(s, opts)
			if err != nil {
				throw(vm, err)
			}
			return pending
		},
		// counts(name) → {sent, received}: the session's message tally (protocol.Counts).
		"counts": func(call goja.FunctionCall) goja.Value {
			c := sessionOf(call).Counts()
			v, err := jsconv.ToJS(vm, jsval.NewObject().Set("sent", c.Sent).Set("received", c.Received))
			if err != nil {
				throw(vm, err)
			}
			return v
		},
		// online(name) → whether the session is open and its last presence was available.
		"online": func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(sessionOf(call).Online())
		},
		// logTo(name, pinoLevelValue, write): the session's logs go to write(method, msg, attrs)
		// at that level (Infinity: none), on the loop.
		"logTo": func(call goja.FunctionCall) goja.Value {
			st.logTo(sessionOf(call), call.Argument(1).ToFloat(), jsx.Callable(vm, call, 2, "write"))
			return goja.Undefined()
		},
		// renderQR(text) → the QR code drawn for a terminal, as qrcode-terminal's small output.
		"renderQR": func(call goja.FunctionCall) goja.Value {
			out, err := qrterminal.Render(jsx.String(vm, call, 0, "qr"))
			if err != nil {
				throw(vm, errs.Wrap(500, "printQRInTerminal: rendering the QR code failed", err))
			}
			return vm.ToValue(out)
		},
	}
}

// connectSocket is sock.connect(): resolves once the session is open (at once when it is), and
// rejects with the error the attempt closed with, or 401 when the session was logged out.
func connectSocket(ctx context.Context, _ *botState, s *protocol.Session, _ []jsval.Value) (jsval.Value, error) {
	if err := s.ConnectAndWait(ctx); err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, errs.Wrap(errs.ConnectionClosed, "Connection Closed", err)
	}
	return jsval.Undefined, nil
}

// sock.connect joins the socket methods here rather than in methods.go's table, which belongs to
// the message and reference methods.
func init() {
	methods["connect"] = method{nil, connectSocket}
}
