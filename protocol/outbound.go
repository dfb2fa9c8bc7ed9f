package protocol

import (
	"context"
	"errors"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
	"github.com/botrt/botrt/store"
)

// The calls jsapi makes for a script. Each fails fast with 428 "Connection Closed" when the
// session is not logged in (as Baileys does when its socket is not open), with 408 when the call
// runs past its ctx deadline or Options.CallTimeout, and otherwise with whatsmeow's error mapped to
// Baileys' status codes (errs.FromWhatsmeow).

// callContext gives ctx the session's query timeout (else the manager's call timeout) unless it
// has a deadline already.
func (s *Session) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	timeout := s.conn.get().QueryTimeout
	if timeout <= 0 {
		timeout = s.m.opts.CallTimeout
	}
	return withDefaultTimeout(ctx, timeout)
}

// transferContext bounds a media upload or download by the manager's call timeout: Baileys bounds
// queries by defaultQueryTimeoutMs, not media transfers, which may take far longer.
func (s *Session) transferContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return withDefaultTimeout(ctx, s.m.opts.CallTimeout)
}

func withDefaultTimeout(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, timeout)
}

// call runs fn on the current client once the session is logged in.
func call[T any](s *Session, ctx context.Context, fn func(context.Context, *whatsmeow.Client) (T, error)) (T, error) {
	var zero T
	cli := s.client()
	if !cli.IsLoggedIn() {
		return zero, errs.New(errs.ConnectionClosed, "Connection Closed")
	}
	ctx, cancel := s.callContext(ctx)
	defer cancel()
	out, err := fn(ctx, cli)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, errs.Wrap(errs.TimedOut, "Timed Out", err)
		}
		return zero, errs.FromWhatsmeow(err)
	}
	return out, nil
}

// do is call for functions without a result.
func do(s *Session, ctx context.Context, fn func(context.Context, *whatsmeow.Client) error) error {
	_, err := call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (struct{}, error) {
		return struct{}{}, fn(ctx, cli)
	})
	return err
}

// Sent is the result of SendMessage.
type Sent struct {
	ID        types.MessageID
	Timestamp time.Time
	// WAMessage is the message as Baileys' sendMessage resolves it (also queued as an 'append'
	// messages.upsert).
	WAMessage *jsval.Object
}

// SendMessage sends a prepared message to a chat. Like Baileys, it stores the message (for
// retries, quotes and polls) and queues its 'append' upsert before it goes out, so the echo comes
// before any receipt of it; if sending then fails, a messages.update with status ERROR follows and
// the error is returned. extra may set the message id (Baileys' messageId option).
func (s *Session) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra whatsmeow.SendRequestExtra) (Sent, error) {
	if msg == nil {
		return Sent{}, errs.New(400, "no message to send")
	}
	cli := s.client()
	if !cli.IsLoggedIn() {
		return Sent{}, errs.New(errs.ConnectionClosed, "Connection Closed")
	}
	raw, err := proto.Marshal(msg)
	if err != nil {
		return Sent{}, errs.Wrap(400, "message does not marshal", err)
	}
	if extra.ID == "" {
		extra.ID = cli.GenerateMessageID()
	}
	me := s.Status().Me.ID
	now := time.Now()
	wa := wamsg.Sent(to, extra.ID, msg, now, me)
	stored := store.StoredMessage{Chat: to.String(), ID: extra.ID, Sender: me.ToNonAD().String(), FromMe: true, Timestamp: now, Message: raw}
	if err := s.recordSent(ctx, stored, events.SentUpsert(wa)); err != nil {
		return Sent{}, errs.Wrap(500, "could not record the message before sending it", err)
	}
	resp, err := call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (whatsmeow.SendResponse, error) {
		wire, err := s.outgoing(ctx, cli, to, msg)
		if err != nil {
			return whatsmeow.SendResponse{}, err
		}
		resp, err := store.SendMessage(ctx, cli, to, wire, extra)
		if err == nil {
			s.sentAnswerable(cli, to, extra.ID)
		}
		return resp, err
	})
	if err != nil {
		key := wamsg.Key{RemoteJID: to.String(), FromMe: true, ID: extra.ID}
		failed := events.Event{Name: "messages.update", Payload: jsval.Array{jsval.NewObject().
			Set("key", key.Object()).Set("update", jsval.NewObject().Set("status", int64(wamsg.StatusError)))}}
		if qerr := s.queueEvents(ctx, failed); qerr != nil {
			s.log.Error("failed send not reported to scripts", "id", extra.ID, "err", qerr)
		}
		return Sent{}, err
	}
	s.tally.sent.Add(1)
	return Sent{ID: resp.ID, Timestamp: resp.Timestamp, WAMessage: wa}, nil
}

// Upload encrypts and uploads media for a message (or reuses an upload from the hooks' MediaCache).
func (s *Session) Upload(ctx context.Context, data []byte, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	ctx, cancel := s.transferContext(ctx)
	defer cancel()
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (whatsmeow.UploadResponse, error) {
		return s.upload(ctx, cli, data, kind)
	})
}

// Download fetches and decrypts the media of a message.
func (s *Session) Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	ctx, cancel := s.transferContext(ctx)
	defer cancel()
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) ([]byte, error) { return cli.Download(ctx, msg) })
}

// MarkRead sends a receipt of type kind ("" = read, "read-self", "played", ...) for messages of
// one sender in one chat (readMessages, sendReceipt).
func (s *Session) MarkRead(ctx context.Context, ids []types.MessageID, ts time.Time, chat, sender types.JID, kind types.ReceiptType) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		if kind == "" {
			return cli.MarkRead(ctx, ids, ts, chat, sender)
		}
		return cli.MarkRead(ctx, ids, ts, chat, sender, kind)
	})
}

