package media_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/sim/media"
	"github.com/botrt/botrt/sim/testkit"
)

// TestExpire expires uploads through the Go and HTTP APIs: each upload has its own path, an expired
// one answers 410 while others of the same bytes still download, and bad requests are refused.
func TestExpire(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv)
	data := bytes.Repeat([]byte("pixels "), 3000)
	first, err := alice.WA.Upload(t.Context(), data, whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	second, err := alice.WA.Upload(t.Context(), data, whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	if first.DirectPath == second.DirectPath {
		t.Fatal("two uploads share a path")
	}
	download := func(up whatsmeow.UploadResponse) error {
		_, err := alice.WA.DownloadMediaWithPath(t.Context(), up.DirectPath, up.FileEncSHA256, up.FileSHA256,
			up.MediaKey, int(up.FileLength), whatsmeow.MediaImage, "")
		return err
	}
	if err := srv.Media.Expire(first.DirectPath); err != nil {
		t.Fatal(err)
	}
	if err := download(first); !errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410) {
		t.Fatalf("expired download: %v", err)
	}
	if err := download(second); err != nil {
		t.Fatalf("the other upload: %v", err)
	}
	if err := srv.Media.Expire(first.DirectPath); !errors.Is(err, media.ErrNoMedia) {
		t.Fatalf("expire twice: %v", err)
	}
	if err := srv.Media.Expire("/etc/passwd"); !errors.Is(err, media.ErrBadPath) {
		t.Fatalf("expire a bad path: %v", err)
	}

	expire := func(body any) int {
		b, _ := json.Marshal(body)
		status, _ := srv.API(t, http.MethodPost, "/api/media/expire", b)
		return status
	}
	if status := expire(map[string]string{"url": second.URL}); status != http.StatusOK {
		t.Fatalf("expire by url: %d", status)
	}
	if err := download(second); !errors.Is(err, whatsmeow.ErrMediaDownloadFailedWith410) {
		t.Fatalf("expired over HTTP, download: %v", err)
	}
	for body, want := range map[string]int{
		`{"directPath": "` + second.DirectPath + `"}`: http.StatusNotFound,
		`{"directPath": "/v/sim/xyz"}`:                http.StatusBadRequest,
		`{}`:                                          http.StatusBadRequest,
		`not json`:                                    http.StatusBadRequest,
	} {
		if status, _ := srv.API(t, http.MethodPost, "/api/media/expire", []byte(body)); status != want {
			t.Errorf("POST %s: %d, want %d", body, status, want)
		}
	}
}
