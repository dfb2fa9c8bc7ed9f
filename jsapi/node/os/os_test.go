package os_test

import (
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	nodeos "github.com/botrt/botrt/jsapi/node/os"
	"github.com/botrt/botrt/runtime"
)

func TestOSRevealsNothingOfTheHost(t *testing.T) {
	b := jstest.New(t, jstest.Options{DataDir: "/data/bot", Modules: map[string]runtime.Module{"os": nodeos.Module()}})
	got := b.Eval(`const os = require('node:os'); [JSON.stringify(os.EOL), os.platform(), os.hostname(), os.homedir(), os.tmpdir(),
		os.cpus().length > 0, os.totalmem() > 0, Object.keys(os.networkInterfaces()).length, os.userInfo().username].join(' ')`).String()
	if want := `"\n" linux botrt /data/bot /data/bot/tmp true true 0 bot`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
