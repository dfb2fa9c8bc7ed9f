package boom_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/shims/boom"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"@hapi/boom": boom.Module()}})
	b.Eval(`var { Boom } = require('@hapi/boom'); var B = require('@hapi/boom')`)
	return b
}

func TestBoomShapeMatchesBaileysErrors(t *testing.T) {
	b := newBot(t)
	// The shape Baileys gives a stream error (shared/research/baileys-api.md §1e).
	got := b.Eval(`const e = new Boom('Stream Errored (restart required)', { statusCode: 515, data: { tag: 'stream:error', attrs: { code: '515' } } });
		JSON.stringify({ name: e.name, message: e.message, isBoom: e.isBoom, isServer: e.isServer, output: e.output, data: e.data })
		+ ' ' + (e instanceof Error) + ' ' + (e instanceof Boom) + ' ' + B.isBoom(e) + ' ' + B.isBoom(e, 515) + ' ' + B.isBoom(e, 401) + ' ' + B.isBoom(new Error('x'))`).String()
	want := `{"name":"Error","message":"Stream Errored (restart required)","isBoom":true,"isServer":true,"output":{"statusCode":515,"payload":{"statusCode":515,"error":"Unknown","message":"Stream Errored (restart required)"},"headers":{}},"data":{"tag":"stream:error","attrs":{"code":"515"}}} true true true true false false`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestBoomHelpers(t *testing.T) {
	b := newBot(t)
	cases := map[string]string{
		`B.badRequest('bad input', { f: 1 }).output.payload.error + '|' + B.badRequest('x').data`: "Bad Request|null",
		`B.unauthorized('Intentional Logout').output.statusCode`:                                  "401",
		`B.notFound().message`:                               "Not Found",
		`B.internal('secret detail').output.payload.message`: "An internal server error occurred",
		`B.internal('secret detail').message`:                "secret detail",
		`(() => { const e = B.boomify(new TypeError('t'), { statusCode: 408 }); return e.isBoom + ' ' + e.output.payload.error + ' ' + (e instanceof TypeError) })()`: "true Request Timeout true",
		`new Boom(new Error('wrapped'), { statusCode: 428 }).output.statusCode`:                                                                                       "428",
		`(() => { const e = new Boom('x', { statusCode: 440 }); return e.output.statusCode === 440 && e.stack.includes('x') })()`:                                     "true",
		`B.unauthorized('no', 'Bearer').output.headers['WWW-Authenticate']`:                                                                                           "Bearer",
		`B.badImplementation('oops').isDeveloperError`:                                                                                                                "true",
	}
	b.Expect(cases)
	if _, err := b.Run(`new Boom('x', { statusCode: 200 })`); err == nil || !strings.Contains(err.Error(), "must be a number (400+)") {
		t.Fatalf("status 200: %v", err)
	}
}

func TestNewFromGo(t *testing.T) {
	b := newBot(t)
	data := b.Eval(`({ tag: 'failure' })`)
	e, err := boom.New(b.Runtime(), "Connection Failure", 401, data)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Runtime().Set("e", e); err != nil {
		t.Fatal(err)
	}
	if got := b.Eval(`e.output.statusCode + ' ' + e.output.payload.error + ' ' + e.data.tag + ' ' + (e instanceof Boom)`).String(); got != "401 Unauthorized failure true" {
		t.Fatalf("got %s", got)
	}
}
