package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// Options configure a Host. Zero values get the defaults named below.
type Options struct {
	// ScriptsDir holds the bots: every *.js, *.mjs, *.cjs and *.ts file at its
	// top is a bot; files below it are modules the bots load.
	ScriptsDir string
	// DataDir is the root of the bots' private folders: <DataDir>/<bot>.
	DataDir string
	// Modules are what require('name') and import 'name' give scripts; each
	// is also reachable as 'node:name'.
	Modules map[string]Module
	// Globals are installed, in order, into each generation before its script runs.
	Globals []Global
	// Logger receives console output and script errors, tagged with "bot".
	Logger *slog.Logger
	// OnEvent, if set, is told about starts, reloads, failures, exits, crashes
	// and stops. It is called from the host's goroutine and must not block.
	OnEvent func(Event)

	// CallbackBudget bounds how long one task (a timer, an event delivered
	// through RegisterCallback, an immediate) may run; default 5s, negative
	// for no bound.
	CallbackBudget time.Duration
	// LoadBudget bounds running a generation's top-level code; default 10s,
	// negative for no bound.
	LoadBudget time.Duration
	// MaxCallStackSize bounds JS recursion depth; default 10000 (about Node's).
	MaxCallStackSize int
	// HeapLimit, when set, stops bots running while the process's live heap is
	// above it (see watchdog.go for what this can and cannot catch).
	HeapLimit uint64
	// WatchdogTick is how often budgets and the heap are checked; default 10ms.
	WatchdogTick time.Duration
	// RegexpTimeout bounds a backtracking regular expression match (ReDoS
	// guard; goja falls back to regexp2 for lookarounds and backreferences).
	// It is process-wide. Default 200ms; negative leaves it alone.
	RegexpTimeout time.Duration

	// NoWatch turns hot reload off: files are loaded once.
	NoWatch bool
	// Debounce is how long a file must be quiet before it is reloaded; default 50ms.
	Debounce time.Duration
	// RestartBackoff is the first delay before restarting a crashed bot; it
	// doubles per crash up to MaxRestartBackoff (defaults 500ms and 30s) and
	// resets once a generation ran for StableAfter (default 1 minute).
	RestartBackoff    time.Duration
	MaxRestartBackoff time.Duration
	StableAfter       time.Duration
}

