package people

import (
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// Message is one message a person received, decrypted, as GET /api/people/{phone}/messages shows it.
type Message struct {
	ID   string `json:"id"`
	Chat string `json:"chat"` // the group, or the sender for a direct message (phone-number JIDs)
	From string `json:"from"`
	// Timestamp is the sender's time in Unix seconds, as Baileys' messageTimestamp.
	Timestamp int64 `json:"timestamp"`
	// Type is text, image, document, sticker, audio, video, reaction, location, contact, poll or unknown.
	Type     string    `json:"type"`
	Text     string    `json:"text"`
	Caption  string    `json:"caption,omitempty"`
	PushName string    `json:"pushName,omitempty"`
	Media    *Media    `json:"media,omitempty"`
	Quoted   string    `json:"quoted,omitempty"`
	Mentions []string  `json:"mentions,omitempty"`
	React    *Reaction `json:"react,omitempty"`
}

// Media describes the attachment of a received message; URL serves the downloaded bytes.
type Media struct {
	Mimetype string `json:"mimetype"`
	Size     int    `json:"size"`
	URL      string `json:"url,omitempty"`
	FileName string `json:"fileName,omitempty"`
	// Error says why the media could not be downloaded (then URL is empty).
	Error string `json:"error,omitempty"`
}

// Reaction is an emoji on message ID; an empty emoji removes the reaction.
type Reaction struct {
	ID    string `json:"id"`
	Emoji string `json:"emoji"`
}

// content is what a received protobuf message holds, before the sender and chat are known.
type content struct {
	typ      string
	text     string
	caption  string
	media    whatsmeow.DownloadableMessage // nil for messages without an attachment
	mimetype string
	fileName string
	ctx      *waE2E.ContextInfo
	react    *Reaction
}

// contentOf reads m; ok is false for messages that carry nothing a person would see (protocol messages,
// sender-key distribution alone), which are not recorded.
func contentOf(m *waE2E.Message) (c content, ok bool) {
	switch {
	case m.GetConversation() != "":
		return content{typ: "text", text: m.GetConversation()}, true
	case m.ExtendedTextMessage != nil:
		x := m.GetExtendedTextMessage()
		return content{typ: "text", text: x.GetText(), ctx: x.GetContextInfo()}, true
	case m.ImageMessage != nil:
		x := m.GetImageMessage()
		return content{typ: "image", caption: x.GetCaption(), media: x, mimetype: x.GetMimetype(), ctx: x.GetContextInfo()}, true
	case m.DocumentMessage != nil:
		x := m.GetDocumentMessage()
		return content{typ: "document", caption: x.GetCaption(), media: x, mimetype: x.GetMimetype(),
			fileName: x.GetFileName(), ctx: x.GetContextInfo()}, true
	case m.DocumentWithCaptionMessage != nil:
		return contentOf(m.GetDocumentWithCaptionMessage().GetMessage())
	case m.VideoMessage != nil:
		x := m.GetVideoMessage()
		return content{typ: "video", caption: x.GetCaption(), media: x, mimetype: x.GetMimetype(), ctx: x.GetContextInfo()}, true
	case m.AudioMessage != nil:
		x := m.GetAudioMessage()
		return content{typ: "audio", media: x, mimetype: x.GetMimetype(), ctx: x.GetContextInfo()}, true
	case m.StickerMessage != nil:
		x := m.GetStickerMessage()
		return content{typ: "sticker", media: x, mimetype: x.GetMimetype(), ctx: x.GetContextInfo()}, true
	case m.ReactionMessage != nil:
		x := m.GetReactionMessage()
		return content{typ: "reaction", text: x.GetText(), react: &Reaction{ID: x.GetKey().GetID(), Emoji: x.GetText()}}, true
	case m.LocationMessage != nil:
		x := m.GetLocationMessage()
		return content{typ: "location", text: x.GetName(), ctx: x.GetContextInfo()}, true
	case m.ContactMessage != nil:
		x := m.GetContactMessage()
		return content{typ: "contact", text: x.GetDisplayName(), ctx: x.GetContextInfo()}, true
	case m.PollCreationMessage != nil:
		return content{typ: "poll", text: m.GetPollCreationMessage().GetName()}, true
	case m.PollCreationMessageV3 != nil:
		return content{typ: "poll", text: m.GetPollCreationMessageV3().GetName()}, true
	case m.ProtocolMessage != nil, m.SenderKeyDistributionMessage != nil && onlySenderKey(m):
		return content{}, false
	default:
		return content{typ: "unknown"}, true
	}
}

// onlySenderKey reports whether m carries nothing but key material and message context.
func onlySenderKey(m *waE2E.Message) bool {
	bare := &waE2E.Message{SenderKeyDistributionMessage: m.SenderKeyDistributionMessage, MessageContextInfo: m.MessageContextInfo}
	return proto.Equal(bare, m)
}
