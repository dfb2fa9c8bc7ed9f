package content

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/botrt/botrt/protocol/jsval"
)

func TestExtractURL(t *testing.T) {
	for text, want := range map[string]string{
		"see https://example.com/a?b=1.":      "https://example.com/a?b=1",
		"(http://x.test/path) and more":       "http://x.test/path",
		"no link here":                        "",
		"ftp://files.test/x":                  "",
		"https://user:pw@evil.test/ then ok":  "",
		"first https://a.test then https://b": "https://a.test",
	} {
		if got := ExtractURL(text); got != want {
			t.Errorf("ExtractURL(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestWantsLinkPreview(t *testing.T) {
	for _, c := range []struct {
		content, options jsval.Value
		want             bool
	}{
		{obj("text", "https://a.test"), nil, true},
		{obj("text", "https://a.test", "linkPreview", nil), nil, false},
		{obj("text", "https://a.test", "linkPreview", jsval.Undefined), nil, true},
		{obj("text", "https://a.test", "linkPreview", obj("title", "given")), nil, false},
		{obj("text", "https://a.test"), obj("linkPreview", nil), false},
		{obj("image", []byte{1}, "caption", "https://a.test"), nil, false},
		{"text", nil, false},
	} {
		if got := WantsLinkPreview(c.content, c.options); got != c.want {
			t.Errorf("WantsLinkPreview(%v, %v) = %v", c.content, c.options, got)
		}
	}
}

// previewSite serves pages by path and a PNG at /img.png.
func previewSite(t testing.TB, pages map[string]string) (*httptest.Server, []byte) {
	t.Helper()
	img := pngBytes(t, 400, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/img.png", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(img)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(page, "%PDF") {
			w.Header().Set("Content-Type", "application/pdf")
		} else {
			w.Header().Set("Content-Type", "text/html")
		}
		_, _ = w.Write([]byte(page))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, img
}

func TestLinkPreview(t *testing.T) {
	srv, img := previewSite(t, map[string]string{
		"/og": `<html><head><title>Plain</title><meta property="og:title" content="OG &amp; Title">
<meta name="description" content="plain desc"><meta property="og:description" content="og desc">
<meta property="og:image" content="/img.png"></head><body><meta property="og:title" content="late"></body></html>`,
		"/plain":    `<title> Just a title </title><meta name="description" content="d">`,
		"/latin1":   "<head><meta charset=\"iso-8859-1\"><title>Caf\xe9 cr\xe8me</title></head>",
		"/twitter":  `<head><meta name="twitter:title" content="TT"><meta name="twitter:image" content="missing.png"></head>`,
		"/untitled": `<head><meta name="description" content="no title"></head>`,
		"/pdf":      "%PDF-1.4",
		"/huge":     "<title>Big</title>" + strings.Repeat("<p>x</p>", maxPageBytes/4),
	})
	up := &fakeUploader{}
	p := &LinkPreviewer{HTTP: srv.Client(), ThumbnailWidth: 100, Now: func() time.Time { return now }}
	ctx := context.Background()

	info, err := p.Preview(ctx, "look: "+srv.URL+"/og!")
	if err != nil {
		t.Fatal(err)
	}
	if info.MatchedText != srv.URL+"/og" || info.CanonicalURL != srv.URL+"/og" || info.Title != "OG & Title" || info.Description != "og desc" || info.ImageURL != srv.URL+"/img.png" {
		t.Fatalf("og page: %+v", info)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(info.JPEGThumbnail))
	if err != nil || thumb.Bounds().Dx() != 100 || thumb.Bounds().Dy() != 50 {
		t.Fatalf("thumbnail: %v %v", err, thumb)
	}
	if info.HQ != nil || len(up.calls) != 0 {
		t.Fatal("uploaded without an uploader")
	}
	et := &waE2E.ExtendedTextMessage{Text: new(string)}
	info.Apply(et)
	if et.GetTitle() != "OG & Title" || et.GetMatchedText() != info.MatchedText || !bytes.Equal(et.GetJPEGThumbnail(), info.JPEGThumbnail) ||
		et.GetThumbnailDirectPath() != "" || et.GetPreviewType() != waE2E.ExtendedTextMessage_NONE {
		t.Fatalf("applied: %v", et)
	}

	info, err = p.Preview(ctx, srv.URL+"/plain")
	if err != nil || info.Title != "Just a title" || info.Description != "d" || info.ImageURL != "" || info.JPEGThumbnail != nil {
		t.Fatalf("plain page: %+v %v", info, err)
	}
	// A page in another charset is read as such.
	if info, err = p.Preview(ctx, srv.URL+"/latin1"); err != nil || info.Title != "Café crème" {
		t.Fatalf("latin1 page: %+v %v", info, err)
	}
	// A broken image leaves the preview without a thumbnail, and says why.
	info, err = p.Preview(ctx, srv.URL+"/twitter")
	if err == nil || !strings.Contains(err.Error(), "HTTP 404") || info.Title != "TT" || info.ImageURL != srv.URL+"/missing.png" || info.JPEGThumbnail != nil {
		t.Fatalf("twitter page: %+v %v", info, err)
	}
	// Only the head of a huge page is read.
	if info, err = p.Preview(ctx, srv.URL+"/huge"); err != nil || info.Title != "Big" {
		t.Fatalf("huge page: %+v %v", info, err)
	}

	// The high-quality variant uploads the image as a link thumbnail.
	p.Upload = up
	info, err = p.Preview(ctx, srv.URL+"/og")
	if err != nil || info.HQ == nil || len(up.calls) != 1 || up.calls[0] != whatsmeow.MediaLinkThumbnail || !bytes.Equal(up.data[0], img) {
		t.Fatalf("hq: %+v %v %v", info, err, up.calls)
	}
	info.Apply(et)
	if et.GetThumbnailDirectPath() != "/v/x" || et.GetThumbnailWidth() != 400 || et.GetThumbnailHeight() != 200 ||
		et.GetMediaKeyTimestamp() != now.Unix() || string(et.GetMediaKey()) != "\x01" {
		t.Fatalf("hq applied: %v", et)
	}
	up.err = errors.New("media server down")
	info, err = p.Preview(ctx, srv.URL+"/og")
	if err == nil || info == nil || info.HQ != nil || info.JPEGThumbnail == nil {
		t.Fatalf("failed upload: %+v %v", info, err)
	}
	p.Upload = nil

	for path, nothing := range map[string]bool{"/untitled": true, "/pdf": true, "/404": false} {
		if info, err := p.Preview(ctx, srv.URL+path); !errors.Is(err, ErrNoPreview) || errors.Is(err, ErrNothingToPreview) != nothing || info != nil {
			t.Errorf("%s: %+v %v", path, info, err)
		}
	}
	if _, err := p.Preview(ctx, "no url"); !errors.Is(err, ErrNoPreview) {
		t.Errorf("no url: %v", err)
	}
}

// TestLinkPreviewTimeout: a page that never answers costs the timeout, then no preview.
func TestLinkPreviewTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	p := &LinkPreviewer{HTTP: srv.Client(), Timeout: 50 * time.Millisecond}
	if _, err := p.Preview(context.Background(), srv.URL); !errors.Is(err, ErrNoPreview) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func BenchmarkLinkPreviewPage(b *testing.B) {
	page := []byte(`<html><head><title>T</title><meta property="og:title" content="OG"><meta property="og:description" content="d">` +
		strings.Repeat(`<meta name="x" content="y">`, 50) + `<meta property="og:image" content="/i.png"></head><body>` +
		strings.Repeat("<p>text</p>", 5000) + `</body></html>`)
	b.ReportAllocs()
	for b.Loop() {
		if m := readPageMeta(page); m.title != "OG" {
			b.Fatal(m)
		}
	}
}

// BenchmarkLinkPreview: one whole preview from a local server, page and a
// 400x200 image scaled to the default 192-pixel thumbnail.
func BenchmarkLinkPreview(b *testing.B) {
	srv, _ := previewSite(b, map[string]string{"/": `<head><meta property="og:title" content="T"><meta property="og:image" content="/img.png"></head>`})
	p := &LinkPreviewer{HTTP: srv.Client()}
	b.ReportAllocs()
	for b.Loop() {
		if info, err := p.Preview(context.Background(), srv.URL); err != nil || info.JPEGThumbnail == nil {
			b.Fatal(info, err)
		}
	}
}

// FuzzPageMeta: any bytes as a page or a text give metadata or nothing, never a panic.
func FuzzPageMeta(f *testing.F) {
	f.Add([]byte(`<head><meta property="og:title" content="T"><title>x</title></head>`), "see https://a.test/x).")
	f.Add([]byte("<title><meta charset=\"shift_jis\">\x82\xa0</title"), "https://u:p@h/ http://[::1]:80/")
	f.Add([]byte("<meta name=description content=<body>"), "http://%zz")
	f.Fuzz(func(t *testing.T, page []byte, text string) {
		meta := readPageMeta(utf8Page(page, "text/html"))
		if len(meta.title) > len(page)*4+16 {
			t.Fatalf("title longer than its page: %q", meta.title)
		}
		if u := ExtractURL(text); u != "" && !strings.Contains(text, u) {
			t.Fatalf("ExtractURL(%q) = %q, not in the text", text, u)
		}
	})
}
