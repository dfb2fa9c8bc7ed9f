package people_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waMmsRetry"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// askRetry sends a media retry request for msg with mediaKey from c and returns the phone's decrypted
// answer (or DecryptMediaRetryNotification's error).
func askRetry(t testing.TB, c *testkit.Client, info *types.MessageInfo, mediaKey []byte) (*waMmsRetry.MediaRetryNotification, error) {
	t.Helper()
	if err := c.WA.SendMediaRetryReceipt(t.Context(), info, mediaKey); err != nil {
		t.Fatalf("send retry receipt: %v", err)
	}
	evt := testkit.WaitFor(t, c, func(e *events.MediaRetry) bool { return e.MessageID == info.ID })
	return whatsmeow.DecryptMediaRetryNotification(evt, mediaKey)
}

// TestMediaRetry expires the video a person sent, has the receiver ask for it again as WhatsApp
// clients do, and downloads the re-upload; then the answers for wrong keys and unknown messages.
func TestMediaRetry(t *testing.T) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const phone = "15550707070"
	if _, err := srv.People.Create(ctx, phone, "Vera"); err != nil {
		t.Fatal(err)
	}
	bob := testkit.NewClient(t, srv)
	clip := bytes.Repeat([]byte("frame "), 4000)
	id, err := srv.People.Send(ctx, phone, people.Outgoing{To: bob.UserJID().String(), Video: clip, Mimetype: "video/mp4", Caption: "clip"})
	if err != nil {
		t.Fatal(err)
	}
	evt := bob.WaitMessage(t, func(m *events.Message) bool { return m.Info.ID == id })
	video := evt.Message.GetVideoMessage()
	if video.GetCaption() != "clip" || video.GetMimetype() != "video/mp4" {
		t.Fatalf("video message: %v", video)
	}
	if got, err := bob.WA.Download(ctx, video); err != nil || !bytes.Equal(got, clip) {
		t.Fatalf("first download: %v", err)
	}
	if err := srv.Media.Expire(video.GetURL()); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.WA.Download(ctx, video); !errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410) {
		t.Fatalf("download of expired media: %v", err)
	}

	notif, err := askRetry(t, bob, &evt.Info, video.GetMediaKey())
	if err != nil {
		t.Fatal(err)
	}
	if notif.GetResult() != waMmsRetry.MediaRetryNotification_SUCCESS || notif.GetStanzaID() != id || notif.GetDirectPath() == "" {
		t.Fatalf("answer: %v", notif)
	}
	if notif.GetDirectPath() == video.GetDirectPath() {
		t.Fatal("the re-upload kept the expired path")
	}
	again := proto.Clone(video).(*waE2E.VideoMessage)
	again.URL, again.DirectPath = nil, proto.String(notif.GetDirectPath())
	if got, err := bob.WA.Download(ctx, again); err != nil || !bytes.Equal(got, clip) {
		t.Fatalf("download of the re-upload: %v", err)
	}

	// Requests in a row, each answered though the answers share their acknowledgement key.
	for range 3 {
		if err := bob.WA.SendMediaRetryReceipt(ctx, &evt.Info, video.GetMediaKey()); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		testkit.WaitFor(t, bob, func(e *events.MediaRetry) bool { return e.MessageID == id })
	}

	// A request sealed with another key: the phone says it could not decrypt it.
	wrong := &types.MessageInfo{MessageSource: evt.Info.MessageSource, ID: id}
	wrongKey := bytes.Repeat([]byte{7}, 32)
	if err := bob.WA.SendMediaRetryReceipt(ctx, wrong, wrongKey); err != nil {
		t.Fatal(err)
	}
	bad := testkit.WaitFor(t, bob, func(e *events.MediaRetry) bool { return e.MessageID == id })
	if notif, err := whatsmeow.DecryptMediaRetryNotification(bad, video.GetMediaKey()); err != nil ||
		notif.GetResult() != waMmsRetry.MediaRetryNotification_DECRYPTION_ERROR {
		t.Fatalf("answer to a request with a wrong key: %v, %v", notif, err)
	}

	// A message the person never sent: not on the phone.
	unknown := &types.MessageInfo{MessageSource: evt.Info.MessageSource, ID: "3EB0NOSUCHMESSAGE"}
	if _, err := askRetry(t, bob, unknown, video.GetMediaKey()); !errors.Is(err, whatsmeow.ErrMediaNotAvailableOnPhone) {
		t.Fatalf("retry of an unknown message: %v", err)
	}
	testkit.WaitAcked(t, srv, bob)
}

// BenchmarkMediaRetry measures one expired 100 KB image coming back: the receiver's retry request,
// the person's phone re-encrypting and uploading it, the answer, and the download of the new path.
func BenchmarkMediaRetry(b *testing.B) {
	srv := testkit.NewServer(b)
	ctx := context.Background()
	const phone = "15550717171"
	if _, err := srv.People.Create(ctx, phone, "Rita"); err != nil {
		b.Fatal(err)
	}
	bob := testkit.NewClient(b, srv)
	pic := bytes.Repeat([]byte{0xab}, 100<<10)
	id, err := srv.People.Send(ctx, phone, people.Outgoing{To: bob.UserJID().String(), Image: pic, Mimetype: "image/jpeg"})
	if err != nil {
		b.Fatal(err)
	}
	evt := bob.WaitMessage(b, func(m *events.Message) bool { return m.Info.ID == id })
	img := proto.Clone(evt.Message.GetImageMessage()).(*waE2E.ImageMessage)
	b.ResetTimer()
	for range b.N {
		if err := srv.Media.Expire(img.GetDirectPath()); err != nil {
			b.Fatal(err)
		}
		if err := bob.WA.SendMediaRetryReceipt(ctx, &evt.Info, img.GetMediaKey()); err != nil {
			b.Fatal(err)
		}
		answer := testkit.WaitFor(b, bob, func(e *events.MediaRetry) bool { return e.MessageID == id })
		notif, err := whatsmeow.DecryptMediaRetryNotification(answer, img.GetMediaKey())
		if err != nil || notif.GetResult() != waMmsRetry.MediaRetryNotification_SUCCESS {
			b.Fatalf("answer: %v, %v", notif, err)
		}
		img.URL, img.DirectPath = nil, proto.String(notif.GetDirectPath())
		if got, err := bob.WA.Download(ctx, img); err != nil || len(got) != len(pic) {
			b.Fatalf("download: %v", err)
		}
	}
	b.StopTimer()
	testkit.WaitAcked(b, srv, bob)
}
