package wamsg

import (
	"strings"

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
