package content

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func TestImageFromBuffer(t *testing.T) {
	b, up := newBuilder()
	data := pngBytes(t, 64, 48)
	m := build(t, b, alice, obj("image", data, "caption", "look"), nil).Message
	img := m.GetImageMessage()
	if img.GetURL() != "https://mmg.test/x" || img.GetDirectPath() != "/v/x" || string(img.GetMediaKey()) != "\x01" ||
		string(img.GetFileEncSHA256()) != "\x02" || string(img.GetFileSHA256()) != "\x03" || img.GetFileLength() != uint64(len(data)) ||
		img.GetMediaKeyTimestamp() != now.Unix() {
		t.Fatalf("upload fields = %v", img)
	}
	if img.GetMimetype() != "image/jpeg" || img.GetCaption() != "look" || img.GetWidth() != 64 || img.GetHeight() != 48 {
		t.Fatalf("image fields = %v", img)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(img.GetJPEGThumbnail()))
	if err != nil {
		t.Fatalf("thumbnail is not a JPEG: %v", err)
	}
	if thumb.Bounds().Dx() != 32 || thumb.Bounds().Dy() != 24 {
		t.Fatalf("thumbnail %v", thumb.Bounds())
	}
	if len(up.calls) != 1 || up.calls[0] != whatsmeow.MediaImage || !bytes.Equal(up.data[0], data) || up.deadline {
		t.Fatalf("uploads = %v", up.calls)
	}
	// Given values win over computed ones; undecodable images go without a thumbnail.
	m = build(t, b, alice, obj("image", []byte("not an image"), "mimetype", "image/png", "width", int64(5), "jpegThumbnail", "AQI="), nil).Message
	img = m.GetImageMessage()
	if img.GetMimetype() != "image/png" || img.GetWidth() != 5 || img.Height != nil || string(img.GetJPEGThumbnail()) != "\x01\x02" {
		t.Fatalf("overrides = %v", img)
	}
	m = build(t, b, alice, obj("image", []byte("junk")), nil).Message
	if m.GetImageMessage().JPEGThumbnail != nil || m.GetImageMessage().Width != nil {
		t.Fatal("junk image must have no thumbnail")
	}
}

func TestMediaKinds(t *testing.T) {
	b, up := newBuilder()
	doc := build(t, b, alice, obj("document", []byte("%PDF-1.4"), "caption", "report"), nil).Message.GetDocumentMessage()
	if doc.GetMimetype() != "application/pdf" || doc.GetFileName() != "file" || doc.GetCaption() != "report" {
		t.Fatalf("document = %v", doc)
	}
	doc = build(t, b, alice, obj("document", []byte("a,b"), "mimetype", "text/csv", "fileName", "x.csv"), nil).Message.GetDocumentMessage()
	if doc.GetMimetype() != "text/csv" || doc.GetFileName() != "x.csv" {
		t.Fatalf("document = %v", doc)
	}
	st := build(t, b, alice, obj("sticker", []byte("RIFF....WEBP"), "isAnimated", true), nil).Message.GetStickerMessage()
	if st.GetMimetype() != "image/webp" || !st.GetIsAnimated() {
		t.Fatalf("sticker = %v", st)
	}
	vid := build(t, b, alice, obj("video", []byte("mp4"), "gifPlayback", true, "caption", "gif"), nil).Message.GetVideoMessage()
	if vid.GetMimetype() != "video/mp4" || !vid.GetGifPlayback() || vid.GetCaption() != "gif" {
		t.Fatalf("video = %v", vid)
	}
	ptv := build(t, b, alice, obj("video", []byte("mp4"), "ptv", true), nil).Message
	if ptv.GetPtvMessage() == nil || ptv.GetVideoMessage() != nil {
		t.Fatalf("ptv = %v", ptv)
	}
	audio := build(t, b, alice, obj("audio", oggOpus(5, 312), "ptt", true), nil).Message.GetAudioMessage()
	if audio.GetMimetype() != "audio/ogg; codecs=opus" || !audio.GetPTT() || audio.GetSeconds() != 5 {
		t.Fatalf("audio = %v", audio)
	}
	audio = build(t, b, alice, obj("audio", []byte("ID3mp3"), "mimetype", "audio/mpeg", "seconds", int64(9)), nil).Message.GetAudioMessage()
	if audio.GetSeconds() != 9 || audio.GetMimetype() != "audio/mpeg" {
		t.Fatalf("audio = %v", audio)
	}
	want := []whatsmeow.MediaType{whatsmeow.MediaDocument, whatsmeow.MediaDocument, whatsmeow.MediaImage, whatsmeow.MediaVideo,
		whatsmeow.MediaVideo, whatsmeow.MediaAudio, whatsmeow.MediaAudio}
	if len(up.calls) != len(want) {
		t.Fatalf("uploads %v", up.calls)
	}
	for i := range want {
		if up.calls[i] != want[i] {
			t.Fatalf("upload %d = %s want %s", i, up.calls[i], want[i])
		}
	}
}

