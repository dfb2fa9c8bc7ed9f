package protocol

import (
	"context"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
	"github.com/botrt/botrt/store"
)

func textEvent(chat types.JID, id, text string) *wmevents.Message {
	msg := &waE2E.Message{Conversation: proto.String(text)}
	return &wmevents.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: chat, Sender: chat},
			ID:            id,
			Timestamp:     time.Unix(1_764_226_800, 0),
			PushName:      "Ann",
		},
		Message:    msg,
		RawMessage: msg,
	}
}

// What whatsmeow hands the session is queued once per message: a redelivery of a message that
// was queued before the crash that kept it from being acknowledged is not queued again; an
// undecryptable stub and the message that later decrypts under the same id are both queued.
func TestDeliveryDedupesByMessageID(t *testing.T) {
	ctx := context.Background()
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, err := e.m.Open(ctx, "bot")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.Subscribe(ctx, "bot", store.JoinOldest)
	if err != nil {
		t.Fatal(err)
	}
	ann := types.NewJID("15550001111", types.DefaultUserServer)
	for range 2 {
		if !s.onEvent(s.client(), textEvent(ann, "AAA", "hi")) {
			t.Fatal("delivery refused")
		}
	}
	stub := &wmevents.UndecryptableMessage{Info: textEvent(ann, "BBB", "").Info}
	if !s.onEvent(s.client(), stub) || !s.onEvent(s.client(), textEvent(ann, "BBB", "decrypted at last")) {
		t.Fatal("delivery refused")
	}

	d, text, _ := nextText(t, sub)
	if text != "hi" {
		t.Fatalf("first %q", text)
	}
	d2, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := upsertOf(d2); !ok || d2.Seq != d.Seq+1 {
		t.Fatalf("second delivery %d is not the stub right after %d", d2.Seq, d.Seq)
	}
	if _, text, _ = nextText(t, sub); text != "decrypted at last" {
		t.Fatalf("third %q", text)
	}
	if head, _ := s.eventQueue().Head(ctx); head != 3 {
		t.Fatalf("queue head %d, want 3 entries", head)
	}
	got, err := s.GetMessage(ctx, ann.String(), "AAA")
	if err != nil || got.GetConversation() != "hi" {
		t.Fatalf("stored message: %v %v", got, err)
	}
}
