// Package compat runs real Baileys (the npm package, unmodified, on Node) as a peer of the botrt
// simulator, so the simulator and botrt's Baileys-compatible API can be checked against the real thing.
//
// StartPeer launches peer.mjs (in this folder) with node; the script reports what its Baileys socket does
// as JSON lines (Event) and takes commands (Peer.Do). Its npm dependencies are pinned by package-lock.json
// and installed under os.TempDir() by EnsureModules; each peer runs a copy of its script in a temporary
// folder whose node_modules links to that install, with the chosen Baileys version as
// @whiskeysockets/baileys.
package compat

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The Baileys versions package.json pins.
const (
	Baileys7 = "@whiskeysockets/baileys" // 7.0.0-rc14
	Baileys6 = "baileys6"                // 6.17.16, under an npm alias
)

// Event is one JSON line peer.mjs printed. Ev names the kind: qr, open, close, message, reply, fatal.
type Event struct {
	Ev string `json:"ev"`
	// qr
	QR string `json:"qr,omitempty"`
	// open: the logged-in user; message: the message id; reply: a created message or group id.
	ID  string `json:"id,omitempty"`
	LID string `json:"lid,omitempty"`
	// open: the binary-XML token dictionary the Baileys version speaks (Baileys' DICT_VERSION).
	Dict int `json:"dict,omitempty"`
	// close
	Code      int  `json:"code,omitempty"`
	Reconnect bool `json:"reconnect,omitempty"`
	// reply, close and fatal
	Req   int64  `json:"req,omitempty"`
	Error string `json:"error,omitempty"`
	// message
	Upsert      string    `json:"upsert,omitempty"`
	Chat        string    `json:"chat,omitempty"`
	Participant string    `json:"participant,omitempty"`
	FromMe      bool      `json:"fromMe,omitempty"`
	PushName    string    `json:"pushName,omitempty"`
	Types       []string  `json:"types,omitempty"`
	Text        *string   `json:"text,omitempty"`
	QuotedID    string    `json:"quotedId,omitempty"`
	Reaction    *Reaction `json:"reaction,omitempty"`
	Image       *Image    `json:"image,omitempty"`
	// reply to groupCreate
	Subject string `json:"subject,omitempty"`

	// Line is the line as printed, for failure messages.
	Line string `json:"-"`
}

// Reaction is a received reaction message.
type Reaction struct {
	Text string `json:"text"`
	ID   string `json:"id"`
}

// Image is a received image message; Base64 is the downloaded and decrypted file, Error why not.
type Image struct {
	Caption  string `json:"caption"`
	Mimetype string `json:"mimetype"`
	Base64   string `json:"base64,omitempty"`
	Error    string `json:"error,omitempty"`
}

// PeerOptions configures StartPeer.
type PeerOptions struct {
	// WSURL is the simulator's chat socket, ws://HOST:PORT/ws/chat.
	WSURL string
	// AuthDir keeps Baileys' multi-file auth state; reuse it to log in again without pairing.
	AuthDir string
	// Package is the Baileys version the script gets as @whiskeysockets/baileys (and peer.mjs imports):
	// Baileys7 (default) or Baileys6.
	Package string
	// Script runs instead of peer.mjs (a path relative to this folder, e.g. a bot under bots/); it
	// should print the same JSON lines for the events a test waits for.
	Script string
	// WorkDir is the process' working directory (where a bot keeps its auth folder); default the
	// temporary folder the script is copied to, removed when the process ends.
	WorkDir string
	// Command runs instead of node (name and arguments), e.g. a botrt binary running a bot.
	Command []string
	// Env is added to the peer's environment (NODE_EXTRA_CA_CERTS, LOG_LEVEL, ...).
	Env []string
	// Stderr receives the peer's logs; nil discards them.
	Stderr io.Writer
}

// Peer is a running peer.mjs process (or another process printing events, such as a bot).
type Peer struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan struct{} // closed when stdout ended and the process was reaped
	wait  error
	// runDir is the temporary folder of the script's copy, removed once the process is reaped.
	runDir string

	mu     sync.Mutex
	events []Event
	taken  []bool
	notify chan struct{} // closed and replaced on every new event
	req    int64
	inMu   sync.Mutex // serialises command lines on stdin
	// interrupt: the process does not read commands (a botrt binary), so Close sends SIGINT.
	interrupt bool
}

