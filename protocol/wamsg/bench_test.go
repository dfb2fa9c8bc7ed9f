package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

func benchInfo() types.MessageInfo {
	return types.MessageInfo{
		MessageSource: types.MessageSource{Chat: mustJID("120363000000000001@g.us"), Sender: mustJID("4455@lid"), IsGroup: true,
			AddressingMode: types.AddressingModeLID, SenderAlt: mustJID("15554445555@s.whatsapp.net")},
		ID: "3EB0GROUP000000000001", PushName: "Bob", Timestamp: ts,
	}
}

// BenchmarkReceivedText is the per-message cost of rendering an incoming
// group text for messages.upsert.
func BenchmarkReceivedText(b *testing.B) {
	info := benchInfo()
	msg := &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("!ping"),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{"1@s.whatsapp.net"}}}}
	b.ReportAllocs()
	for b.Loop() {
		Received(&info, msg)
	}
}

// BenchmarkReceivedImage renders an image message with a 2 KiB thumbnail.
func BenchmarkReceivedImage(b *testing.B) {
	info := benchInfo()
	msg := &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: proto.String("https://mmg/x"), Mimetype: proto.String("image/jpeg"),
		Caption: proto.String("cap"), FileSHA256: make([]byte, 32), FileEncSHA256: make([]byte, 32), MediaKey: make([]byte, 32),
		FileLength: proto.Uint64(123456), Height: proto.Uint32(800), Width: proto.Uint32(600), JPEGThumbnail: make([]byte, 2048)}}
	b.ReportAllocs()
	for b.Loop() {
		Received(&info, msg)
	}
}

// BenchmarkParseQuoted reads a quoted WAMessage back, as every reply does.
func BenchmarkParseQuoted(b *testing.B) {
	info := benchInfo()
	obj := Received(&info, &waE2E.Message{Conversation: proto.String("!ping")})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWAMessage(obj, "quoted"); err != nil {
			b.Fatal(err)
		}
	}
}
