package nodecache_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/shims/nodecache"
	"github.com/botrt/botrt/runtime"
)

func TestNodeCache(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"node-cache": nodecache.Module()}})
	got := b.Eval(`
		const NodeCache = require('node-cache');
		const c = new NodeCache({ checkperiod: 0 });
		const events = [];
		c.on('set', (k) => events.push('set:' + k));
		c.on('del', (k) => events.push('del:' + k));
		c.on('expired', (k) => events.push('expired:' + k));
		const obj = { n: 1, list: [1, 2] };
		c.set('a', obj);
		obj.n = 2;
		const got = c.get('a');
		got.list.push(3);
		c.set(42, 'num', 100);
		const out = [c.get('a').n, c.get('a').list.length, c.get(42), c.has('a'), c.has('zz'), c.get('zz'), c.keys().join('|')];
		// expire 'a' by moving its deadline into the past
		c.ttl('a', 100);
		c.data.get('a').t = Date.now() - 1;
		out.push(c.get('a'), c.has('a'), c.keys().join('|'));
		out.push(c.getTtl(42) > Date.now(), c.getTtl(42) <= Date.now() + 100000, c.getTtl('gone'));
		out.push(JSON.stringify(c.mget([42, 'x'])), c.take(42), c.keys().length, c.del(['x', 'y']));
		c.mset([{ key: 'p', val: 1 }, { key: 'q', val: 2, ttl: 5 }]);
		const s = c.getStats();
		out.push(s.keys, s.hits, s.misses);
		c.flushAll();
		out.push(c.keys().length, c.getStats().hits, events.join(' '));
		out.join(',');
	`).String()
	want := "1,2,num,true,false,,a|42,,false,42,true,true,,{\"42\":\"num\"},num,0,0,2,6,3,0,0,set:a set:42 expired:a del:42 set:p set:q"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	b.ExpectThrows(map[string]string{
		`new NodeCache().set({}, 1)`: "The key argument has to be of type `string` or `number`",
		`(() => { const c = new NodeCache({ maxKeys: 1 }); c.set('a', 1); c.set('b', 2) })()`: "Cache max keys amount exceeded",
	})
	if got := b.Eval(`const u = new NodeCache({ useClones: false, checkperiod: 0 }); const o = {}; u.set('o', o); u.get('o') === o`).String(); got != "true" {
		t.Fatalf("useClones false: %s", got)
	}
}
