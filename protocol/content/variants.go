package content

import (
	"context"
	"strings"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/wamsg"
)

// defaultEphemeral is Baileys' WA_DEFAULT_EPHEMERAL (7 days).
const defaultEphemeral = 7 * 24 * 60 * 60

// legacyInteractive are content keys only Baileys forks send; official
// Baileys ignores them (and WhatsApp no longer renders them), so a script
// using them would silently send something else.
var legacyInteractive = []string{"buttons", "templateButtons", "sections", "interactiveButtons"}

// content builds the message for one content object, trying the variants
// in the order Baileys' generateWAMessageContent does, then applies the
// modifiers viewOnce, mentions, edit and contextInfo.
func (b *Builder) content(ctx context.Context, c, opts fields) (*waE2E.Message, error) {
	for _, k := range legacyInteractive {
		if c.has(k) {
			return nil, errs.BadField(c.at(k), "%s messages are not sent by Baileys' sendMessage and are not supported", k)
		}
	}
	m, err := b.variant(ctx, c, opts)
	if err != nil {
		return nil, err
	}
	if c.truthy("viewOnce") {
		m = &waE2E.Message{ViewOnceMessage: &waE2E.FutureProofMessage{Message: m}}
	}
	mentions, err := c.strings("mentions")
	if err != nil {
		return nil, err
	}
	if len(mentions) > 0 || c.truthy("mentionAll") {
		// Baileys puts mentions on the first key; for a view-once wrapper that
		// loses them, so they go on the wrapped content instead.
		if ci := wamsg.ContextInfo(m, true); ci != nil {
			if len(mentions) > 0 {
				ci.MentionedJID = mentions
			}
			if c.truthy("mentionAll") {
				ci.NonJIDMentions = proto.Uint32(1)
			}
		}
	}
	if c.has("edit") {
		key, err := wamsg.KeyFromObject(c.get("edit"), c.at("edit"))
		if err != nil {
			return nil, err
		}
		m = &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Key:           key.Proto(),
			EditedMessage: m,
			TimestampMS:   proto.Int64(b.now().UnixMilli()),
			Type:          waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(),
		}}
	}
	if c.has("contextInfo") {
		extra := &waE2E.ContextInfo{}
		if err := wamsg.FromObject(c.get("contextInfo"), extra, c.at("contextInfo")); err != nil {
			return nil, err
		}
		if ci := wamsg.ContextInfo(m, true); ci != nil {
			overwrite(ci, extra)
		}
	}
	return m, nil
}

// overwrite sets every field present in src on dst, like an object spread.
func overwrite(dst, src proto.Message) {
	d := dst.ProtoReflect()
	src.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		d.Set(fd, v)
		return true
	})
}

func (b *Builder) variant(ctx context.Context, c, opts fields) (*waE2E.Message, error) {
	switch {
	case c.has("text"):
		return b.text(c, opts)
	case c.has("contacts"):
		return contacts(c)
	case c.has("location"):
		loc := &waE2E.LocationMessage{}
		if err := wamsg.FromObject(c.get("location"), loc, c.at("location")); err != nil {
			return nil, err
		}
		return &waE2E.Message{LocationMessage: loc}, nil
	case c.has("react"):
		return b.react(c)
	case c.has("delete"):
		key, err := wamsg.KeyFromObject(c.get("delete"), c.at("delete"))
		if err != nil {
			return nil, err
		}
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Key: key.Proto(), Type: waE2E.ProtocolMessage_REVOKE.Enum()}}, nil
	case c.has("forward"):
		return forward(c)
	case c.has("disappearingMessagesInChat"):
		exp, err := disappearingSeconds(c)
		if err != nil {
			return nil, err
		}
		return &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
			ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum(), EphemeralExpiration: proto.Uint32(exp)},
		}}}, nil
	case c.has("groupInvite"):
		return groupInvite(c)
	case c.has("pin"):
		return b.pin(c)
	case c.has("buttonReply"):
		return buttonReply(c)
	case c.truthy("ptv"):
		return b.media(ctx, c, opts, "video", true)
	case c.has("product"):
		return nil, errs.New(501, "content.product: product messages are not supported by botrt").
			WithData(fieldData("content.product"))
	case c.has("listReply"):
		lr := &waE2E.ListResponseMessage{}
		if err := wamsg.FromObject(c.get("listReply"), lr, c.at("listReply")); err != nil {
			return nil, err
		}
		return &waE2E.Message{ListResponseMessage: lr}, nil
	case c.has("event"):
		return b.event(c)
	case c.has("poll"):
		return b.poll(c)
	case c.has("album"):
		a, err := c.object("album")
		if err != nil {
			return nil, err
		}
		am := &waE2E.AlbumMessage{}
		if err := wamsg.FromObject(a.obj, am, a.path); err != nil {
			return nil, err
		}
		return &waE2E.Message{AlbumMessage: am}, nil
	case c.has("sharePhoneNumber"):
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_SHARE_PHONE_NUMBER.Enum()}}, nil
	case c.has("requestPhoneNumber"):
		return &waE2E.Message{RequestPhoneNumberMessage: &waE2E.RequestPhoneNumberMessage{}}, nil
	case c.has("limitSharing"):
		return &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Type: waE2E.ProtocolMessage_LIMIT_SHARING.Enum(),
			LimitSharing: &waCommon.LimitSharing{
				SharingLimited:               proto.Bool(c.get("limitSharing") == true),
				Trigger:                      waCommon.LimitSharing_CHAT_SETTING.Enum(),
				LimitSharingSettingTimestamp: proto.Int64(b.now().UnixMilli()),
				InitiatedByMe:                proto.Bool(true),
			},
		}}, nil
	}
	for _, kind := range mediaKinds {
		if c.has(kind) {
			return b.media(ctx, c, opts, kind, false)
		}
	}
	return nil, errs.BadField("content", "no message type found (expected one of text, image, video, audio, document, sticker, "+
		"location, contacts, react, delete, forward, poll, pin, edit, ... ; got keys %s)", strings.Join(c.obj.Keys(), ", "))
}
