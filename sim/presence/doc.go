// Package presence is the simulator's online state and typing indicators: which accounts are available
// (any of their devices said <presence type="available"/>), last-seen times (persisted under
// "sim/presence/"), presence subscriptions (tied to the subscribing connection, as on WhatsApp, with the
// current state sent on subscribe), and chat states (composing, recording, paused) relayed to a peer's
// connected devices or to a group's members. All of it is best effort: nothing here enters the offline
// queue, because a stale "typing…" is worse than none.
package presence
