package people

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/store"
)

// Outgoing is a message a person sends: exactly one of Text, Image, Document, Video, Audio, Sticker
// or React.
type Outgoing struct {
	// To is a JID (user or group) or a bare phone number.
	To       string `json:"to"`
	Text     string `json:"text,omitempty"`
	Image    []byte `json:"image,omitempty"`    // base64 in JSON
	Document []byte `json:"document,omitempty"` // base64 in JSON
	Video    []byte `json:"video,omitempty"`    // base64 in JSON
	Audio    []byte `json:"audio,omitempty"`    // base64 in JSON
	Sticker  []byte `json:"sticker,omitempty"`  // base64 in JSON (WebP)
	// PTT sends Audio as a voice note.
	PTT      bool      `json:"ptt,omitempty"`
	Caption  string    `json:"caption,omitempty"`
	Mimetype string    `json:"mimetype,omitempty"` // sniffed from the bytes when empty
	FileName string    `json:"fileName,omitempty"`
	Quoted   string    `json:"quoted,omitempty"` // id of a message the person sent or received
	Mentions []string  `json:"mentions,omitempty"`
	React    *Reaction `json:"react,omitempty"`
}

// ParseJID reads a JID or a bare phone number (a user on the phone-number server).
func ParseJID(s string) (types.JID, error) {
	if s == "" {
		return types.EmptyJID, fmt.Errorf("%w: empty JID", ErrBadRequest)
	}
	if !strings.Contains(s, "@") {
		if err := accounts.ValidPhone(s); err != nil {
			return types.EmptyJID, fmt.Errorf("%w: %w", ErrBadRequest, err)
		}
		return types.NewJID(s, types.DefaultUserServer), nil
	}
	jid, err := types.ParseJID(s)
	if err != nil || jid.User == "" {
		return types.EmptyJID, fmt.Errorf("%w: bad JID %q", ErrBadRequest, s)
	}
	switch jid.Server {
	case types.DefaultUserServer, types.HiddenUserServer, types.GroupServer:
		return jid, nil
	default:
		return types.EmptyJID, fmt.Errorf("%w: JID %q is not a user or a group", ErrBadRequest, s)
	}
}

// Send sends out from the person with this phone number and returns the message id.
func (s *Service) Send(ctx context.Context, phone string, out Outgoing) (string, error) {
	p, err := s.person(phone)
	if err != nil {
		return "", err
	}
	return p.send(ctx, out)
}

func (p *person) send(ctx context.Context, out Outgoing) (string, error) {
	kinds := 0
	for _, set := range []bool{out.Text != "", out.Image != nil, out.Document != nil, out.Video != nil,
		out.Audio != nil, out.Sticker != nil, out.React != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return "", fmt.Errorf("%w: give exactly one of text, image, document, video, audio, sticker and react", ErrBadRequest)
	}
	kind, data := out.attachment()
	if out.Caption != "" && kind != "image" && kind != "document" && kind != "video" {
		return "", fmt.Errorf("%w: caption needs an image, a video or a document", ErrBadRequest)
	}
	if out.PTT && kind != "audio" {
		return "", fmt.Errorf("%w: ptt needs audio", ErrBadRequest)
	}
	var to types.JID
	var err error
	if out.To != "" || out.React == nil {
		if to, err = ParseJID(out.To); err != nil {
			return "", err
		}
	}
	msg, chat, err := p.build(ctx, out, to)
	if err != nil {
		return "", err
	}
	if err := p.waitLoggedIn(ctx); err != nil {
		return "", err
	}
	resp, err := store.SendMessage(ctx, p.cli, chat, msg, whatsmeow.SendRequestExtra{})
	if err != nil {
		return "", fmt.Errorf("people: %s sends to %s: %w", p.rec.Phone, chat, err)
	}
	rawProto, err := proto.Marshal(msg)
	if err == nil {
		err = putRaw(p.svc.db, p.rec.Phone, resp.ID, &rawMessage{Chat: chat, Sender: p.jid(), FromMe: true, Proto: rawProto})
	}
	if err == nil && data != nil {
		err = putSentMedia(p.svc.db, p.rec.Phone, resp.ID, data)
	}
	if err != nil {
		// Sent all the same; only quoting this message (or uploading its media again) will not work.
		p.svc.log.Error("sim people: keep sent message", "phone", p.rec.Phone, "id", resp.ID, "err", err)
	}
	return resp.ID, nil
}

// build turns out into a message and the chat it goes to.
func (p *person) build(ctx context.Context, out Outgoing, to types.JID) (*waE2E.Message, types.JID, error) {
	if out.React != nil {
		return p.reaction(out.React, to)
	}
	info, err := p.contextInfo(out)
	if err != nil {
		return nil, to, err
	}
	if kind, data := out.attachment(); kind != "" {
		up, mime, err := p.upload(ctx, data, out.Mimetype, mediaTypes[kind])
		if err != nil {
			return nil, to, err
		}
		return mediaMessage(kind, up, mime, out, info), to, nil
	}
	switch {
	case info != nil:
		return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: &out.Text, ContextInfo: info}}, to, nil
	default:
		return &waE2E.Message{Conversation: &out.Text}, to, nil
	}
}

