package sim_test

import (
	"bytes"
	"net/http"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
)

func TestImageUploadSendDownload(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	bob := testkit.NewClient(t, srv)
	data := bytes.Repeat([]byte("not really a jpeg "), 5000)
	up, err := alice.WA.Upload(t.Context(), data, whatsmeow.MediaImage)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	_, err = alice.WA.SendMessage(t.Context(), bob.UserJID(), &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String("image/jpeg"), Caption: proto.String("look"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	m := bob.WaitMessage(t, func(m *events.Message) bool { return m.Message.GetImageMessage().GetCaption() == "look" })
	got, err := bob.WA.Download(t.Context(), m.Message.GetImageMessage())
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("downloaded image differs")
	}
	// Through the direct path as well (clients that ignore the URL).
	img := proto.Clone(m.Message.GetImageMessage()).(*waE2E.ImageMessage)
	img.URL = nil
	if got, err = bob.WA.Download(t.Context(), img); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("download by direct path: %v", err)
	}
	// Uploads need the auth from media_conn and a body matching its token.
	if status, _ := srv.API(t, http.MethodPost, "/mms/image/AAAA?auth=wrong", []byte("x")); status != http.StatusUnauthorized {
		t.Errorf("upload with a wrong auth: %d", status)
	}
	if status, _ := srv.API(t, http.MethodGet, "/v/sim/"+string(bytes.Repeat([]byte("ab"), 32)), nil); status != http.StatusNotFound {
		t.Errorf("missing media: %d", status)
	}
}
