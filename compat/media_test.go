package compat

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
)

// testPNG is a small real image, distinct per seed so a test cannot pass on a stale file.
func testPNG(t *testing.T, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for x := range 24 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{R: seed, G: uint8(x * 10), B: uint8(y * 15), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBaileysImages sends an image each way: Baileys uploads through the HTTPS media front and the
// whatsmeow client downloads and decrypts it, and the reverse.
func TestBaileysImages(t *testing.T) { eachVersion(t, testImages) }

func testImages(t *testing.T, pkg string) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	p, me := pairedPeer(ctx, t, srv, pkg, "Baileys Bot")

	out := testPNG(t, 1)
	id := send(ctx, t, p, bob.UserJID().String(), map[string]any{
		"image": map[string]any{"base64": base64.StdEncoding.EncodeToString(out)}, "caption": "from baileys",
		"mimetype": "image/png"})
	got := bob.WaitMessage(t, func(m *events.Message) bool { return m.Message.GetImageMessage() != nil })
	img := got.Message.GetImageMessage()
	if got.Info.ID != id || img.GetCaption() != "from baileys" || img.GetMimetype() != "image/png" {
		t.Fatalf("bob got image %s caption %q type %q, want %s", got.Info.ID, img.GetCaption(), img.GetMimetype(), id)
	}
	data, err := bob.WA.Download(ctx, img)
	if err != nil {
		t.Fatalf("bob downloads Baileys' image: %v", err)
	}
	if !bytes.Equal(data, out) {
		t.Fatalf("bob downloaded %d bytes that differ from the %d Baileys sent", len(data), len(out))
	}

	in := testPNG(t, 2)
	up, err := bob.WA.Upload(ctx, in, whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	msg := &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		Mimetype: proto.String("image/png"), Caption: proto.String("from whatsmeow"),
	}}
	if _, err := bob.WA.SendMessage(ctx, me, msg); err != nil {
		t.Fatal(err)
	}
	e := waitMessage(ctx, t, p, "bob's image", func(e Event) bool { return e.Image != nil })
	if e.Image.Error != "" {
		t.Fatalf("Baileys could not download bob's image: %s", e.Image.Error)
	}
	if e.Image.Caption != "from whatsmeow" || e.Image.Base64 != base64.StdEncoding.EncodeToString(in) {
		t.Fatalf("Baileys got image caption %q, %d base64 chars; want bob's", e.Image.Caption, len(e.Image.Base64))
	}
}
