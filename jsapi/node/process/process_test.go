package process_test

import (
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/process"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T, cfg process.Config) *jstest.Bot {
	return jstest.New(t, jstest.Options{Globals: []runtime.Global{buffer.Global(), process.Global(cfg)}})
}

func TestEnvIsFilteredToTheAllowlist(t *testing.T) {
	t.Setenv("BOT_TOKEN", "abc")
	t.Setenv("HOST_SECRET", "hunter2")
	b := newBot(t, process.Config{Env: []string{"BOT_TOKEN", "NOT_SET"}})
	got := b.Eval(`[process.env.BOT_TOKEN, process.env.HOST_SECRET, 'NOT_SET' in process.env, Object.keys(process.env).join()].join('|')`).String()
	if got != "abc||false|BOT_TOKEN" {
		t.Fatalf("env view: %s", got)
	}
	// A bot's changes stay in its own copy.
	b.Eval(`process.env.BOT_TOKEN = 'changed'; process.env.NEW = '1'`)
	other := newBot(t, process.Config{Env: []string{"BOT_TOKEN"}})
	if got := other.Eval(`process.env.BOT_TOKEN + '|' + process.env.NEW`).String(); got != "abc|undefined" {
		t.Fatalf("second bot sees %s", got)
	}
}

func TestProcessBasics(t *testing.T) {
	b := newBot(t, process.Config{Args: []string{"--flag"}, Version: "1.2.3"})
	if err := b.Runtime().Set("dataDir", b.DataDir()); err != nil {
		t.Fatal(err)
	}
	got := b.Eval(`[
		process.argv.length, process.argv[2], process.platform, process.version.startsWith('v20'),
		process.versions.botrt, process.cwd() === dataDir,
		typeof process.hrtime()[1], typeof process.hrtime.bigint(), process.uptime() >= 0,
		process.memoryUsage().heapUsed > 0, process.stdin.isTTY, typeof process.on,
	].join()`).String()
	if want := "3,--flag,linux,true,1.2.3,true,number,bigint,true,true,false,function"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	v := b.MustAwait(`new Promise((resolve) => { const order = []; process.nextTick((x) => { order.push(x); resolve(order.join()) }, 'tick'); order.push('sync'); })`)
	if v.String() != "sync,tick" {
		t.Fatalf("nextTick order: %s", v)
	}
	if _, err := b.Run(`process.chdir('/')`); err == nil || !strings.Contains(err.Error(), "process.chdir is not available") {
		t.Fatalf("chdir: %v", err)
	}
}

func TestExitEmitsAndStopsTheBot(t *testing.T) {
	b := newBot(t, process.Config{})
	b.Eval(`var seen = []; process.on('exit', (code) => seen.push('exit:' + code)); process.exit(3)`)
	if code, ok := b.Exited(); !ok || code != 3 {
		t.Fatalf("Exit called: %v code %d", ok, code)
	}
	if got := b.Eval(`seen.join()`).String(); got != "exit:3" {
		t.Fatalf("exit listeners: %s", got)
	}
	if b.Context().Err() == nil {
		t.Fatal("bot context still live after exit")
	}
}

func TestStdoutGoesToTheLog(t *testing.T) {
	b := newBot(t, process.Config{})
	b.Eval(`process.stdout.write('Enter number: '); process.stdout.write('done\n'); process.stderr.write(Buffer.from('bad\n')); process.emitWarning('careful')`)
	logs := b.Logs()
	for _, want := range []string{`level=INFO msg="Enter number: done"`, `level=ERROR msg=bad`, `level=WARN msg="Warning: careful"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}
