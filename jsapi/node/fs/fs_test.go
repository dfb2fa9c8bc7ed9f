package fs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botrt/botrt/jsapi/internal/jstest"
	"github.com/botrt/botrt/jsapi/node/buffer"
	"github.com/botrt/botrt/jsapi/node/fs"
	"github.com/botrt/botrt/runtime"
)

func newBot(t *testing.T) *jstest.Bot {
	t.Helper()
	b := jstest.New(t, jstest.Options{
		Globals: []runtime.Global{buffer.Global()},
		Modules: map[string]runtime.Module{"fs": fs.Module(), "fs/promises": fs.PromisesModule()},
	})
	b.Eval(`var fs = require('fs'); var fsp = require('node:fs/promises')`)
	return b
}

func TestSyncCalls(t *testing.T) {
	b := newBot(t)
	got := b.Eval(`
		fs.mkdirSync('auth/keys', { recursive: true });
		fs.writeFileSync('auth/creds.json', JSON.stringify({ me: 1 }));
		fs.appendFileSync('log.txt', 'a');
		fs.appendFileSync('log.txt', Buffer.from('b'));
		fs.writeFileSync('bin', Buffer.from([0, 255]));
		fs.writeFileSync('hex.txt', '6869', 'hex');
		const st = fs.statSync('auth/creds.json');
		[
			JSON.parse(fs.readFileSync('auth/creds.json', 'utf8')).me,
			fs.readFileSync('log.txt').toString(),
			fs.readFileSync('bin').toString('hex'),
			fs.readFileSync('hex.txt', { encoding: 'utf-8' }),
			fs.existsSync('auth') + '/' + fs.existsSync('nope'),
			fs.readdirSync('.').join('|'),
			fs.readdirSync('auth', { withFileTypes: true }).map((d) => d.name + (d.isDirectory() ? '/' : '')).join('|'),
			st.isFile() + '/' + st.isDirectory() + '/' + st.size + '/' + (st.mtime instanceof Date),
		].join(' ');
	`).String()
	want := "1 ab 00ff hi true/false auth|bin|hex.txt|log.txt creds.json|keys/ true/false/8/true"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	b.Eval(`
		fs.renameSync('log.txt', 'auth/log2.txt');
		fs.copyFileSync('auth/log2.txt', 'copy.txt');
		fs.unlinkSync('bin');
		fs.rmSync('auth', { recursive: true });
		fs.rmSync('missing', { force: true });
	`)
	if _, err := os.Stat(filepath.Join(b.DataDir(), "auth")); !os.IsNotExist(err) {
		t.Fatalf("auth still exists: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(b.DataDir(), "copy.txt")); string(data) != "ab" {
		t.Fatalf("copy.txt = %q", data)
	}
}

func TestNodeErrors(t *testing.T) {
	b := newBot(t)
	cases := map[string]string{
		`fs.readFileSync('missing.txt')`:           "ENOENT: no such file or directory, open 'missing.txt'",
		`fs.mkdirSync('d'); fs.mkdirSync('d')`:     "EEXIST: file already exists, mkdir 'd'",
		`fs.mkdirSync('d2'); fs.rmSync('d2')`:      "EISDIR",
		`fs.readFileSync(42)`:                      `"path" argument must be of type string or an instance of Buffer or URL`,
		`fs.writeFileSync('x', {})`:                `"data" argument must be of type string or an instance of Buffer`,
		`fs.readFileSync('x', 'klingon')`:          "Unknown encoding: klingon",
		`fs.writeFileSync('x', 'y', {flag: 'r+'})`: `flag "r+" is not supported`,
		`fs.readFile('x')`:                         `"cb" argument must be of type function`,
		`fs.watch('x')`:                            "fs.watch is not implemented in botrt",
	}
	b.ExpectThrows(cases)
	if got := b.Eval(`try { fs.readFileSync('missing.txt') } catch (e) { e.code + ' ' + e.errno + ' ' + e.syscall + ' ' + e.path }`).String(); got != "ENOENT -2 open missing.txt" {
		t.Errorf("error fields: %s", got)
	}
}

func TestSandboxRefusesEscapes(t *testing.T) {
	b := newBot(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(b.DataDir(), "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(b.ScriptDir(), "leak")); err != nil {
		t.Fatal(err)
	}
	if err := vmSet(b, "outside", outside); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		`fs.readFileSync('/etc/passwd', 'utf8')`:    "EACCES: permission denied, open '/etc/passwd' (bots may only read below their data folder",
		`fs.readFileSync('../../../../etc/passwd')`: "EACCES: permission denied, open '../../../../etc/passwd'",
		`fs.readFileSync(outside + '/secret')`:      "EACCES",
		`fs.readFileSync('link/secret')`:            "EACCES: permission denied, open 'link/secret' (it leads outside the bot's folders through a symbolic link)",
		`fs.readFileSync('leak')`:                   "through a symbolic link",
		`fs.writeFileSync('link/new', 'x')`:         "through a symbolic link",
		`fs.readdirSync('/')`:                       "EACCES: permission denied, scandir '/'",
		`fs.writeFileSync('/tmp/x', 'x')`:           "bots may only write below their data folder",
		`fs.existsSync('/etc/passwd')`:              "EACCES",
		`fs.rmSync('.', {recursive: true})`:         "the data folder itself cannot be removed",
		`fs.renameSync('a', '../../x')`:             "EACCES",
	}
	b.ExpectThrows(cases)
	// The scripts folder is readable (relative fallback and absolute) but read-only.
	if err := os.MkdirAll(filepath.Join(b.ScriptDir(), "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.ScriptDir(), "plugins", "ping.js"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := vmSet(b, "scripts", b.ScriptDir()); err != nil {
		t.Fatal(err)
	}
	if got := b.Eval(`fs.readdirSync('./plugins').join() + ' ' + fs.readdirSync(scripts + '/plugins').join()`).String(); got != "ping.js ping.js" {
		t.Errorf("plugins listing: %q", got)
	}
	if _, err := b.Run(`fs.writeFileSync(scripts + '/plugins/evil.js', 'x')`); err == nil || !strings.Contains(err.Error(), "the scripts folder is read-only") {
		t.Errorf("write into scripts folder: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(outside, "secret")); err != nil || string(data) != "s3cret" {
		t.Fatalf("outside file changed: %q %v", data, err)
	}
}

func TestCallbackAndPromiseForms(t *testing.T) {
	b := newBot(t)
	v := b.MustAwait(`
		(async () => {
			await fsp.mkdir('a/b', { recursive: true });
			await fsp.writeFile('a/b/c.txt', 'hello');
			const viaCb = await new Promise((res, rej) => fs.readFile('a/b/c.txt', 'utf8', (err, d) => err ? rej(err) : res(d)));
			const st = await fsp.stat('a/b/c.txt');
			const exists = await new Promise((res) => fs.exists('a/b/c.txt', res));
			let code = '';
			try { await fsp.readFile('/etc/passwd'); } catch (e) { code = e.code; }
			const cbErr = await new Promise((res) => fs.unlink('nope', (err) => res(err.code)));
			await fsp.rm('a', { recursive: true });
			return [viaCb, st.size, exists, code, cbErr, fs.existsSync('a'), fs.promises === fsp].join();
		})()
	`)
	if v.String() != "hello,5,true,EACCES,ENOENT,false,true" {
		t.Fatalf("got %s", v)
	}
	if b.Pending() != 0 {
		t.Fatalf("%d callback slots left open", b.Pending())
	}
}

func TestStreams(t *testing.T) {
	b := newBot(t)
	v := b.MustAwait(`
		new Promise((resolve, reject) => {
			const w = fs.createWriteStream('out.log', { flags: 'a' });
			w.write('one ');
			w.write(Buffer.from('two '));
			w.end('three', () => {
				const chunks = [];
				const r = fs.createReadStream('out.log', { highWaterMark: 4, encoding: 'utf8' });
				r.on('data', (c) => chunks.push(c));
				r.on('error', reject);
				r.on('end', () => resolve(chunks.length + ':' + chunks.join('') + ':' + w.bytesWritten));
			});
		})
	`)
	if v.String() != "4:one two three:13" {
		t.Fatalf("got %s", v)
	}
	_, err := b.Await(`new Promise((resolve, reject) => { const r = fs.createReadStream('/etc/passwd'); r.on('data', () => {}); r.on('error', reject); })`)
	if err == nil || !strings.Contains(err.Error(), "EACCES") {
		t.Fatalf("read stream escape: %v", err)
	}
}

func vmSet(b *jstest.Bot, name string, v any) error { return b.Runtime().Set(name, v) }