// Dir is this folder (where peer.mjs and package.json live), found from the working directory of the
// tests (the package folder) or the repository root.
func Dir() (string, error) {
	for _, d := range []string{".", "compat"} {
		if _, err := os.Stat(filepath.Join(d, "peer.mjs")); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", errors.New("compat: peer.mjs not found in . or ./compat")
}

// StartPeer starts node on peer.mjs (or opts.Script), or opts.Command when set. The process ends with Close, or when ctx is cancelled.
func StartPeer(ctx context.Context, opts PeerOptions) (*Peer, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	if opts.Package == "" {
		opts.Package = Baileys7
	}
	if opts.Script == "" {
		opts.Script = "peer.mjs"
	}
	var cmd *exec.Cmd
	runDir := ""
	if len(opts.Command) > 0 {
		cmd = exec.CommandContext(ctx, opts.Command[0], opts.Command[1:]...)
		cmd.Dir = dir
	} else {
		if runDir, err = prepareScript(dir, opts.Script, opts.Package); err != nil {
			return nil, err
		}
		cmd = exec.CommandContext(ctx, "node", filepath.Join(runDir, filepath.FromSlash(opts.Script)))
		cmd.Dir = runDir
	}
	if opts.WorkDir != "" {
		cmd.Dir = opts.WorkDir
	}
	cmd.Env = append(os.Environ(), "SIM_WS="+opts.WSURL, "AUTH_DIR="+opts.AuthDir, "BAILEYS="+opts.Package)
	cmd.Env = append(cmd.Env, opts.Env...)
	cmd.Stderr = opts.Stderr
	cmd.WaitDelay = 5 * time.Second
	p := &Peer{cmd: cmd, done: make(chan struct{}), notify: make(chan struct{}), interrupt: len(opts.Command) > 0, runDir: runDir}
	stdout, err := p.start()
	if err != nil {
		if runDir != "" {
			_ = os.RemoveAll(runDir)
		}
		return nil, err
	}
	go p.read(stdout)
	return p, nil
}

func (p *Peer) start() (io.Reader, error) {
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("compat: start %s: %w", p.cmd.Path, err)
	}
	return stdout, nil
}

// prepareScript copies script (relative to dir) into a new temporary folder, at the same relative path,
// next to a node_modules that links the installed packages with pkg as @whiskeysockets/baileys.
func prepareScript(dir, script, pkg string) (string, error) {
	if pkg != Baileys7 && pkg != Baileys6 {
		return "", fmt.Errorf("compat: unknown Baileys package %q (want %q or %q)", pkg, Baileys7, Baileys6)
	}
	modules, err := ModulesDir(dir)
	if err != nil {
		return "", err
	}
	runDir, err := os.MkdirTemp("", "botrt-peer-")
	if err != nil {
		return "", fmt.Errorf("compat: %w", err)
	}
	dst := filepath.Join(runDir, filepath.FromSlash(script))
	err = os.MkdirAll(filepath.Dir(dst), 0o755)
	if err == nil {
		err = copyFile(filepath.Join(dir, filepath.FromSlash(script)), dst)
	}
	if err == nil {
		err = linkModules(modules, runDir, pkg)
	}
	if err != nil {
		_ = os.RemoveAll(runDir)
		return "", err
	}
	return runDir, nil
}

// read records every line of the peer's stdout until it ends, then reaps the process.
func (p *Peer) read(stdout io.Reader) {
	defer close(p.done)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 64<<20) // downloaded media arrives base64-encoded in one line
	for sc.Scan() {
		line := sc.Text()
		// botrt prints a bot's console lines with a level prefix and attributes after them, so the
		// event is the JSON object starting at its "ev" key.
		var e Event
		start := strings.Index(line, `{"ev":`)
		if start < 0 {
			e = Event{Ev: "garbage"}
		} else if err := json.NewDecoder(strings.NewReader(line[start:])).Decode(&e); err != nil {
			e = Event{Ev: "garbage", Error: err.Error()}
		}
		e.Line = line
		p.add(e)
	}
	if err := sc.Err(); err != nil {
		p.add(Event{Ev: "garbage", Error: "reading peer output: " + err.Error()})
	}
	p.wait = p.cmd.Wait()
	if p.runDir != "" {
		_ = os.RemoveAll(p.runDir)
	}
}

