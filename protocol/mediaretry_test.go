package protocol

import (
	"bytes"
	"context"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/internal/leaktest"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// storedMessage waits until the session stored message id of chat.
func storedMessage(t *testing.T, s *Session, chat types.JID, id string) *waE2E.Message {
	t.Helper()
	var msg *waE2E.Message
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var err error
		msg, err = s.GetMessage(t.Context(), chat.String(), id)
		return err == nil
	}, "message %s stored", id)
	return msg
}

// TestUpdateMediaMessage expires a document a person sent the bot, gets it uploaded again with
// UpdateMediaMessage and downloads it; then the failures: the sender's phone does not have the
// media (404), a sender whose phone never answers (408), and messages without media (400).
func TestUpdateMediaMessage(t *testing.T) {
	leaktest.Check(t)
	srv := testkit.NewServer(t)
	e := openEnv(t, srv, t.TempDir(), nil)
	s, me, sub := pairedBot(t, e, srv)
	waitOpen(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const phone = "15550808080"
	person, err := srv.People.Create(ctx, phone, "Dora")
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.Repeat([]byte("page "), 5000)
	id, err := srv.People.Send(ctx, phone, people.Outgoing{To: me.String(), Document: doc, Mimetype: "application/pdf", FileName: "a.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	msg := storedMessage(t, s, person, id)
	if err := srv.Media.Expire(msg.GetDocumentMessage().GetDirectPath()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Download(ctx, msg.GetDocumentMessage()); errs.StatusOf(err) != 410 {
		t.Fatalf("download of expired media: %v", err)
	}
	key := wamsg.Key{RemoteJID: person.String(), ID: id}
	updated, err := s.UpdateMediaMessage(ctx, key, msg)
	if err != nil {
		t.Fatal(err)
	}
	newDoc := updated.GetDocumentMessage()
	if newDoc.GetDirectPath() == msg.GetDocumentMessage().GetDirectPath() || newDoc.GetURL() != "https://mmg.whatsapp.net"+newDoc.GetDirectPath() {
		t.Fatalf("updated paths: %q %q", newDoc.GetDirectPath(), newDoc.GetURL())
	}
	if got, err := s.Download(ctx, newDoc); err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("download after the re-upload: %v", err)
	}
	ev := nextEvent(t, sub, "messages.update")
	item := ev.Payload.(jsval.Array)[0]
	if field(item, "key", "id") != id || field(item, "update", "message", "documentMessage", "directPath") != newDoc.GetDirectPath() {
		t.Fatalf("messages.update: %v", jsval.KindOf(item))
	}
	if stored := storedMessage(t, s, person, id); stored.GetDocumentMessage().GetDirectPath() != newDoc.GetDirectPath() {
		t.Fatal("the stored message keeps the expired path")
	}

	// A message the person's phone does not know: Baileys' 404 "Failed to re-upload media (2)".
	unknown := wamsg.Key{RemoteJID: person.String(), ID: "3EB0NOTSENTBYDORA"}
	if _, err := s.UpdateMediaMessage(ctx, unknown, msg); errs.StatusOf(err) != 404 {
		t.Fatalf("retry of a message the phone lacks: %v", err)
	}

	// A sender that is a plain client: no phone of the simulator answers for it, so the call times out.
	alice := testkit.NewClient(t, srv)
	up, err := alice.WA.Upload(ctx, doc, whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	img := &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: &up.URL, DirectPath: &up.DirectPath, MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength), Mimetype: proto.String("image/jpeg")}}
	short, stop := context.WithTimeout(ctx, 300*time.Millisecond)
	_, err = s.UpdateMediaMessage(short, wamsg.Key{RemoteJID: alice.UserJID().String(), ID: "3EB0FROMALICE"}, img)
	stop()
	if errs.StatusOf(err) != errs.TimedOut {
		t.Fatalf("retry nobody answers: %v", err)
	}

	if _, err := s.UpdateMediaMessage(ctx, key, &waE2E.Message{Conversation: proto.String("hi")}); errs.StatusOf(err) != 400 {
		t.Fatalf("text message: %v", err)
	}
	group := wamsg.Key{RemoteJID: "120363000000000001@g.us", ID: "X"}
	if _, err := s.UpdateMediaMessage(ctx, group, msg); errs.StatusOf(err) != 400 {
		t.Fatalf("group key without participant: %v", err)
	}
	testkit.WaitAcked(t, srv, alice)
	testkit.WaitDevicesAcked(t, srv, s.Status().Me.ID)
}
