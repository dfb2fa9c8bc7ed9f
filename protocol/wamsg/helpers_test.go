package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

func TestContentType(t *testing.T) {
	cases := []struct {
		name string
		msg  *waE2E.Message
		want string
	}{
		{"conversation", &waE2E.Message{Conversation: proto.String("x")}, "conversation"},
		{"skips skdm and context info", &waE2E.Message{
			SenderKeyDistributionMessage: &waE2E.SenderKeyDistributionMessage{GroupID: proto.String("g")},
			ImageMessage:                 &waE2E.ImageMessage{},
			MessageContextInfo:           &waE2E.MessageContextInfo{},
		}, "imageMessage"},
		{"wrapper is the type", &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{}}, "ephemeralMessage"},
		{"only context info", &waE2E.Message{MessageContextInfo: &waE2E.MessageContextInfo{}}, ""},
	}
	for _, c := range cases {
		if got := ContentType(ToObject(c.msg)); got != c.want {
			t.Errorf("%s: %q want %q", c.name, got, c.want)
		}
	}
	if ContentType(nil) != "" {
		t.Fatal("nil content")
	}
}

func TestNormalize(t *testing.T) {
	inner := &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("c")}}
	wrapped := &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
		ViewOnceMessageV2: &waE2E.FutureProofMessage{Message: inner}}}}
	got := Normalize(ToObject(wrapped))
	if ContentType(got) != "imageMessage" {
		t.Fatalf("normalized to %s", jsval.Stringify(got))
	}
	doc := &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{
		DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("d")}}}}
	if ContentType(Normalize(ToObject(doc))) != "documentMessage" {
		t.Fatal("documentWithCaptionMessage not unwrapped")
	}
	// Six nested wrappers: Baileys stops after five levels.
	m := inner
	for i := 0; i < 6; i++ {
		m = &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{Message: m}}
	}
	if ContentType(Normalize(ToObject(m))) != "ephemeralMessage" {
		t.Fatal("must stop after five levels")
	}
	// An empty wrapper normalizes to nothing, as in Baileys.
	if Normalize(ToObject(&waE2E.Message{ViewOnceMessage: &waE2E.FutureProofMessage{}})) != nil {
		t.Fatal("empty wrapper")
	}
	if Normalize(nil) != nil {
		t.Fatal("nil")
	}
}

func TestExtract(t *testing.T) {
	cases := []struct {
		name string
		msg  *waE2E.Message
		want string
	}{
		{"buttons text", &waE2E.Message{ButtonsMessage: &waE2E.ButtonsMessage{ContentText: proto.String("pick")}}, `{"conversation":"pick"}`},
		{"buttons image", &waE2E.Message{ButtonsMessage: &waE2E.ButtonsMessage{Header: &waE2E.ButtonsMessage_ImageMessage{
			ImageMessage: &waE2E.ImageMessage{Caption: proto.String("c")}}}}, ""},
		{"hydrated template", &waE2E.Message{TemplateMessage: &waE2E.TemplateMessage{HydratedTemplate: &waE2E.TemplateMessage_HydratedFourRowTemplate{
			HydratedContentText: proto.String("t")}}}, `{"conversation":"t"}`},
		{"plain passes through", &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{Conversation: proto.String("x")}}},
			`{"conversation":"x"}`},
	}
	for _, c := range cases {
		got := Extract(ToObject(c.msg))
		if c.name == "buttons image" {
			if ContentType(got) != "imageMessage" || got.Len() != 1 {
				t.Errorf("%s: %s", c.name, jsval.Stringify(got))
			}
			continue
		}
		if s := jsval.Stringify(got); s != c.want {
			t.Errorf("%s: %s want %s", c.name, s, c.want)
		}
	}
}

func TestProtoHelpers(t *testing.T) {
	img := &waE2E.ImageMessage{Caption: proto.String("c")}
	m := &waE2E.Message{
		MessageContextInfo: &waE2E.MessageContextInfo{},
		ViewOnceMessage:    &waE2E.FutureProofMessage{Message: &waE2E.Message{ImageMessage: img}},
	}
	if got := NormalizeMessage(m); got.GetImageMessage() != img {
		t.Fatal("NormalizeMessage did not unwrap view once")
	}
	if MessageContentType(m) != "viewOnceMessage" || MessageContentType(NormalizeMessage(m)) != "imageMessage" || MessageContentType(nil) != "" {
		t.Fatal("MessageContentType")
	}
	if ContextInfo(m, false) != nil {
		t.Fatal("no context info yet")
	}
	ci := ContextInfo(m, true)
	ci.StanzaID = proto.String("Q")
	if img.GetContextInfo().GetStanzaID() != "Q" {
		t.Fatal("ContextInfo must be the message's own")
	}
	if ContextInfo(&waE2E.Message{Conversation: proto.String("x")}, true) != nil {
		t.Fatal("conversation has no context info")
	}
	if ContextInfo(&waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{}}, true) != nil {
		t.Fatal("protocolMessage has no context info")
	}
	if NormalizeMessage(&waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{}}) != nil {
		t.Fatal("empty wrapper")
	}
}
