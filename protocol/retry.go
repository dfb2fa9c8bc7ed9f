package protocol

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
)

// Retries in both directions, as the session's hooks shape them.
//
// A peer that could not decrypt a message we sent asks for it again with a retry receipt. whatsmeow
// answers from its memory of the last 256 messages it sent and, failing that, from
// GetMessageForRetry (messageForRetry here); PreRetryCallback (allowResend) may refuse. When the
// hooks carry a GetMessage, SendMessage makes whatsmeow forget its copy, so every retry asks the
// script first, as Baileys 6 always asks getMessage.
//
// We ask a peer to send again when we cannot decrypt: whatsmeow sends that retry receipt itself,
// at once and at most four times per message (retry.go sendRetryReceipt, not configurable); the
// session can only pause after each one (pauseAfterRetryRequest).

// messageForRetry is whatsmeow's GetMessageForRetry: the content comes from the script's getMessage
// when it has one, else from the message store, and is patched for the asking device.
func (s *Session) messageForRetry(requester, to types.JID, id types.MessageID) *waE2E.Message {
	ctx := context.Background()
	h := s.currentHooks()
	var msg *waE2E.Message
	if h.GetMessage != nil {
		msg = h.GetMessage(ctx, to, id)
	}
	if msg == nil {
		stored, err := s.GetMessage(ctx, to.String(), id)
		if err != nil {
			s.log.Warn("retry receipt for a message that is not stored", "chat", to, "id", id, "err", err)
			return nil
		}
		msg = stored
	}
	if h.Patch == nil {
		return msg
	}
	patched, err := h.Patch(ctx, to, []types.JID{requester}, msg)
	if err != nil {
		s.log.Warn("patchMessageBeforeSending failed for a message sent again; sending it unpatched", "chat", to, "id", id, "err", err)
		return msg
	}
	return patched
}

// allowResend is whatsmeow's PreRetryCallback: the hooks may refuse to send a message again to
// the device that asked (Baileys' maxMsgRetryCount).
func (s *Session) allowResend(receipt *wmevents.Receipt, id types.MessageID, count int, _ *waE2E.Message) bool {
	allow := s.currentHooks().AllowResend
	if allow == nil || allow(context.Background(), id, receipt.Sender) {
		return true
	}
	s.log.Info("retry receipt refused: the message was sent again as often as maxMsgRetryCount allows", "id", id, "from", receipt.Sender, "count", count)
	return false
}

// pauseAfterRetryRequest runs on whatsmeow's stanza goroutine after it sent a retry receipt for a
// message it could not decrypt; waiting there spaces the next retry receipts.
func (s *Session) pauseAfterRetryRequest(evt any) {
	if _, ok := evt.(*wmevents.UndecryptableMessage); !ok {
		return
	}
	if d := s.currentHooks().RetryRequestDelay; d > 0 {
		time.Sleep(d)
	}
}

// outgoing is msg as it goes on the wire to to: patched by the hooks (with the recipient's devices,
// for a chat with one user, as Baileys passes them).
func (s *Session) outgoing(ctx context.Context, cli *whatsmeow.Client, to types.JID, msg *waE2E.Message) (*waE2E.Message, error) {
	patch := s.currentHooks().Patch
	if patch == nil {
		return msg, nil
	}
	var recipients []types.JID
	if to.Server == types.DefaultUserServer || to.Server == types.HiddenUserServer {
		devices, err := cli.GetUserDevices(ctx, []types.JID{to.ToNonAD()})
		if err != nil {
			return nil, errs.Wrap(errs.StatusOf(errs.FromWhatsmeow(err)), "patchMessageBeforeSending: looking up the recipient's devices failed", err)
		}
		recipients = devices
	}
	patched, err := patch(ctx, to, recipients, msg)
	if err != nil {
		return nil, err
	}
	if patched == nil {
		return msg, nil
	}
	return patched, nil
}

// sentAnswerable makes whatsmeow forget its own copy of a message just sent when the script
// answers retries (getMessage), so that a retry receipt reaches messageForRetry.
func (s *Session) sentAnswerable(cli *whatsmeow.Client, to types.JID, id types.MessageID) {
	if s.currentHooks().GetMessage != nil {
		cli.DangerousInternals().AddRecentMessage(to, id, nil, nil)
	}
}
