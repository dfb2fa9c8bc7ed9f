package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// TestFieldNamesMatchWAProto checks the spelling rule on fields scripts read,
// against the names Baileys' WAProto gives them.
func TestFieldNamesMatchWAProto(t *testing.T) {
	cases := []struct {
		msg   proto.Message
		field protoreflect.Name
		want  string
	}{
		{&waCommon.MessageKey{}, "remoteJID", "remoteJid"},
		{&waCommon.MessageKey{}, "ID", "id"},
		{&waCommon.MessageKey{}, "fromMe", "fromMe"},
		{&waE2E.ContextInfo{}, "stanzaID", "stanzaId"},
		{&waE2E.ContextInfo{}, "mentionedJID", "mentionedJid"},
		{&waE2E.ContextInfo{}, "quotedMessage", "quotedMessage"},
		{&waE2E.ImageMessage{}, "URL", "url"},
		{&waE2E.ImageMessage{}, "fileSHA256", "fileSha256"},
		{&waE2E.ImageMessage{}, "fileEncSHA256", "fileEncSha256"},
		{&waE2E.ImageMessage{}, "JPEGThumbnail", "jpegThumbnail"},
		{&waE2E.ImageMessage{}, "directPath", "directPath"},
		{&waE2E.Message{}, "viewOnceMessageV2Extension", "viewOnceMessageV2Extension"},
		{&waE2E.Message{}, "pollCreationMessageV3", "pollCreationMessageV3"},
		{&waE2E.Message{}, "messageContextInfo", "messageContextInfo"},
		{&waE2E.AppStateSyncKeyRequest{}, "keyIDs", "keyIds"},
		{&waE2E.ExtendedTextMessage{}, "faviconMMSMetadata", "faviconMMSMetadata"},
		{&waWeb.WebMessageInfo{}, "messageC2STimestamp", "messageC2STimestamp"},
		{&waWeb.WebMessageInfo{}, "mediaCiphertextSHA256", "mediaCiphertextSha256"},
		{&waWeb.WebMessageInfo{}, "originalSelfAuthorUserJIDString", "originalSelfAuthorUserJidString"},
		{&waWeb.WebMessageInfo{}, "agentID", "agentId"},
	}
	for _, c := range cases {
		fd := c.msg.ProtoReflect().Descriptor().Fields().ByName(c.field)
		if fd == nil {
			t.Fatalf("%T has no field %s", c.msg, c.field)
		}
		if got := FieldName(fd); got != c.want {
			t.Errorf("%T.%s = %s want %s", c.msg, c.field, got, c.want)
		}
	}
}