// oggOpus is a minimal Ogg Opus stream: an OpusHead with the given pre-skip
// and a last page whose granule position ends after secs seconds.
func oggOpus(secs, preSkip int) []byte {
	var b bytes.Buffer
	b.WriteString("OggS")
	b.Write(make([]byte, 24))
	b.WriteString("OpusHead")
	b.Write([]byte{1, 1})
	binary.Write(&b, binary.LittleEndian, uint16(preSkip))
	b.Write(make([]byte, 8))
	b.WriteString("OggS")
	b.Write([]byte{0, 4})
	binary.Write(&b, binary.LittleEndian, uint64(secs*48000+preSkip))
	b.Write(make([]byte, 16))
	return b.Bytes()
}

func TestMediaSources(t *testing.T) {
	b, up := newBuilder()
	payload := pngBytes(t, 4, 4)

	file := filepath.Join(t.TempDir(), "pic.png")
	if err := os.WriteFile(file, payload, 0o600); err != nil {
		t.Fatal(err)
	}
	build(t, b, alice, obj("image", obj("url", file)), nil)
	build(t, b, alice, obj("image", obj("url", "file://"+file)), nil)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/pic.png" {
			http.NotFound(w, r)
			return
		}
		w.Write(payload)
	}))
	defer srv.Close()
	build(t, b, alice, obj("image", obj("url", srv.URL+"/pic.png")), nil)
	build(t, b, alice, obj("image", obj("stream", bytes.NewReader(payload))), obj("mediaUploadTimeoutMs", int64(5000)))
	if !up.deadline {
		t.Fatal("mediaUploadTimeoutMs must bound the upload")
	}
	for i, d := range up.data {
		if !bytes.Equal(d, payload) {
			t.Fatalf("upload %d got other bytes", i)
		}
	}

	small := &Builder{Upload: up, MaxMediaBytes: 10}
	errCases := []struct {
		content jsval.Value
		b       *Builder
		path    string
	}{
		{obj("image", obj("url", srv.URL+"/missing")), b, "content.image.url"},
		{obj("image", obj("url", filepath.Join(t.TempDir(), "none.png"))), b, "content.image.url"},
		{obj("image", obj("url", "http://127.0.0.1:1/x")), b, "content.image.url"},
		{obj("image", "data:image/png;base64,AAAA"), b, "content.image"},
		{obj("image", []byte{}), b, "content.image"},
		{obj("image", obj("stream", "x")), b, "content.image.stream"},
		{obj("image", obj()), b, "content.image"},
		{obj("image", payload), small, "content.image"},
		{obj("image", obj("stream", bytes.NewReader(payload))), small, "content.image.stream"},
		{obj("image", payload, "caption", obj()), b, "content.caption"},
	}
	for _, c := range errCases {
		_, err := c.b.Build(context.Background(), Target{Chat: alice}, c.content, nil)
		wantBadField(t, err, 400, c.path)
	}
}

func TestUploadFailure(t *testing.T) {
	b, up := newBuilder()
	up.err = errors.New("media server down")
	_, err := b.Build(context.Background(), Target{Chat: alice}, obj("image", pngBytes(t, 2, 2)), nil)
	if errs.StatusOf(err) != 500 || !errors.Is(err, up.err) || err.Error() != "upload image: media server down" {
		t.Fatalf("err = %v", err)
	}
	up.err = whatsmeow.ErrNotConnected
	_, err = b.Build(context.Background(), Target{Chat: alice}, obj("audio", []byte("x")), nil)
	if errs.StatusOf(err) != 428 {
		t.Fatalf("not connected must be 428, got %v", err)
	}
	_, err = (&Builder{}).Build(context.Background(), Target{Chat: alice}, obj("image", []byte("x")), nil)
	if errs.StatusOf(err) != 500 {
		t.Fatalf("no uploader: %v", err)
	}
}
