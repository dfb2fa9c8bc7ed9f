package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/runtime/runtimetest"
)

// binary is the botrt executable, built once for the package and driven the
// way a user drives it.
var binary string

func TestMain(m *testing.M) { os.Exit(botrttest.Main(m, &binary)) }

// proc is a long-running botrt (sim, dev, run) under test.
type proc struct{ *botrttest.Proc }

// start runs botrt in dir; stdin, if not nil, is what the bots' readline
// reads. The cleanup kills the process if the test did not stop it.
func start(t testing.TB, dir string, stdin *os.File, args ...string) *proc {
	t.Helper()
	return &proc{botrttest.Start(t, binary, dir, stdin, args...)}
}

// waitOutput waits until the output matches re and returns the submatches.
func (p *proc) waitOutput(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	return p.WaitOutput(t, re, time.Minute)
}

// noLeaks checks that the test's goroutines (process waits, HTTP
// connections) are gone once its processes are stopped.
func noLeaks(t *testing.T) {
	t.Helper()
	runtimetest.NoLeaks(t)
	t.Cleanup(botrttest.CloseIdleAdminConnections)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, within time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	botrttest.Eventually(t, within, cond, what, args...)
}

var (
	listenRe = regexp.MustCompile(`listening on http://(\S+) `)
	linkedRe = regexp.MustCompile(`session "[^"]+" linked as (\d+)@`)
)

// copyBots copies a testdata folder into a fresh scripts folder.
func copyBots(t testing.TB, from string) (dir, bots string) {
	t.Helper()
	dir = t.TempDir()
	bots = filepath.Join(dir, "bots")
	if err := os.CopyFS(bots, os.DirFS(filepath.Join("testdata", from))); err != nil {
		t.Fatal(err)
	}
	return dir, bots
}

// devBots runs `botrt dev` on a testdata folder and returns the process, the
// simulator's admin API and the bot's phone once its session is linked.
func devBots(t testing.TB, from string, stdin *os.File) (*proc, botrttest.Admin, string) {
	t.Helper()
	dir, _ := copyBots(t, from)
	p := start(t, dir, stdin, "dev", "bots", "--listen", "127.0.0.1:0", "--data", "state")
	api := botrttest.Admin{T: t, Base: "http://" + p.waitOutput(t, listenRe)[1]}
	phone := p.waitOutput(t, linkedRe)[1]
	return p, api, phone
}

// chat has a new person send text to the bot and wait for want.
func chat(t testing.TB, api botrttest.Admin, bot, person, text, want string) {
	t.Helper()
	api.AddPerson(person, "P"+person)
	api.Send(person, bot, text)
	api.WaitReply(person, want, time.Minute)
}
