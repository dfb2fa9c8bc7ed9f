package content

import (
	"strconv"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jid"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// applyOptions does what Baileys' generateWAMessageFromContent does with
// quoted and ephemeralExpiration.
func (b *Builder) applyOptions(to Target, m *waE2E.Message, opts fields) error {
	if opts.has("quoted") && to.Chat.Server != types.NewsletterServer {
		if err := quote(to, m, opts.get("quoted")); err != nil {
			return err
		}
	}
	exp, err := ephemeralExpiration(opts)
	if err != nil {
		return err
	}
	inner := wamsg.NormalizeMessage(m)
	kind := wamsg.MessageContentType(inner)
	if exp > 0 && kind != "protocolMessage" && kind != "ephemeralMessage" && to.Chat.Server != types.NewsletterServer {
		if ci := wamsg.ContextInfo(m, true); ci != nil {
			ci.Expiration = proto.Uint32(exp)
		}
	}
	return nil
}

// quote fills contextInfo from the quoted WAMessage: stanzaId, the quoted
// author as participant (this account for own messages), the quoted content
// alone without its own contextInfo, and remoteJid when the quoted message is
// from another chat.
func quote(to Target, m *waE2E.Message, v jsval.Value) error {
	q, err := wamsg.ParseWAMessage(v, "options.quoted")
	if err != nil {
		return err
	}
	ci := wamsg.ContextInfo(m, true)
	if ci == nil {
		return nil // content without contextInfo (protocol messages) cannot quote
	}
	participant := q.Info.GetParticipant()
	if participant == "" {
		participant = q.Key.Participant
	}
	if participant == "" {
		participant = q.Key.RemoteJID
	}
	if q.Key.FromMe {
		participant = to.Me.String()
	}
	ci.Participant = proto.String(jid.NormalizedUser(participant))
	ci.StanzaID = proto.String(q.Key.ID)
	if quoted := quotedContent(q.Message); quoted != nil {
		ci.QuotedMessage = quoted
	}
	if q.Key.RemoteJID != to.Chat.String() {
		ci.RemoteJID = proto.String(q.Key.RemoteJID)
	}
	return nil
}

// quotedContent keeps only the content type of the normalized quoted message
// and drops that content's contextInfo, as Baileys strips it.
func quotedContent(msg *waE2E.Message) *waE2E.Message {
	inner := wamsg.NormalizeMessage(msg)
	kind := wamsg.MessageContentType(inner)
	if kind == "" {
		return nil
	}
	only := proto.Clone(inner).(*waE2E.Message)
	r := only.ProtoReflect()
	r.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if wamsg.FieldName(fd) != kind {
			r.Clear(fd) // mutating the current field is allowed during Range
			return true
		}
		if fd.Kind() == protoreflect.MessageKind {
			content := v.Message()
			if ci := content.Descriptor().Fields().ByName("contextInfo"); ci != nil {
				content.Clear(ci)
			}
		}
		return true
	})
	return only
}

func ephemeralExpiration(opts fields) (uint32, error) {
	v := opts.get("ephemeralExpiration")
	switch t := v.(type) {
	case nil:
		return 0, nil
	case string:
		if t == "" {
			return 0, nil
		}
		n, err := strconv.ParseUint(t, 10, 32)
		if err != nil {
			return 0, errs.BadField(opts.at("ephemeralExpiration"), "seconds expected, got %q", t)
		}
		return uint32(n), nil
	}
	n, _, err := opts.integer("ephemeralExpiration")
	if err != nil {
		return 0, err
	}
	if n < 0 || n > 1<<32-1 {
		return 0, errs.BadField(opts.at("ephemeralExpiration"), "%d out of range", n)
	}
	return uint32(n), nil
}
