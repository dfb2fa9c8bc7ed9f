package wamsg

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/jsval"
)

// ContentType is Baileys' getContentType: the first key of the content that
// is "conversation" or contains "Message", other than
// senderKeyDistributionMessage (so messageContextInfo is skipped). "" when
// there is none.
func ContentType(content *jsval.Object) string {
	found := ""
	content.Range(func(k string, v jsval.Value) bool {
		if jsval.IsUndefined(v) {
			return true
		}
		if (k == "conversation" || strings.Contains(k, "Message")) && k != "senderKeyDistributionMessage" {
			found = k
			return false
		}
		return true
	})
	return found
}

// futureProofWrappers are the keys whose .message holds the real content,
// in the order Baileys' normalizeMessageContent tries them.
var futureProofWrappers = []string{
	"ephemeralMessage", "viewOnceMessage", "documentWithCaptionMessage", "viewOnceMessageV2",
	"viewOnceMessageV2Extension", "editedMessage", "associatedChildMessage", "groupStatusMessage",
	"groupStatusMessageV2",
}

// Normalize is Baileys' normalizeMessageContent: it unwraps up to five levels
// of ephemeral, view-once, document-with-caption, edited and similar
// wrappers. It returns nil when content is nil or a wrapper is empty.
func Normalize(content *jsval.Object) *jsval.Object {
	for i := 0; i < 5 && content != nil; i++ {
		wrapper := firstObject(content, futureProofWrappers...)
		if wrapper == nil {
			break
		}
		inner, _ := wrapper.Get("message")
		content, _ = inner.(*jsval.Object)
	}
	return content
}

// Extract is Baileys' extractMessageContent: Normalize, then the media or
// text inside legacy buttons and template messages as plain content.
func Extract(content *jsval.Object) *jsval.Object {
	content = Normalize(content)
	if content == nil {
		return nil
	}
	if b := firstObject(content, "buttonsMessage"); b != nil {
		return fromTemplate(b, "contentText")
	}
	if tpl := firstObject(content, "templateMessage"); tpl != nil {
		if h := firstObject(tpl, "hydratedFourRowTemplate"); h != nil {
			return fromTemplate(h, "hydratedContentText")
		}
		if h := firstObject(tpl, "hydratedTemplate"); h != nil {
			return fromTemplate(h, "hydratedContentText")
		}
		if h := firstObject(tpl, "fourRowTemplate"); h != nil {
			return fromTemplate(h, "")
		}
	}
	return content
}

func fromTemplate(msg *jsval.Object, textKey string) *jsval.Object {
	for _, media := range []string{"imageMessage", "documentMessage", "videoMessage", "locationMessage"} {
		if v, ok := msg.Get(media); ok && v != nil {
			return jsval.NewObject().Set(media, v)
		}
	}
	text := ""
	if textKey != "" {
		if s, ok := msg.Get(textKey); ok {
			text, _ = s.(string)
		}
	}
	return jsval.NewObject().Set("conversation", text)
}

// firstObject returns the first of keys whose value is an object.
func firstObject(o *jsval.Object, keys ...string) *jsval.Object {
	for _, k := range keys {
		if v, ok := o.Get(k); ok {
			if obj, isObj := v.(*jsval.Object); isObj {
				return obj
			}
		}
	}
	return nil
}

// NormalizeMessage is Normalize for a protobuf: it returns the message inside
// up to five levels of the same wrappers (sharing memory with m).
func NormalizeMessage(m *waE2E.Message) *waE2E.Message {
	for i := 0; i < 5 && m != nil; i++ {
		r := m.ProtoReflect()
		idx := indexOf(r.Descriptor())
		unwrapped := false
		for _, name := range futureProofWrappers {
			fd := idx.byName[name]
			if fd == nil || !r.Has(fd) {
				continue
			}
			inner := r.Get(fd).Message()
			innerFD := inner.Descriptor().Fields().ByName("message")
			m = nil
			if inner.Has(innerFD) {
				m = inner.Get(innerFD).Message().Interface().(*waE2E.Message)
			}
			unwrapped = true
			break
		}
		if !unwrapped {
			break
		}
	}
	return m
}

// MessageContentType is ContentType for a protobuf, taking fields in wire
// order as a decoded message lists them.
func MessageContentType(m *waE2E.Message) string {
	if m == nil {
		return ""
	}
	r := m.ProtoReflect()
	idx := indexOf(r.Descriptor())
	for _, fd := range idx.singular {
		name := idx.names[fd.Number()]
		if r.Has(fd) && (name == "conversation" || strings.Contains(name, "Message")) && name != "senderKeyDistributionMessage" {
			return name
		}
	}
	return ""
}

// ContextInfo returns the contextInfo of m's content (after
// NormalizeMessage), creating it when create is set; nil when the content
// type has no contextInfo (conversation, protocolMessage, ...).
func ContextInfo(m *waE2E.Message, create bool) *waE2E.ContextInfo {
	inner := NormalizeMessage(m)
	name := MessageContentType(inner)
	if name == "" {
		return nil
	}
	r := inner.ProtoReflect()
	fd := indexOf(r.Descriptor()).byName[name]
	if fd.Kind() != protoreflect.MessageKind {
		return nil
	}
	content := r.Get(fd).Message()
	ciFD := content.Descriptor().Fields().ByName("contextInfo")
	if ciFD == nil || ciFD.Message().FullName() != (&waE2E.ContextInfo{}).ProtoReflect().Descriptor().FullName() {
		return nil
	}
	if !content.Has(ciFD) {
		if !create {
			return nil
		}
		return r.Mutable(fd).Message().Mutable(ciFD).Message().Interface().(*waE2E.ContextInfo)
	}
	return content.Get(ciFD).Message().Interface().(*waE2E.ContextInfo)
}
