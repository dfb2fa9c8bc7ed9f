package protocol

import (
	"context"
	"net/url"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// defaultMediaHost is the host Baileys builds media URLs on when the old URL gives none.
const defaultMediaHost = "mmg.whatsapp.net"

// mediaFields is the part of an attachment a media retry changes.
type mediaFields interface {
	whatsmeow.DownloadableMessage
	GetURL() string
}

// mediaContent is Baileys' assertMediaContent: the attachment of msg (inside its wrappers), one of
// document, image, video, audio or sticker. It shares memory with msg.
func mediaContent(msg *waE2E.Message) (mediaFields, func(url, directPath string), error) {
	m := wamsg.NormalizeMessage(msg)
	switch {
	case m.GetDocumentMessage() != nil:
		x := m.GetDocumentMessage()
		return x, func(u, p string) { x.URL, x.DirectPath = &u, &p }, nil
	case m.GetImageMessage() != nil:
		x := m.GetImageMessage()
		return x, func(u, p string) { x.URL, x.DirectPath = &u, &p }, nil
	case m.GetVideoMessage() != nil:
		x := m.GetVideoMessage()
		return x, func(u, p string) { x.URL, x.DirectPath = &u, &p }, nil
	case m.GetAudioMessage() != nil:
		x := m.GetAudioMessage()
		return x, func(u, p string) { x.URL, x.DirectPath = &u, &p }, nil
	case m.GetStickerMessage() != nil:
		x := m.GetStickerMessage()
		return x, func(u, p string) { x.URL, x.DirectPath = &u, &p }, nil
	}
	return nil, nil, errs.New(400, "given message is not a media message")
}

// UpdateMediaMessage is Baileys' updateMediaMessage: it asks the phone of the sender of message key
// to upload msg's media again (an encrypted server-error receipt), waits for the phone's encrypted
// answer, and returns a copy of msg whose attachment has the new directPath and url. Like Baileys it
// then emits messages.update with the updated message (and keeps it in the message store). A phone
// that cannot help fails with Baileys' status for its answer (404 when the media is gone); no answer
// within ctx's deadline (or the call timeout) is 408.
func (s *Session) UpdateMediaMessage(ctx context.Context, key wamsg.Key, msg *waE2E.Message) (*waE2E.Message, error) {
	media, _, err := mediaContent(msg)
	if err != nil {
		return nil, err
	}
	mediaKey := media.GetMediaKey()
	if len(mediaKey) == 0 {
		return nil, errs.New(400, "the media message has no mediaKey to ask for a re-upload with")
	}
	chat, err := types.ParseJID(key.RemoteJID)
	if err != nil || key.ID == "" {
		return nil, errs.BadField("key", "a message key with remoteJid and id expected")
	}
	info := types.MessageInfo{ID: key.ID, MessageSource: types.MessageSource{Chat: chat, IsFromMe: key.FromMe,
		IsGroup: chat.Server == types.GroupServer}}
	if info.IsGroup {
		if info.Sender, err = types.ParseJID(key.Participant); err != nil || key.Participant == "" {
			return nil, errs.BadField("key.participant", "a group message's key needs the participant who sent it")
		}
	}
	directPath, err := call(s, ctx, func(ctx context.Context, cli *whatsmeow.Client) (string, error) {
		return requestMediaRetry(ctx, cli, &info, mediaKey)
	})
	if err != nil {
		return nil, err
	}
	updated := proto.Clone(msg).(*waE2E.Message)
	_, set, _ := mediaContent(updated)
	set(mediaURL(media.GetURL(), directPath), directPath)
	if err := s.recordMediaUpdate(ctx, key, updated); err != nil {
		// The caller has the new path all the same; only the event and the stored copy are missing.
		s.log.Error("media update not recorded", "id", key.ID, "err", err)
	}
	return updated, nil
}

// requestMediaRetry sends the retry receipt and waits for the phone's answer to it.
func requestMediaRetry(ctx context.Context, cli *whatsmeow.Client, info *types.MessageInfo, mediaKey []byte) (string, error) {
	answers := make(chan *wmevents.MediaRetry, 1)
	// A handler of this call only: the session's own handler queues messages.media-update for scripts.
	h := cli.AddEventHandler(func(evt any) {
		if e, ok := evt.(*wmevents.MediaRetry); ok && e.MessageID == info.ID {
			select {
			case answers <- e:
			default: // an answer to an earlier request for the same message, already taken
			}
		}
	})
	defer cli.RemoveEventHandler(h)
	if err := cli.SendMediaRetryReceipt(ctx, info, mediaKey); err != nil {
		return "", err
	}
	select {
	case e := <-answers:
		return mediaRetryPath(e, mediaKey)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// mediaRetryPath reads the new direct path out of the phone's answer, or its failure as Baileys
// reports it.
func mediaRetryPath(e *wmevents.MediaRetry, mediaKey []byte) (string, error) {
	if e.Error != nil {
		return "", events.MediaRetryFailure(e.Error.Code)
	}
	notif, err := whatsmeow.DecryptMediaRetryNotification(e, mediaKey)
	if err != nil {
		return "", errs.Wrap(500, "the phone's media retry answer does not decrypt", err)
	}
	if result := notif.GetResult(); result != waMmsRetry.MediaRetryNotification_SUCCESS {
		status, ok := events.MediaRetryStatus(int(result))
		if !ok {
			status = 404
		}
		return "", errs.New(status, "Media re-upload failed by device ("+result.String()+")").
			WithData(jsval.NewObject().Set("result", int64(result)).Set("stanzaId", notif.GetStanzaID()))
	}
	if notif.GetDirectPath() == "" {
		return "", errs.New(404, "Media re-upload failed by device (no direct path)")
	}
	return notif.GetDirectPath(), nil
}

// mediaURL is the URL of directPath on the host of the attachment's old URL (Baileys'
// getUrlFromDirectPath).
func mediaURL(old, directPath string) string {
	host := defaultMediaHost
	if u, err := url.Parse(old); err == nil && u.Host != "" {
		host = u.Host
	}
	return "https://" + host + directPath
}

// recordMediaUpdate emits messages.update with the updated message, as Baileys does after a
// successful retry, and replaces the stored copy so that getMessage and loadMessage see the new path.
func (s *Session) recordMediaUpdate(ctx context.Context, key wamsg.Key, updated *waE2E.Message) error {
	ev := events.Event{Name: "messages.update", Payload: jsval.Array{jsval.NewObject().Set("key", key.Object()).
		Set("update", jsval.NewObject().Set("message", wamsg.ToObject(updated)))}}
	if err := s.queueEvents(ctx, ev); err != nil {
		return err
	}
	stored, ok, err := s.messages.Get(ctx, key.RemoteJID, key.ID)
	if err != nil || !ok {
		return err
	}
	if stored.Message, err = proto.Marshal(updated); err != nil {
		return err
	}
	return s.messages.Put(ctx, stored)
}
