// Package fetch provides the `fetch` global (with Headers, Request and
// Response) over Go's net/http: every request has a timeout, follows the
// bot's lifetime (a stopped bot cancels its requests) and an AbortSignal,
// and resolves on the bot's loop through Bot.RegisterCallback. Bodies are
// read whole, up to a size limit; streaming bodies are not provided.
package fetch

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/botrt/botrt/jsapi/internal/jsx"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/runtime"
)

//go:embed fetch.js
var source string

var (
	prog   = &jsx.Source{Name: "botrt:fetch.js", Code: source}
	modKey = goja.NewSymbol("botrt.fetch")
)

// Config bounds the requests scripts make.
type Config struct {
	// Client sends the requests; nil means a client of its own that refuses
	// loopback, private and link-local addresses unless AllowPrivateNetworks.
	Client               *http.Client
	AllowPrivateNetworks bool
	// Timeout bounds one request, body included; default 30s.
	Timeout time.Duration
	// MaxBody bounds a response body; default 32 MiB.
	MaxBody int64
	// UserAgent is sent when the script sets none.
	UserAgent string
}

func (c Config) withDefaults() Config {
	if c.Client == nil {
		c.Client = GuardedClient(c.AllowPrivateNetworks)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 32 << 20
	}
	if c.UserAgent == "" {
		c.UserAgent = "botrt"
	}
	return c
}

// Global installs fetch, Headers, Request and Response.
func Global(cfg Config) runtime.Global {
	cfg = cfg.withDefaults()
	return runtime.GlobalFunc(func(bot runtime.Bot) error {
		return jsx.Lazy(bot.Runtime(), []string{"fetch", "Headers", "Request", "Response"}, func() (*goja.Object, error) {
			return exports(bot, cfg)
		})
	})
}

// NodeFetchModule is require('node-fetch') (v2 and v3 style: the function
// itself, also as .default, with Headers, Request and Response), backed by
// the same fetch.
func NodeFetchModule(cfg Config) runtime.Module {
	cfg = cfg.withDefaults()
	return runtime.ModuleFunc(func(bot runtime.Bot) (goja.Value, error) {
		vm := bot.Runtime()
		f, err := exports(bot, cfg)
		if err != nil {
			return nil, err
		}
		impl, ok := goja.AssertFunction(f.Get("fetch"))
		if !ok {
			return nil, fmt.Errorf("fetch: fetch is not a function")
		}
		nf := jsx.Func(vm, "node-fetch", func(call goja.FunctionCall) goja.Value {
			v, err := impl(goja.Undefined(), call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		}).ToObject(vm)
		for _, name := range []string{"Headers", "Request", "Response"} {
			if err := nf.Set(name, f.Get(name)); err != nil {
				return nil, err
			}
		}
		if err := nf.Set("default", nf); err != nil {
			return nil, err
		}
		return nf, nil
	})
}

// exports builds fetch and its classes once per runtime.
func exports(bot runtime.Bot, cfg Config) (*goja.Object, error) {
	vm := bot.Runtime()
	v, err := jsx.Cached(vm, modKey, func() (goja.Value, error) {
		native := vm.NewObject()
		jsx.Set(vm, native, "fetch", map[string]jsx.Fn{
			"request": func(call goja.FunctionCall) goja.Value { return request(bot, cfg, call) },
		})
		return prog.Run(vm, native)
	})
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}

// reply is a finished response, plain Go data until it reaches the loop.
type reply struct {
	status     int
	statusText string
	url        string
	redirected bool
	headers    [][2]string
	body       []byte
}

// request(method, url, headers, body, redirect, cb) starts a request and
// returns a function that cancels it.
func request(bot runtime.Bot, cfg Config, call goja.FunctionCall) goja.Value {
	vm := bot.Runtime()
	method, target := call.Argument(0).String(), call.Argument(1).String()
	var headers [][]string
	if err := vm.ExportTo(call.Argument(2), &headers); err != nil {
		jsx.TypeError(vm, "fetch: bad headers: %v", err)
	}
	var body io.Reader
	if b := call.Argument(3); !goja.IsNull(b) && !goja.IsUndefined(b) {
		if s, ok := b.Export().(string); ok {
			body = strings.NewReader(s)
		} else if raw, ok := buffer.Bytes(vm, b); ok {
			body = bytes.NewReader(bytes.Clone(raw))
		}
	}
	redirect := call.Argument(4).String()
	cb := jsx.Callable(vm, call, 5, "callback")

	ctx, cancel := context.WithTimeout(bot.Context(), cfg.Timeout)
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		cancel()
		panic(jsx.Error(vm, "TypeError", "ERR_INVALID_URL", "fetch: invalid request to "+target+": "+err.Error()))
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		cancel()
		panic(jsx.Error(vm, "TypeError", "ERR_INVALID_URL", "fetch: only http and https URLs are supported, got "+target))
	}
	for _, h := range headers {
		if len(h) == 2 {
			req.Header.Add(h[0], h[1])
		}
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", cfg.UserAgent)
	}
	client := *cfg.Client
	switch redirect {
	case "manual":
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	case "error":
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return errors.New("redirect mode is set to error") }
	}
	complete := bot.RegisterCallback()
	go func() {
		defer cancel()
		r, err := do(&client, req, cfg.MaxBody)
		complete(func() error {
			if err != nil {
				cause := jsx.Error(vm, "Error", errorCode(ctx, err), err.Error())
				_, cerr := cb(goja.Undefined(), cause)
				return cerr
			}
			_, cerr := cb(goja.Undefined(), goja.Null(), toJS(vm, r))
			return cerr
		})
	}()
	return vm.ToValue(func(goja.FunctionCall) goja.Value { cancel(); return goja.Undefined() })
}

func do(client *http.Client, req *http.Request, maxBody int64) (*reply, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body: %w", err)
	}
	if int64(len(data)) > maxBody {
		return nil, fmt.Errorf("the response body is larger than the %d-byte limit", maxBody)
	}
	r := &reply{
		status:     resp.StatusCode,
		statusText: strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))),
		url:        resp.Request.URL.String(),
		redirected: resp.Request.URL.String() != req.URL.String(),
		body:       data,
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			r.headers = append(r.headers, [2]string{k, v})
		}
	}
	return r, nil
}

// errorCode names a failure the way Node's undici causes do.
func errorCode(ctx context.Context, err error) string {
	switch {
	case errors.Is(err, errPrivate):
		return "ERR_BOTRT_PRIVATE_ADDRESS"
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "UND_ERR_CONNECT_TIMEOUT"
	case errors.Is(err, context.Canceled):
		return "ABORT_ERR"
	case strings.Contains(err.Error(), "connection refused"):
		return "ECONNREFUSED"
	case strings.Contains(err.Error(), "no such host"):
		return "ENOTFOUND"
	}
	return "UND_ERR"
}

func toJS(vm *goja.Runtime, r *reply) goja.Value {
	o := vm.NewObject()
	_ = o.Set("status", r.status)
	_ = o.Set("statusText", r.statusText)
	_ = o.Set("url", r.url)
	_ = o.Set("redirected", r.redirected)
	hs := make([]any, len(r.headers))
	for i, h := range r.headers {
		hs[i] = []any{h[0], h[1]}
	}
	_ = o.Set("headers", hs)
	_ = o.Set("body", vm.NewArrayBuffer(r.body))
	return o
}
