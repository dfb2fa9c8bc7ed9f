package wamsg

import (
	"strings"

	"go.mau.fi/whatsmeow"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// Media is the downloadable part of a message, chosen the way Baileys'
// downloadMediaMessage chooses it.
type Media struct {
	// Type is Baileys' media type: the content type without "Message"
	// ("image", "video", "audio", "document", "sticker", "ptv", ...), or
	// "thumbnail-link" for a link preview's thumbnail.
	Type string
	// Message is the content protobuf (*waE2E.ImageMessage, ...), ready for
	// whatsmeow's Client.Download; nil for a thumbnail-link.
	Message whatsmeow.DownloadableMessage
	// The raw fields, for Client.DownloadMediaWithPath when Message is nil.
	DirectPath    string
	MediaKey      []byte
	FileSHA256    []byte
	FileEncSHA256 []byte
	FileLength    int
	MediaType     whatsmeow.MediaType
}

// MediaOf finds the media in a WAMessage's message object (extracted as
// extractMessageContent does). Errors follow Baileys: 400 "No message
// present" for no content, and, like Baileys' plain Boom, 500
// `"<type>" message is not a media message` for content without media.
func MediaOf(message jsval.Value) (*Media, error) {
	obj, _ := message.(*jsval.Object)
	content := Extract(obj)
	if content == nil {
		return nil, errs.New(400, "No message present")
	}
	kind := ContentType(content)
	raw, _ := content.Get(kind)
	media, ok := raw.(*jsval.Object)
	if !ok || (!media.Has("url") && !media.Has("directPath") && !media.Has("thumbnailDirectPath")) {
		return nil, errs.New(500, `"`+kind+`" message is not a media message`)
	}
	m, err := MessageFromObject(jsval.NewObject().Set(kind, media), "message")
	if err != nil {
		return nil, err
	}
	r := m.ProtoReflect()
	fd := indexOf(r.Descriptor()).byName[kind]
	if fd == nil || fd.Kind() != protoreflect.MessageKind || !r.Has(fd) {
		// a key getContentType accepts that is no message field ("quotedMessage")
		return nil, errs.New(500, `"`+kind+`" message is not a media message`)
	}
	sub := r.Get(fd).Message().Interface()
	out := &Media{Type: strings.TrimSuffix(kind, "Message")}
	if dl, ok := sub.(whatsmeow.DownloadableMessage); ok && (media.Has("url") || media.Has("directPath")) {
		out.Message = dl
		out.DirectPath, out.MediaKey, out.FileSHA256, out.FileEncSHA256 = dl.GetDirectPath(), dl.GetMediaKey(), dl.GetFileSHA256(), dl.GetFileEncSHA256()
		out.MediaType = whatsmeow.GetMediaType(dl)
		out.FileLength = int(uint64Field(sub.ProtoReflect(), "fileLength"))
		return out, nil
	}
	thumb, ok := sub.(interface {
		GetThumbnailDirectPath() string
		GetMediaKey() []byte
		GetThumbnailSHA256() []byte
		GetThumbnailEncSHA256() []byte
	})
	if !ok || thumb.GetThumbnailDirectPath() == "" {
		return nil, errs.New(500, `"`+kind+`" message is not a media message`)
	}
	out.Type = "thumbnail-link"
	out.DirectPath, out.MediaKey = thumb.GetThumbnailDirectPath(), thumb.GetMediaKey()
	out.FileSHA256, out.FileEncSHA256 = thumb.GetThumbnailSHA256(), thumb.GetThumbnailEncSHA256()
	out.MediaType = whatsmeow.MediaLinkThumbnail
	return out, nil
}

func uint64Field(r protoreflect.Message, name protoreflect.Name) uint64 {
	fd := r.Descriptor().Fields().ByName(name)
	if fd == nil || !r.Has(fd) {
		return 0
	}
	return r.Get(fd).Uint()
}

// Extension is Baileys' extensionForMediaMessage: the subtype of the first
// content's mimetype ("jpeg", "mp4", "ogg"), or ".jpeg" for location and
// product messages (sic, with the dot, as Baileys returns it).
func Extension(content *jsval.Object) string {
	keys := content.Keys()
	if len(keys) == 0 {
		return ""
	}
	switch keys[0] {
	case "locationMessage", "liveLocationMessage", "productMessage":
		return ".jpeg"
	}
	first, _ := content.Get(keys[0])
	obj, _ := first.(*jsval.Object)
	mt, _ := obj.Get("mimetype")
	s, _ := mt.(string)
	s, _, _ = strings.Cut(s, ";")
	_, sub, _ := strings.Cut(s, "/")
	return sub
}

// baileysMediaKeys is Baileys' MEDIA_HKDF_KEY_MAPPING: the media type names
// downloadContentFromMessage takes and the word of their key-derivation
// info "WhatsApp <word> Keys" (whatsmeow's MediaType values are those infos).
var baileysMediaKeys = map[string]string{
	"audio": "Audio", "document": "Document", "gif": "Video", "image": "Image", "product": "Image", "ptt": "Audio",
	"sticker": "Image", "video": "Video", "thumbnail-document": "Document Thumbnail", "thumbnail-image": "Image Thumbnail",
	"thumbnail-video": "Video Thumbnail", "thumbnail-link": "Link Thumbnail", "md-msg-hist": "History",
	"md-app-state": "App State", "payment-bg-image": "Payment Background", "ptv": "Video", "biz-cover-photo": "Image",
}

// MediaTypeOf returns whatsmeow's media type for a Baileys media type name;
// an unknown name is a 400 error naming it.
func MediaTypeOf(name string) (whatsmeow.MediaType, error) {
	if word, ok := baileysMediaKeys[name]; ok {
		return whatsmeow.MediaType("WhatsApp " + word + " Keys"), nil
	}
	return "", errs.BadField("type", "unknown media type %q", name)
}
