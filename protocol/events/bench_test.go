package events

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"
)

// BenchmarkTranslateText is whatsmeow text message → messages.upsert and
// contacts.update payloads.
func BenchmarkTranslateText(b *testing.B) {
	tr := New(newLookups(), Options{})
	evt := msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{Conversation: proto.String("!ping")})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		tr.Translate(ctx, evt)
	}
}