func (p *Peer) add(e Event) {
	p.mu.Lock()
	p.events = append(p.events, e)
	p.taken = append(p.taken, false)
	close(p.notify)
	p.notify = make(chan struct{})
	p.mu.Unlock()
}

// ErrExited is returned by waits once the peer process has ended without the awaited event.
var ErrExited = errors.New("compat: peer exited")

// Wait returns the first event not yet taken that matches, in arrival order, waiting until ctx ends.
// A fatal event from the peer ends the wait with its error.
func (p *Peer) Wait(ctx context.Context, match func(Event) bool) (Event, error) {
	next := 0
	for {
		p.mu.Lock()
		for ; next < len(p.events); next++ {
			e := p.events[next]
			if e.Ev == "fatal" {
				p.mu.Unlock()
				return Event{}, fmt.Errorf("compat: peer failed: %s", e.Error)
			}
			if !p.taken[next] && match(e) {
				p.taken[next] = true
				p.mu.Unlock()
				return e, nil
			}
		}
		wait := p.notify
		p.mu.Unlock()
		select {
		case <-wait:
		case <-p.done:
			// Drain what arrived with the end of output before giving up.
			p.mu.Lock()
			more := next < len(p.events)
			p.mu.Unlock()
			if !more {
				return Event{}, fmt.Errorf("%w (%v); events: %s", ErrExited, p.wait, p.Describe())
			}
		case <-ctx.Done():
			return Event{}, fmt.Errorf("compat: waiting for a peer event: %w; events: %s", ctx.Err(), p.Describe())
		}
	}
}

// WaitEv waits for the next event of kind ev.
func (p *Peer) WaitEv(ctx context.Context, ev string) (Event, error) {
	return p.Wait(ctx, func(e Event) bool { return e.Ev == ev })
}

// Describe lists the kinds of the recorded events, for failure messages.
func (p *Peer) Describe() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	kinds := make([]string, len(p.events))
	for i, e := range p.events {
		kinds[i] = e.Ev
		if e.Error != "" {
			kinds[i] += "(" + firstLine(e.Error) + ")"
		}
	}
	return "[" + strings.Join(kinds, ", ") + "]"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Do sends a command (its "req" is set here) and returns the peer's reply, or the error it reported.
func (p *Peer) Do(ctx context.Context, cmd map[string]any) (Event, error) {
	p.inMu.Lock()
	p.req++
	req := p.req
	cmd["req"] = req
	line, err := json.Marshal(cmd)
	if err == nil {
		_, err = p.stdin.Write(append(line, '\n'))
	}
	p.inMu.Unlock()
	if err != nil {
		return Event{}, fmt.Errorf("compat: send command %v: %w", cmd["op"], err)
	}
	e, err := p.Wait(ctx, func(e Event) bool { return e.Ev == "reply" && e.Req == req })
	if err != nil {
		return Event{}, err
	}
	if e.Error != "" {
		return e, fmt.Errorf("compat: peer %v: %s", cmd["op"], e.Error)
	}
	return e, nil
}

// Pid is the process id of the peer.
func (p *Peer) Pid() int { return p.cmd.Process.Pid }

// Close asks the peer to exit (exit command, end of stdin, SIGINT for Command processes), then kills it if it has not within a few seconds, and waits for it.
func (p *Peer) Close() error {
	p.inMu.Lock()
	_, _ = p.stdin.Write([]byte(`{"op":"exit"}` + "\n"))
	_ = p.stdin.Close()
	p.inMu.Unlock()
	if p.interrupt {
		_ = p.cmd.Process.Signal(os.Interrupt)
	}
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	var exitErr *exec.ExitError
	if p.wait != nil && !errors.As(p.wait, &exitErr) {
		return fmt.Errorf("compat: peer: %w", p.wait)
	}
	return nil
}
