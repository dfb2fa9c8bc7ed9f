package runtime

import "time"

// EventKind says what happened to a bot.
type EventKind string

const (
	// EventStarted: the bot's first generation loaded and runs.
	EventStarted EventKind = "started"
	// EventReloaded: a new generation replaced the running one.
	EventReloaded EventKind = "reloaded"
	// EventFailed: a generation failed to load (compile error, throw at load,
	// overrun); the previous generation, if any, keeps running.
	EventFailed EventKind = "failed"
	// EventExited: the script called process.exit, or finished with nothing
	// left to do (Code 0). It starts again when one of its files changes.
	EventExited EventKind = "exited"
	// EventCrashed: the generation died (Go panic in host code, heap limit);
	// it is restarted after Backoff.
	EventCrashed EventKind = "crashed"
	// EventStopped: the bot's entry file was deleted, or the host shut down.
	EventStopped EventKind = "stopped"
)

// Event reports a change in a bot's life, for the CLI and the web UI.
type Event struct {
	Bot        string
	Kind       EventKind
	Generation int
	// Err is the load error (EventFailed) or the crash cause (EventCrashed).
	Err error
	// Took is how long loading the generation took (started, reloaded, failed).
	Took time.Duration
	// Code is the exit code (EventExited).
	Code int
	// Backoff is the delay before the restart (EventCrashed).
	Backoff time.Duration
	// Running reports whether a generation of the bot runs after the event.
	Running bool
	// Time is when the host emitted the event.
	Time time.Time
}