// mediaTypes are whatsmeow's media types (the keys' HKDF info) of the attachments people send.
var mediaTypes = map[string]whatsmeow.MediaType{"image": whatsmeow.MediaImage, "video": whatsmeow.MediaVideo,
	"audio": whatsmeow.MediaAudio, "document": whatsmeow.MediaDocument, "sticker": whatsmeow.MediaImage}

// attachment returns the kind and bytes of the media out carries ("" and nil for none).
func (out Outgoing) attachment() (string, []byte) {
	switch {
	case out.Image != nil:
		return "image", out.Image
	case out.Document != nil:
		return "document", out.Document
	case out.Video != nil:
		return "video", out.Video
	case out.Audio != nil:
		return "audio", out.Audio
	case out.Sticker != nil:
		return "sticker", out.Sticker
	}
	return "", nil
}

// mediaMessage is the message that carries an uploaded attachment of kind.
func mediaMessage(kind string, up whatsmeow.UploadResponse, mime string, out Outgoing, info *waE2E.ContextInfo) *waE2E.Message {
	length := proto.Uint64(up.FileLength)
	switch kind {
	case "image":
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: &up.URL, DirectPath: &up.DirectPath,
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: length,
			Mimetype: &mime, Caption: optional(out.Caption), ContextInfo: info}}
	case "video":
		return &waE2E.Message{VideoMessage: &waE2E.VideoMessage{URL: &up.URL, DirectPath: &up.DirectPath,
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: length,
			Mimetype: &mime, Caption: optional(out.Caption), ContextInfo: info}}
	case "audio":
		return &waE2E.Message{AudioMessage: &waE2E.AudioMessage{URL: &up.URL, DirectPath: &up.DirectPath,
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: length,
			Mimetype: &mime, PTT: proto.Bool(out.PTT), ContextInfo: info}}
	case "sticker":
		return &waE2E.Message{StickerMessage: &waE2E.StickerMessage{URL: &up.URL, DirectPath: &up.DirectPath,
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: length,
			Mimetype: &mime, ContextInfo: info}}
	default:
		name := out.FileName
		if name == "" {
			name = "file"
		}
		return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{URL: &up.URL, DirectPath: &up.DirectPath,
			MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: length,
			Mimetype: &mime, FileName: &name, Title: &name, Caption: optional(out.Caption), ContextInfo: info}}
	}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// contextInfo carries the quoted message (as WhatsApp does: its id, author and content) and mentions.
func (p *person) contextInfo(out Outgoing) (*waE2E.ContextInfo, error) {
	if out.Quoted == "" && len(out.Mentions) == 0 {
		return nil, nil
	}
	info := &waE2E.ContextInfo{}
	if out.Quoted != "" {
		raw, err := getRaw(p.svc.db, p.rec.Phone, out.Quoted)
		if err != nil {
			return nil, err
		}
		var quoted waE2E.Message
		if err := proto.Unmarshal(raw.Proto, &quoted); err != nil {
			return nil, fmt.Errorf("people: stored message %q: %w", out.Quoted, err)
		}
		info.StanzaID = proto.String(out.Quoted)
		info.Participant = proto.String(raw.Sender.String())
		info.QuotedMessage = &quoted
	}
	for _, m := range out.Mentions {
		jid, err := ParseJID(m)
		if err != nil {
			return nil, fmt.Errorf("mention: %w", err)
		}
		info.MentionedJID = append(info.MentionedJID, jid.String())
	}
	return info, nil
}

// reaction reacts to a message the person sent or received, in that message's chat unless to is set.
func (p *person) reaction(r *Reaction, to types.JID) (*waE2E.Message, types.JID, error) {
	if r.ID == "" {
		return nil, to, fmt.Errorf("%w: react needs the id of a message", ErrBadRequest)
	}
	raw, err := getRaw(p.svc.db, p.rec.Phone, r.ID)
	if err != nil {
		return nil, to, err
	}
	if to.IsEmpty() {
		to = raw.Chat
	}
	key := &waCommon.MessageKey{RemoteJID: proto.String(raw.Chat.String()), FromMe: proto.Bool(raw.FromMe), ID: proto.String(r.ID)}
	if raw.Chat.Server == types.GroupServer && !raw.FromMe {
		key.Participant = proto.String(raw.Sender.String())
	}
	return &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Key: key, Text: proto.String(r.Emoji),
		SenderTimestampMS: proto.Int64(time.Now().UnixMilli())}}, to, nil
}

// upload encrypts and uploads data as media of type kind, sniffing the mimetype if none is given.
func (p *person) upload(ctx context.Context, data []byte, mime string, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, string, error) {
	if len(data) == 0 {
		return whatsmeow.UploadResponse{}, "", fmt.Errorf("%w: empty %s", ErrBadRequest, kind)
	}
	if mime == "" {
		mime = http.DetectContentType(data)
	}
	if err := p.waitLoggedIn(ctx); err != nil {
		return whatsmeow.UploadResponse{}, "", err
	}
	up, err := p.cli.Upload(ctx, data, kind)
	if err != nil {
		return up, "", fmt.Errorf("people: %s uploads %s: %w", p.rec.Phone, kind, err)
	}
	return up, mime, nil
}
