package readline_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/process"
	"github.com/botrt/botrt/jsapi/node/readline"
	"github.com/botrt/botrt/jsapi/node/util"
	"github.com/botrt/botrt/runtime"
)

type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func newBot(t *testing.T, cfg readline.Config) *jstest.Bot {
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{process.Global(process.Config{Interactive: cfg.Interactive})},
		Modules: map[string]runtime.Module{
			"readline": readline.Module(cfg), "readline/promises": readline.PromisesModule(cfg), "util": util.Module(),
		},
	})
	b.Eval(`var readline = require('readline')`)
	return b
}

func TestQuestionReadsTheHostTerminal(t *testing.T) {
	out := &syncWriter{}
	cfg := readline.Config{Stdin: readline.NewStdin(strings.NewReader("6281234\nyes\nl1\nl2\n")), Interactive: true, Prompt: out}
	b := newBot(t, cfg)
	v := b.MustAwait(`new Promise((resolve) => {
		const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
		rl.question('Enter your number: ', (n) => resolve(n));
	})`)
	if v.String() != "6281234" {
		t.Fatalf("answer %q", v)
	}
	if got := out.String(); got != "[testbot] Enter your number: " {
		t.Fatalf("prompt shown as %q", got)
	}
	v = b.MustAwait(`(async () => {
		const rl = require('node:readline/promises').createInterface({ input: process.stdin });
		const a = await rl.question('ok? ');
		rl.close();
		const rl2 = readline.createInterface(process.stdin, process.stdout);
		const lines = [];
		await new Promise((resolve) => {
			rl2.on('line', (l) => { lines.push(l); if (lines.length === 2) rl2.close(); });
			rl2.on('close', resolve);
		});
		return a + ':' + lines.join(',');
	})()`)
	if v.String() != "yes:l1,l2" {
		t.Fatalf("got %q", v)
	}
	if b.Pending() != 0 {
		t.Fatalf("%d slots open after close", b.Pending())
	}
}

func TestPromisifiedQuestionAndEOF(t *testing.T) {
	b := newBot(t, readline.Config{Stdin: readline.NewStdin(strings.NewReader("abc\n")), Interactive: true})
	v := b.MustAwait(`(async () => {
		const rl = readline.createInterface({ input: process.stdin });
		const ask = require('util').promisify(rl.question);
		const first = await ask('? ');
		const closed = new Promise((r) => rl.on('close', () => r('closed')));
		const second = ask('again? ').catch((e) => e.message);
		return first + ' ' + await closed + ' ' + await second;
	})()`)
	if v.String() != "abc closed readline was closed" {
		t.Fatalf("got %q", v)
	}
}

func TestNotInteractiveFailsClearly(t *testing.T) {
	b := newBot(t, readline.Config{})
	_, err := b.Run(`readline.createInterface({ input: process.stdin }).question('number? ', () => {})`)
	if err == nil || !strings.Contains(err.Error(), "stdin is not interactive") {
		t.Fatalf("callback question: %v", err)
	}
	_, err = b.Await(`require('readline/promises').createInterface({ input: process.stdin }).question('number? ')`)
	if err == nil || !strings.Contains(err.Error(), "stdin is not interactive") {
		t.Fatalf("promise question: %v", err)
	}
	if _, err := b.Run(`readline.createInterface({ input: { on() {} } })`); err == nil || !strings.Contains(err.Error(), "reads only from process.stdin") {
		t.Fatalf("other input: %v", err)
	}
}

// A line typed while nobody waits any more goes to the next asker.
func TestStdinKeepsALineForTheNextAsker(t *testing.T) {
	pr, pw := io.Pipe()
	reading := make(chan struct{})
	in := readline.NewStdin(&signalReader{r: pr, first: reading})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := in.ReadLine(ctx); done <- err }()
	<-reading // the first asker's read is blocked on the terminal
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("cancelled read: %v", err)
	}
	go func() { _, _ = pw.Write([]byte("kept\n")) }()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	line, err := in.ReadLine(ctx2)
	if err != nil || line != "kept" {
		t.Fatalf("next asker got %q %v", line, err)
	}
	pw.Close()
	if _, err := in.ReadLine(ctx2); err != io.EOF {
		t.Fatalf("after close: %v", err)
	}
}

// signalReader closes first when the first Read starts.
type signalReader struct {
	r     io.Reader
	first chan struct{}
	once  sync.Once
}

func (s *signalReader) Read(p []byte) (int, error) {
	s.once.Do(func() { close(s.first) })
	return s.r.Read(p)
}