func (o *Options) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.CallbackBudget, 5*time.Second)
	def(&o.LoadBudget, 10*time.Second)
	def(&o.WatchdogTick, 10*time.Millisecond)
	def(&o.RegexpTimeout, 200*time.Millisecond)
	def(&o.Debounce, 50*time.Millisecond)
	def(&o.RestartBackoff, 500*time.Millisecond)
	def(&o.MaxRestartBackoff, 30*time.Second)
	def(&o.StableAfter, time.Minute)
	if o.MaxCallStackSize == 0 {
		o.MaxCallStackSize = 10000
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Host runs the bots of a scripts folder: one goja runtime and event loop per
// bot, reloaded when its files change, supervised and watched.
type Host struct {
	opts     Options
	root     string
	dataRoot string
	modules  map[string]Module
	external []string // module names esbuild must leave to require()
	compiler *compiler
	log      *slog.Logger

	ctx      context.Context // set by Run; parent of every generation
	reports  chan report
	retries  chan string
	restarts chan restartRequest
	wg       sync.WaitGroup // instance goroutines

	bots map[string]*supervisor // host goroutine only

	mu     sync.Mutex
	live   map[*instance]bool // for the watchdog
	status map[string]BotInfo // for Bots()
	ran    bool
}

// New checks the options and prepares a host; Run starts it.
func New(opts Options) (*Host, error) {
	opts.defaults()
	if opts.ScriptsDir == "" {
		return nil, errors.New("runtime: Options.ScriptsDir is required")
	}
	if opts.DataDir == "" {
		return nil, errors.New("runtime: Options.DataDir is required")
	}
	abs, err := filepath.Abs(opts.ScriptsDir)
	if err != nil {
		return nil, fmt.Errorf("runtime: scripts folder: %w", err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("runtime: scripts folder: %w", err)
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("runtime: scripts folder %s is not a directory", root)
	}
	dataRoot, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("runtime: data folder: %w", err)
	}
	h := &Host{
		opts:     opts,
		root:     root,
		dataRoot: dataRoot,
		modules:  make(map[string]Module, len(opts.Modules)),
		compiler: newCompiler(root),
		log:      opts.Logger,
		reports:  make(chan report, 16),
		retries:  make(chan string),
		restarts: make(chan restartRequest),
		live:     make(map[*instance]bool),
		bots:     make(map[string]*supervisor),
		status:   make(map[string]BotInfo),
	}
	for name, m := range opts.Modules {
		if m == nil {
			return nil, fmt.Errorf("runtime: module %q is nil", name)
		}
		name = strings.TrimPrefix(name, "node:")
		h.modules[name] = m
		h.external = append(h.external, name, "node:"+name)
	}
	sort.Strings(h.external)
	if opts.RegexpTimeout > 0 {
		regexp2.DefaultMatchTimeout = opts.RegexpTimeout
	}
	return h, nil
}

// Run starts every bot of the folder and keeps them running, reloading on
// changes, until ctx ends; then it stops them all and returns once every bot
// goroutine has finished. It can be called once.
func (h *Host) Run(ctx context.Context) error {
	h.mu.Lock()
	if h.ran {
		h.mu.Unlock()
		return errors.New("runtime: Host.Run called twice")
	}
	h.ran = true
	h.mu.Unlock()
	if err := os.MkdirAll(h.dataRoot, 0o700); err != nil {
		return fmt.Errorf("runtime: data folder: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	h.ctx = ctx
	var bg sync.WaitGroup
	defer func() {
		cancel()
		bg.Wait()
	}()
	changes := make(chan string)
	if !h.opts.NoWatch {
		w, err := newWatcher(h.root, h.opts.Debounce, func(err error) { h.log.Warn("file watcher", "err", err) })
		if err != nil {
			return fmt.Errorf("runtime: watching %s: %w", h.root, err)
		}
		bg.Add(1)
		go func() { defer bg.Done(); w.run(ctx, changes) }()
	}
	bg.Add(1)
	go func() { defer bg.Done(); h.watchdog(ctx) }()

	entries, err := os.ReadDir(h.root)
	if err != nil {
		return fmt.Errorf("runtime: reading %s: %w", h.root, err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			h.entryChanged(filepath.Join(h.root, e.Name()))
		}
	}
	for {
		select {
		case <-ctx.Done():
			h.shutdown()
			return nil
		case p := <-changes:
			h.fileChanged(p)
		case r := <-h.reports:
			h.handle(r)
		case req := <-h.restarts:
			s := h.bots[req.name]
			if s == nil {
				req.done <- fmt.Errorf("runtime: no bot named %q", req.name)
				continue
			}
			s.restarts = 0
			h.load(s)
			req.done <- nil
		case name := <-h.retries:
			if s := h.bots[name]; s != nil && s.retry != nil {
				s.retry = nil
				h.load(s)
			}
		}
	}
}

// isEntry says whether path is a bot: a script file at the folder's top
// (TypeScript declaration files, kept there for editors, are not).
func (h *Host) isEntry(path string) bool {
	base := filepath.Base(path)
	if filepath.Dir(path) != h.root || ignoredName(base) || strings.HasSuffix(base, ".d.ts") {
		return false
	}
	switch filepath.Ext(path) {
	case ".js", ".mjs", ".cjs", ".ts":
		return true
	}
	return false
}

func botName(entry string) string {
	base := filepath.Base(entry)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// fileChanged reacts to a debounced change of path. An empty file is taken
// as a save still in progress (truncated, not yet written: a slow writer can
// outlast the debounce) and waits for the write that follows; delete a file
// to stop its bot.
func (h *Host) fileChanged(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		h.log.Debug("ignoring an empty file until it is written", "file", h.compiler.rel(path))
		return
	}
	if h.isEntry(path) {
		h.entryChanged(path)
		return
	}
	for _, s := range h.sortedBots() {
		if s.affectedBy(path) {
			h.load(s)
		}
	}
}

// entryChanged starts, reloads or stops the bot of an entry file.
func (h *Host) entryChanged(path string) {
	if !h.isEntry(path) {
		return
	}
	name := botName(path)
	s := h.bots[name]
	if _, err := os.Stat(path); err != nil {
		if s != nil && s.entry == path {
			h.remove(s)
		}
		return
	}
	if s == nil {
		s = &supervisor{name: name, entry: path}
		h.bots[name] = s
	} else if s.entry != path {
		h.log.Error("two entry files make the same bot; rename one", "bot", name, "running", filepath.Base(s.entry), "ignored", filepath.Base(path))
		return
	}
	s.restarts = 0
	h.load(s)
}

func (h *Host) sortedBots() []*supervisor {
	list := make([]*supervisor, 0, len(h.bots))
	for _, s := range h.bots {
		list = append(list, s)
	}
	sort.Slice(list, func(a, b int) bool { return list[a].name < list[b].name })
	return list
}

// load starts a new generation of s, or marks one as wanted if a load is in
// progress (its result must not be lost, the newer files win after it).
func (h *Host) load(s *supervisor) {
	if s.loading != nil {
		s.again = true
		return
	}
	if s.retry != nil {
		s.retry.Stop()
		s.retry = nil
	}
	s.gen++
	inst := h.newInstance(s.name, s.entry, s.gen)
	if err := os.MkdirAll(inst.dataDir, 0o700); err != nil {
		h.log.Error("creating the bot's data folder", "bot", s.name, "err", err)
	}
	s.loading = inst
	h.mu.Lock()
	h.live[inst] = true
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		inst.run(h.reports)
	}()
}

// handle processes what a generation reported.
func (h *Host) handle(r report) {
	inst := r.inst
	if r.ended || r.err != nil {
		h.mu.Lock()
		delete(h.live, inst)
		h.mu.Unlock()
	}
	s := h.bots[inst.name]
	if s == nil || (s.loading != inst && s.current != inst) {
		return // a generation already replaced or removed
	}
	switch {
	case !r.ended && r.err != nil: // load failed
		s.loading = nil
		s.lastErr, s.failed = r.err, inst
		h.log.Error("load failed: "+r.err.Error(), "bot", s.name, "generation", inst.gen, "running", s.current != nil)
		h.emit(Event{Bot: s.name, Kind: EventFailed, Generation: inst.gen, Err: r.err, Took: r.took, Running: s.current != nil})
		if s.crashed && s.current == nil {
			h.scheduleRestart(s, r.err)
		}
	case !r.ended: // loaded
		s.loading = nil
		s.lastErr, s.failed = nil, nil
		s.crashed = false
		old := s.current
		s.current, s.since = inst, time.Now()
		kind := EventStarted
		if old != nil {
			kind = EventReloaded
			old.stop(errStopped)
		}
		h.log.Info("bot "+string(kind), "bot", s.name, "generation", inst.gen, "took", r.took)
		h.emit(Event{Bot: s.name, Kind: kind, Generation: inst.gen, Took: r.took, Running: true})
	default: // the running generation ended
		s.current = nil
		h.ended(s, inst, r.err)
	}
	if s.again && s.loading == nil {
		s.again = false
		h.load(s)
	}
}

// ended handles the end of the running generation.
func (h *Host) ended(s *supervisor, inst *instance, cause error) {
	var exit *ExitError
	switch {
	case cause == nil:
		h.log.Info("bot finished: nothing left to run", "bot", s.name)
		h.emit(Event{Bot: s.name, Kind: EventExited, Generation: inst.gen})
	case errors.As(cause, &exit):
		h.log.Info("bot exited", "bot", s.name, "code", exit.Code)
		h.emit(Event{Bot: s.name, Kind: EventExited, Generation: inst.gen, Code: exit.Code})
	case errors.Is(cause, errStopped):
	default:
		if time.Since(s.since) >= h.opts.StableAfter {
			s.restarts = 0
		}
		h.scheduleRestart(s, cause)
		h.emit(Event{Bot: s.name, Kind: EventCrashed, Generation: inst.gen, Err: cause, Backoff: s.backoff})
	}
}

// scheduleRestart restarts a crashed bot after an exponential backoff.
func (h *Host) scheduleRestart(s *supervisor, cause error) {
	s.crashed = true
	d := h.opts.RestartBackoff << min(s.restarts, 16)
	if d > h.opts.MaxRestartBackoff || d <= 0 {
		d = h.opts.MaxRestartBackoff
	}
	s.restarts++
	s.backoff = d
	h.log.Error("bot crashed; restarting", "bot", s.name, "in", d, "err", cause)
	name := s.name
	ctx := h.ctx
	s.retry = time.AfterFunc(d, func() {
		select {
		case h.retries <- name:
		case <-ctx.Done():
		}
	})
}

// remove stops a bot whose entry file is gone.
func (h *Host) remove(s *supervisor) {
	for _, inst := range []*instance{s.current, s.loading} {
		if inst != nil {
			inst.stop(errStopped)
		}
	}
	if s.retry != nil {
		s.retry.Stop()
	}
	delete(h.bots, s.name)
	h.log.Info("bot stopped: its file was removed", "bot", s.name)
	h.emit(Event{Bot: s.name, Kind: EventStopped, Generation: s.gen})
}

// shutdown stops every generation and waits for their goroutines, draining
// their reports meanwhile.
func (h *Host) shutdown() {
	for _, s := range h.sortedBots() {
		for _, inst := range []*instance{s.current, s.loading} {
			if inst != nil {
				inst.stop(errStopped)
			}
		}
		if s.retry != nil {
			s.retry.Stop()
		}
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	for {
		select {
		case <-h.reports:
		case <-done:
			for _, s := range h.sortedBots() {
				h.emit(Event{Bot: s.name, Kind: EventStopped, Generation: s.gen})
			}
			return
		}
	}
}

// emit publishes the bot's new status, then tells OnEvent.
func (h *Host) emit(e Event) {
	e.Time = time.Now()
	h.mu.Lock()
	if s := h.bots[e.Bot]; s != nil {
		h.status[e.Bot] = s.info(h.compiler.rel(s.entry))
	} else {
		delete(h.status, e.Bot)
	}
	h.mu.Unlock()
	if h.opts.OnEvent != nil {
		h.opts.OnEvent(e)
	}
}

func (h *Host) liveInstances() []*instance {
	h.mu.Lock()
	defer h.mu.Unlock()
	list := make([]*instance, 0, len(h.live))
	for i := range h.live {
		list = append(list, i)
	}
	return list
}

// BotInfo describes a bot for status displays.
type BotInfo struct {
	Name       string
	Entry      string // file name relative to the scripts folder
	Generation int    // of the running generation, 0 if none
	Running    bool
	Since      time.Time // when the running generation started
	LastError  error     // the last load failure, while nothing newer loaded
}

// Bots lists the bots the host knows, sorted by name. Safe from any goroutine.
func (h *Host) Bots() []BotInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]BotInfo, 0, len(h.status))
	for _, bi := range h.status {
		out = append(out, bi)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

type restartRequest struct {
	name string
	done chan error
}

// Restart loads a new generation of the named bot from its current files,
// as if they had been saved (for a "restart" button; an exited or crashed bot
// starts again). The result arrives as events. Safe from any goroutine while
// Run runs; it fails if the bot is unknown or ctx ends first.
func (h *Host) Restart(ctx context.Context, name string) error {
	req := restartRequest{name: name, done: make(chan error, 1)}
	select {
	case h.restarts <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.done
}
