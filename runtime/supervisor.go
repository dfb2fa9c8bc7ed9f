package runtime

import (
	"path/filepath"
	"time"
)

// supervisor is the host's record of one bot across generations. Host
// goroutine only.
type supervisor struct {
	name  string
	entry string

	gen     int
	current *instance // the generation running, nil if none
	since   time.Time // when current started
	loading *instance // a generation being loaded
	again   bool      // files changed while loading: load once more after
	lastErr error     // the last load failure, nil once a load succeeds
	failed  *instance // the generation that failed, for the files it reached

	crashed  bool // restarting after a crash: failed loads retry too
	restarts int
	backoff  time.Duration
	retry    *time.Timer
}

// affectedBy says whether a change to path (written, created or removed)
// concerns this bot: a file it loaded, or a file next to files it loaded in
// a subfolder (a plugin folder read with readdir: the debounced change does
// not tell a new file from an edit), including files only a failed newer
// version reached, or anything at all while the bot does not run because
// its last load failed.
func (s *supervisor) affectedBy(path string) bool {
	if s.current == nil && s.lastErr != nil {
		return true
	}
	for _, inst := range []*instance{s.current, s.loading, s.failed} {
		if inst == nil {
			continue
		}
		if inst.dependsOn(path) {
			return true
		}
		if dir := filepath.Dir(path); dir != filepath.Dir(s.entry) && inst.depDirs()[dir] {
			return true
		}
	}
	return false
}

func (s *supervisor) info(entry string) BotInfo {
	bi := BotInfo{Name: s.name, Entry: entry, LastError: s.lastErr}
	if s.current != nil {
		bi.Running, bi.Generation, bi.Since = true, s.current.gen, s.since
	}
	return bi
}
