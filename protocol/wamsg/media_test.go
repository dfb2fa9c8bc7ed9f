package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func TestMediaOf(t *testing.T) {
	img := &waE2E.ImageMessage{URL: proto.String("https://mmg/x"), DirectPath: proto.String("/v/x"), MediaKey: []byte{1},
		FileSHA256: []byte{2}, FileEncSHA256: []byte{3}, FileLength: proto.Uint64(77), Mimetype: proto.String("image/jpeg")}
	wrapped := &waE2E.Message{ViewOnceMessageV2: &waE2E.FutureProofMessage{Message: &waE2E.Message{ImageMessage: img}}}
	m, err := MediaOf(ToObject(wrapped))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := m.Message.(*waE2E.ImageMessage)
	if !ok || !proto.Equal(got, img) || m.Type != "image" || m.MediaType != whatsmeow.MediaImage || m.FileLength != 77 ||
		m.DirectPath != "/v/x" || string(m.FileEncSHA256) != "\x03" {
		t.Fatalf("media = %+v", m)
	}

	doc := &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
		DirectPath: proto.String("/d"), MediaKey: []byte{1}, Mimetype: proto.String("application/pdf")}}}}
	if m, err := MediaOf(ToObject(doc)); err != nil || m.Type != "document" || m.MediaType != whatsmeow.MediaDocument {
		t.Fatalf("document: %+v %v", m, err)
	}

	link := &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("https://x"),
		ThumbnailDirectPath: proto.String("/t"), MediaKey: []byte{5}, ThumbnailSHA256: []byte{6}}}
	if m, err := MediaOf(ToObject(link)); err != nil || m.Type != "thumbnail-link" || m.Message != nil || m.DirectPath != "/t" ||
		m.MediaType != whatsmeow.MediaLinkThumbnail {
		t.Fatalf("thumbnail: %+v %v", m, err)
	}

	if _, err := MediaOf(ToObject(&waE2E.Message{Conversation: proto.String("x")})); errs.StatusOf(err) != 500 ||
		err.Error() != `"conversation" message is not a media message` {
		t.Fatalf("text: %v", err)
	}
	if _, err := MediaOf(jsval.NewObject().Set("quotedMessage", jsval.NewObject().Set("url", "u"))); errs.StatusOf(err) != 500 {
		t.Fatalf("unknown content key: %v", err)
	}
	if _, err := MediaOf(nil); errs.StatusOf(err) != 400 {
		t.Fatalf("nil: %v", err)
	}
}

func TestExtension(t *testing.T) {
	for want, m := range map[string]*waE2E.Message{
		"jpeg":  {ImageMessage: &waE2E.ImageMessage{Mimetype: proto.String("image/jpeg")}},
		"ogg":   {AudioMessage: &waE2E.AudioMessage{Mimetype: proto.String("audio/ogg; codecs=opus")}},
		".jpeg": {LocationMessage: &waE2E.LocationMessage{}},
	} {
		if got := Extension(ToObject(m)); got != want {
			t.Errorf("%s: %q", want, got)
		}
	}
	if Extension(jsval.NewObject()) != "" {
		t.Fatal("empty")
	}
}

func TestMediaTypeOf(t *testing.T) {
	for name, want := range map[string]whatsmeow.MediaType{"image": whatsmeow.MediaImage, "sticker": whatsmeow.MediaImage,
		"ptv": whatsmeow.MediaVideo, "audio": whatsmeow.MediaAudio, "document": whatsmeow.MediaDocument, "thumbnail-link": whatsmeow.MediaLinkThumbnail,
		"md-msg-hist": whatsmeow.MediaHistory, "md-app-state": whatsmeow.MediaAppState, "thumbnail-image": "WhatsApp Image Thumbnail Keys"} {
		if got, err := MediaTypeOf(name); err != nil || got != want {
			t.Errorf("%s: %s %v", name, got, err)
		}
	}
	if _, err := MediaTypeOf("hologram"); errs.StatusOf(err) != 400 {
		t.Fatal(err)
	}
}
