package protocol

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
)

// Hooks are the parts of a script's socket config that act inside a session's message path:
// Baileys' getMessage, patchMessageBeforeSending, the resend bound of maxMsgRetryCount,
// retryRequestDelayMs and mediaCache. A session holds at most one set, that of the most recently
// made socket (SetHooks). The functions are called on whatsmeow's goroutines or a sender's, never
// under a session lock; each must bound its own wait (a script that never answers must not hold
// up the session). A nil function leaves botrt's own behaviour in place.
type Hooks struct {
	// GetMessage returns the content to send again when a peer asks for message id of chat (a
	// retry receipt), or nil to fall back to the message store.
	GetMessage func(ctx context.Context, chat types.JID, id types.MessageID) *waE2E.Message
	// Patch rewrites an outgoing message before it is encrypted: to is the chat, recipients the
	// devices it goes to (nil for groups, as Baileys passes none there). It also runs on a message
	// sent again for a retry receipt, with the asking device as the one recipient. A nil result
	// keeps msg; an error fails the send.
	Patch func(ctx context.Context, to types.JID, recipients []types.JID, msg *waE2E.Message) (*waE2E.Message, error)
	// AllowResend is asked before message id is sent again to requester, the device that asked;
	// false refuses the retry receipt.
	AllowResend func(ctx context.Context, id types.MessageID, requester types.JID) bool
	// RetryRequestDelay is how long the session waits, after whatsmeow sent a retry receipt for a
	// message it could not decrypt, before it takes the next stanza: Baileys' retryRequestDelayMs,
	// which spaces its retry requests the same way.
	RetryRequestDelay time.Duration
	// MediaCache, when set, lets media sent again reuse its upload (Baileys' mediaCache).
	MediaCache UploadCache
}

// SetHooks makes h the session's hooks, replacing any set before. release removes h again,
// unless other hooks replaced it meanwhile; it is safe to call more than once.
func (s *Session) SetHooks(h *Hooks) (release func()) {
	s.hooks.Store(h)
	return func() { s.hooks.CompareAndSwap(h, nil) }
}

// currentHooks is the session's hooks, or an empty set.
func (s *Session) currentHooks() *Hooks {
	if h := s.hooks.Load(); h != nil {
		return h
	}
	return &Hooks{}
}