// SendPresence sets the account available or unavailable.
func (s *Session) SendPresence(ctx context.Context, p types.Presence) error {
	if err := do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SendPresence(ctx, p) }); err != nil {
		return err
	}
	s.presenceSent(p)
	return nil
}

// SendChatPresence sends typing/recording/paused to a chat.
func (s *Session) SendChatPresence(ctx context.Context, chat types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return cli.SendChatPresence(ctx, chat, state, media)
	})
}

// SubscribePresence asks for a contact's presence updates.
func (s *Session) SubscribePresence(ctx context.Context, jid types.JID) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SubscribePresence(ctx, jid) })
}

// GroupInfo fetches a group's metadata.
func (s *Session) GroupInfo(ctx context.Context, group types.JID) (*types.GroupInfo, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (*types.GroupInfo, error) {
		return cli.GetGroupInfo(ctx, group)
	})
}

// JoinedGroups lists the groups the account is in.
func (s *Session) JoinedGroups(ctx context.Context) ([]*types.GroupInfo, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) ([]*types.GroupInfo, error) {
		return cli.GetJoinedGroups(ctx)
	})
}

// CreateGroup creates a group.
func (s *Session) CreateGroup(ctx context.Context, req whatsmeow.ReqCreateGroup) (*types.GroupInfo, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (*types.GroupInfo, error) {
		return cli.CreateGroup(ctx, req)
	})
}

// UpdateGroupParticipants adds, removes, promotes or demotes members.
func (s *Session) UpdateGroupParticipants(ctx context.Context, group types.JID, users []types.JID, action whatsmeow.ParticipantChange) ([]types.GroupParticipant, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) ([]types.GroupParticipant, error) {
		return cli.UpdateGroupParticipants(ctx, group, users, action)
	})
}

// SetGroupName changes a group's subject.
func (s *Session) SetGroupName(ctx context.Context, group types.JID, name string) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SetGroupName(ctx, group, name) })
}

// SetGroupDescription changes (or with "" removes) a group's description.
func (s *Session) SetGroupDescription(ctx context.Context, group types.JID, text string) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return cli.SetGroupDescription(ctx, group, text)
	})
}

// SetGroupAnnounce makes only admins able to send (groupSettingUpdate 'announcement').
func (s *Session) SetGroupAnnounce(ctx context.Context, group types.JID, on bool) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SetGroupAnnounce(ctx, group, on) })
}

// SetGroupLocked makes only admins able to edit the group info (groupSettingUpdate 'locked').
func (s *Session) SetGroupLocked(ctx context.Context, group types.JID, on bool) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SetGroupLocked(ctx, group, on) })
}

// GroupInviteLink returns the group's invite link, a new one if reset.
func (s *Session) GroupInviteLink(ctx context.Context, group types.JID, reset bool) (string, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (string, error) {
		return cli.GetGroupInviteLink(ctx, group, reset)
	})
}

// JoinGroupWithLink joins by invite code (or full link) and returns the group.
func (s *Session) JoinGroupWithLink(ctx context.Context, code string) (types.JID, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (types.JID, error) {
		return cli.JoinGroupWithLink(ctx, code)
	})
}

// LeaveGroup leaves a group.
func (s *Session) LeaveGroup(ctx context.Context, group types.JID) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.LeaveGroup(ctx, group) })
}

// ProfilePicture returns a user's or group's picture info (preview: the small one).
func (s *Session) ProfilePicture(ctx context.Context, jid types.JID, preview bool) (*types.ProfilePictureInfo, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (*types.ProfilePictureInfo, error) {
		return cli.GetProfilePictureInfo(ctx, jid, &whatsmeow.GetProfilePictureParams{Preview: preview})
	})
}

// UserInfo fetches status text, picture id and devices of users.
func (s *Session) UserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (map[types.JID]types.UserInfo, error) {
		return cli.GetUserInfo(ctx, jids)
	})
}

// SetStatusMessage sets the account's about text.
func (s *Session) SetStatusMessage(ctx context.Context, text string) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.SetStatusMessage(ctx, text) })
}

// IsOnWhatsApp checks phone numbers ("+1555...").
func (s *Session) IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) ([]types.IsOnWhatsAppResponse, error) {
		return cli.IsOnWhatsApp(ctx, phones)
	})
}

// Blocklist fetches the blocked users.
func (s *Session) Blocklist(ctx context.Context) (*types.Blocklist, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (*types.Blocklist, error) {
		return cli.GetBlocklist(ctx)
	})
}

// UpdateBlocklist blocks or unblocks a user.
func (s *Session) UpdateBlocklist(ctx context.Context, jid types.JID, action wmevents.BlocklistChangeAction) (*types.Blocklist, error) {
	return call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (*types.Blocklist, error) {
		return cli.UpdateBlocklist(ctx, jid, action)
	})
}

// RejectCall declines an incoming call.
func (s *Session) RejectCall(ctx context.Context, from types.JID, callID string) error {
	return do(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) error { return cli.RejectCall(ctx, from, callID) })
}

// Do runs fn with the logged-in client, under the same connection check, timeout and error
// mapping as the calls above: the way to reach whatsmeow calls that have no wrapper yet.
func (s *Session) Do(ctx context.Context, fn func(context.Context, *whatsmeow.Client) error) error {
	return do(s, ctx, fn)
}
