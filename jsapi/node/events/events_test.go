package events_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/events"
	"github.com/botrt/botrt/runtime"
)

func TestEventEmitter(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"events": events.Module()}})
	got := b.Eval(`
		const EventEmitter = require('events');
		const { EventEmitter: Named } = require('node:events');
		const log = [];
		class Sock extends EventEmitter {}
		const e = new Sock();
		const h = (x) => log.push('on:' + x);
		e.on('m', h);
		e.once('m', (x) => log.push('once:' + x));
		e.prependListener('m', (x) => log.push('first:' + x));
		e.emit('m', 1);
		e.emit('m', 2);
		log.push('count:' + e.listenerCount('m'));
		e.off('m', h);
		log.push('after-off:' + e.listenerCount('m') + ':' + e.emit('nothing'));
		e.removeAllListeners();
		log.push('names:' + e.eventNames().length);
		let threw = '';
		try { e.emit('error', new Error('boom')); } catch (err) { threw = err.message; }
		log.push('error:' + threw);
		try { e.emit('error', 'plain'); } catch (err) { log.push(err.code); }
		e.on('error', (err) => log.push('handled:' + err.message));
		e.emit('error', new Error('quiet'));
		e.setMaxListeners(1);
		log.push('max:' + e.getMaxListeners() + ':' + (Named === EventEmitter));
		const removed = [];
		e.on('removeListener', (n) => removed.push(n));
		const f = () => {};
		e.once('x', f);
		e.removeListener('x', f);
		log.push('removed:' + removed.join());
		log.join(' ');
	`).String()
	want := "first:1 on:1 once:1 first:2 on:2 count:2 after-off:1:false names:0 error:boom ERR_UNHANDLED_ERROR handled:quiet max:1:true removed:x"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestEventsOncePromiseAndErrors(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"events": events.Module()}})
	v := b.MustAwait(`
		const { once, EventEmitter } = require('events');
		const e = new EventEmitter();
		const p = once(e, 'ready');
		e.emit('ready', 'a', 'b');
		p.then((args) => args.join('+'));
	`)
	if v.String() != "a+b" {
		t.Fatalf("once resolved with %q", v)
	}
	_, err := b.Await(`const e2 = new EventEmitter(); const p2 = once(e2, 'ready'); e2.emit('error', new Error('failed early')); p2`)
	if err == nil || !strings.Contains(err.Error(), "failed early") {
		t.Fatalf("once on error: %v", err)
	}
	if _, err := b.Run(`new EventEmitter().on('x', 42)`); err == nil || !strings.Contains(err.Error(), `"listener" argument must be of type function`) {
		t.Fatalf("bad listener: %v", err)
	}
}

func TestMaxListenersWarns(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"events": events.Module()}})
	b.Eval(`
		var warned = [];
		globalThis.console = { warn: (m) => warned.push(m) };
		const { EventEmitter } = require('events');
		const e = new EventEmitter();
		for (let i = 0; i < 12; i++) e.on('message', () => {});
	`)
	if got := b.Eval(`warned.length + ':' + warned[0]`).String(); !strings.HasPrefix(got, "1:MaxListenersExceededWarning") {
		t.Fatalf("warnings: %s", got)
	}
}
