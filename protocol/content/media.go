package content

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

// mediaKinds are the media content keys, in Baileys' MEDIA_KEYS order.
var mediaKinds = []string{"image", "video", "document", "audio", "sticker"}

// defaultMimetype is Baileys' MIMETYPE_MAP.
var defaultMimetype = map[string]string{
	"image":    "image/jpeg",
	"video":    "video/mp4",
	"document": "application/pdf",
	"audio":    "audio/ogg; codecs=opus",
	"sticker":  "image/webp",
}

var uploadType = map[string]whatsmeow.MediaType{
	"image":    whatsmeow.MediaImage,
	"video":    whatsmeow.MediaVideo,
	"document": whatsmeow.MediaDocument,
	"audio":    whatsmeow.MediaAudio,
	"sticker":  whatsmeow.MediaImage,
}

// media reads the media, uploads it and builds the <kind>Message with what
// Baileys computes (mimetype default, document fileName 'file', image
// thumbnail and dimensions, Opus audio duration); every other key of the
// content object (caption, mimetype, ptt, gifPlayback, jpegThumbnail, width,
// seconds, ...) is applied like Baileys' spread of the content into the
// message, and wins over computed values. ptv makes a video note.
func (b *Builder) media(ctx context.Context, c, opts fields, kind string, ptv bool) (*waE2E.Message, error) {
	data, err := b.readMedia(ctx, c.get(kind), c.at(kind))
	if err != nil {
		return nil, err
	}
	uctx := ctx
	if ms, ok, err := opts.integer("mediaUploadTimeoutMs"); err != nil {
		return nil, err
	} else if ok && ms > 0 {
		var cancel context.CancelFunc
		uctx, cancel = context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
		defer cancel()
	}
	if b.Upload == nil {
		return nil, errs.New(500, "media upload is not available (no uploader configured)")
	}
	up, err := b.Upload.Upload(uctx, data, uploadType[kind])
	if err != nil {
		e := errs.FromWhatsmeow(err)
		return nil, errs.Wrap(e.Status, "upload "+kind, err)
	}
	fields := jsval.NewObject().
		Set("url", up.URL).
		Set("directPath", up.DirectPath).
		Set("mediaKey", up.MediaKey).
		Set("fileEncSha256", up.FileEncSHA256).
		Set("fileSha256", up.FileSHA256).
		Set("fileLength", up.FileLength).
		Set("mediaKeyTimestamp", b.now().Unix()).
		Set("mimetype", defaultMimetype[kind])
	if kind == "document" {
		fields.Set("fileName", "file")
	}
	switch {
	case kind == "image" && !c.has("jpegThumbnail"):
		if thumb, w, h, ok := imageThumbnail(data); ok {
			fields.Set("jpegThumbnail", thumb)
			if !c.has("width") {
				fields.Set("width", int64(w)).Set("height", int64(h))
			}
		}
	case kind == "audio" && !c.has("seconds"):
		if secs, ok := opusSeconds(data); ok {
			fields.Set("seconds", int64(secs))
		}
	}
	c.obj.Range(func(k string, v jsval.Value) bool {
		if k != kind {
			fields.Set(k, v)
		}
		return true
	})
	m := &waE2E.Message{}
	var sub proto.Message
	switch kind {
	case "image":
		m.ImageMessage = &waE2E.ImageMessage{}
		sub = m.ImageMessage
	case "video":
		v := &waE2E.VideoMessage{}
		if ptv {
			m.PtvMessage = v
		} else {
			m.VideoMessage = v
		}
		sub = v
	case "document":
		m.DocumentMessage = &waE2E.DocumentMessage{}
		sub = m.DocumentMessage
	case "audio":
		m.AudioMessage = &waE2E.AudioMessage{}
		sub = m.AudioMessage
	case "sticker":
		m.StickerMessage = &waE2E.StickerMessage{}
		sub = m.StickerMessage
	}
	if err := wamsg.FromObject(fields, sub, "content"); err != nil {
		return nil, err
	}
	return m, nil
}

func (b *Builder) maxBytes() int64 {
	if b.MaxMediaBytes > 0 {
		return b.MaxMediaBytes
	}
	return DefaultMaxMediaBytes
}

// readMedia resolves a WAMediaUpload: a Buffer, {url} (http(s) URL, file://
// URL or file path) or {stream}.
func (b *Builder) readMedia(ctx context.Context, v jsval.Value, path string) ([]byte, error) {
	switch t := v.(type) {
	case []byte:
		if len(t) == 0 {
			return nil, errs.BadField(path, "empty media")
		}
		if int64(len(t)) > b.maxBytes() {
			return nil, errs.BadField(path, "media larger than %d bytes", b.maxBytes())
		}
		return t, nil
	case *jsval.Object:
		f := fields{t, path}
		if f.has("url") {
			url, err := f.str("url", true)
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://") {
				return b.fetch(ctx, url, f.at("url"))
			}
			return b.readFile(strings.TrimPrefix(url, "file://"), f.at("url"))
		}
		if f.has("stream") {
			r, ok := f.get("stream").(io.Reader)
			if !ok {
				return nil, errs.BadField(f.at("stream"), "readable stream expected, got %s", jsval.KindOf(f.get("stream")))
			}
			return b.readAll(r, f.at("stream"))
		}
	}
	return nil, errs.BadField(path, "Buffer, { url } or { stream } expected, got %s", jsval.KindOf(v))
}

func (b *Builder) readAll(r io.Reader, path string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, b.maxBytes()+1))
	if err != nil {
		return nil, errs.Wrap(400, path+": reading media failed", err).WithData(fieldData(path))
	}
	if int64(len(data)) > b.maxBytes() {
		return nil, errs.BadField(path, "media larger than %d bytes", b.maxBytes())
	}
	if len(data) == 0 {
		return nil, errs.BadField(path, "empty media")
	}
	return data, nil
}

func (b *Builder) readFile(name, path string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, errs.Wrap(400, path+": cannot read media file", err).WithData(fieldData(path))
	}
	defer f.Close()
	return b.readAll(f, path)
}

func (b *Builder) fetch(ctx context.Context, url, path string) ([]byte, error) {
	client := b.HTTP
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, errs.Wrap(400, path+": invalid URL", err).WithData(fieldData(path))
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, errs.Wrap(400, path+": fetching media failed", err).WithData(fieldData(path))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, errs.New(400, fmt.Sprintf("%s: fetching media failed: HTTP %d", path, resp.StatusCode)).
			WithData(fieldData(path).Set("status", int64(resp.StatusCode)))
	}
	return b.readAll(resp.Body, path)
}
