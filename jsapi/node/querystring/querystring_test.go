package querystring_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/querystring"
	"github.com/botrt/botrt/runtime"
)

func TestQuerystring(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"querystring": querystring.Module()}})
	got := b.Eval(`
		const qs = require('querystring');
		[JSON.stringify(qs.parse('a=1&b=x%20y&a=2&c&d=%E2%82%AC+z')), qs.stringify({ q: 'a b&c', n: [1, 2], u: undefined, e: "it's" }),
		 JSON.stringify(qs.parse('k:v;k2:v2', ';', ':')), qs.escape('ä'), qs.unescape('%C3%A4')].join(' | ');
	`).String()
	want := `{"a":["1","2"],"b":"x y","c":"","d":"€ z"} | q=a%20b%26c&n=1&n=2&u=&e=it%27s | {"k":"v","k2":"v2"} | %C3%A4 | ä`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
