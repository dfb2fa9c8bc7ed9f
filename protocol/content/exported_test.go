package content

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

func TestFromContent(t *testing.T) {
	b, _ := newBuilder()
	// The shape bots relay by hand: content object plus quoted and messageId.
	msg := obj("extendedTextMessage", obj("text", "menu"))
	out, err := b.FromContent(Target{Chat: group, Me: me}, msg, obj("quoted", receivedGroupText("!menu"), "messageId", "RELAY1"))
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != "RELAY1" || out.Message.GetExtendedTextMessage().GetContextInfo().GetStanzaID() != "Q1" {
		t.Fatalf("out = %+v", out)
	}
	_, err = b.FromContent(Target{Chat: group}, obj("extendedTextMessage", "x"), nil)
	wantBadField(t, err, 400, "message.extendedTextMessage")
}

func TestExportedForward(t *testing.T) {
	m, err := Forward(receivedGroupText("x"), false, "message")
	if err != nil || m.GetExtendedTextMessage().GetContextInfo().GetForwardingScore() != 1 {
		t.Fatalf("%v %v", m, err)
	}
	own := wamsg.Sent(alice, "O", &waE2E.Message{Conversation: proto.String("mine")}, now, me)
	if m, _ := Forward(own, true, "message"); !m.GetExtendedTextMessage().GetContextInfo().GetIsForwarded() {
		t.Fatal("force")
	}
	_, err = Forward(obj("key", obj("remoteJid", "a", "id", "b")), false, "message")
	wantBadField(t, err, 400, "message.message")
}

func TestPrepareMedia(t *testing.T) {
	b, up := newBuilder()
	m, err := b.PrepareMedia(context.Background(), obj("image", pngBytes(t, 4, 4), "caption", "header"), nil)
	if err != nil || m.GetImageMessage().GetCaption() != "header" || up.calls[0] != whatsmeow.MediaImage {
		t.Fatalf("%v %v", m, err)
	}
	m, err = b.PrepareMedia(context.Background(), obj("video", []byte("v"), "ptv", true), nil)
	if err != nil || m.GetPtvMessage() == nil {
		t.Fatalf("%v %v", m, err)
	}
	_, err = b.PrepareMedia(context.Background(), obj("text", "x"), nil)
	wantBadField(t, err, 400, "content")
	_, err = b.PrepareMedia(context.Background(), obj("image", []byte("x")), jsval.Array{})
	wantBadField(t, err, 400, "options")
}
