package pino_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/shims/pino"
	"github.com/botrt/botrt/runtime"
)

func TestPinoLevelsAndChains(t *testing.T) {
	b := jstest.New(t, jstest.Options{Modules: map[string]runtime.Module{"pino": pino.Module()}})
	got := b.Eval(`
		const pino = require('pino');
		const quiet = pino({ level: 'silent' });
		quiet.info('never'); quiet.child({ class: 'baileys' }).error('never either'); quiet.fatal(new Error('no'));
		const log = pino({ level: 'warn', name: 'bot' });
		log.info('hidden info');
		log.warn('low battery %d%%', 5);
		const child = log.child({ class: 'socket' });
		child.error({ jid: '123@s.whatsapp.net', attempt: 2, nested: { a: [1] } }, 'send failed');
		child.level = 'debug';
		child.debug('debugging now');
		child.trace('below the host log level');
		child.error(new Error('kaput'));
		const d = pino(pino.destination(1));
		d.debug('hidden debug'); d.info('from destination');
		require('pino').default({ transport: { target: 'pino-pretty' } }).info({ msg: 'object msg' });
		[quiet.level, log.level, child.level, log.isLevelEnabled('error'), log.isLevelEnabled('info'), quiet.isLevelEnabled('fatal'),
		 typeof log.flush, log.levelVal, pino.levels.values.info].join(',');
	`).String()
	if want := "silent,warn,debug,true,false,false,function,40,30"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	logs := b.Logs()
	for _, want := range []string{
		`level=WARN msg="low battery 5%" name=bot`,
		`level=ERROR msg="send failed" name=bot class=socket jid=123@s.whatsapp.net attempt=2 nested="{ a: [ 1 ] }"`,
		`level=DEBUG msg="debugging now" name=bot class=socket`,
		`msg=kaput name=bot class=socket err="Error: kaput`,
		`level=INFO msg="from destination"`,
		"level=INFO msg=\"object msg\"\n",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s\n%s", want, logs)
		}
	}
	for _, never := range []string{"never", "hidden", "no", "below"} {
		if strings.Contains(logs, "msg="+never) || strings.Contains(logs, `msg="`+never) {
			t.Errorf("a disabled level logged %q:\n%s", never, logs)
		}
	}
	if _, err := b.Run(`require('pino')({ level: 'loud' })`); err == nil || !strings.Contains(err.Error(), "unknown level loud") {
		t.Fatalf("bad level: %v", err)
	}
}
