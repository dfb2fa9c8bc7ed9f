package baileys

import (
	"context"
	"net/http"
	"sync"

	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/botrt/botrt/jsapi/node/fetch"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/content"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// guardedPreviewClient is the default client for link previews: the bots'
// own fetch policy (no loopback, private or link-local addresses), shared so
// its connections are reused.
var guardedPreviewClient = sync.OnceValue(func() *http.Client { return fetch.GuardedClient(false) })

// previewSettings are the socket config keys baileys.js passes with every
// sendMessage: { highQuality: generateHighQualityLinkPreview, thumbnailWidth:
// linkPreviewImageThumbnailWidth }.
func previewSettings(v jsval.Value) (highQuality bool, width int, err error) {
	o, ok := v.(*jsval.Object)
	if !ok {
		return false, 0, nil
	}
	if hq, ok := o.Get("highQuality"); ok {
		highQuality, _ = hq.(bool)
	}
	w, ok := o.Get("thumbnailWidth")
	if !ok {
		return highQuality, 0, nil
	}
	switch n := w.(type) {
	case int64:
		width = int(n)
	case float64:
		width = int(n)
	default:
		return false, 0, errs.BadField("config.linkPreviewImageThumbnailWidth", "a number of pixels expected, got %s", jsval.KindOf(w))
	}
	if width < 1 || width > 4096 {
		return false, 0, errs.BadField("config.linkPreviewImageThumbnailWidth", "%d pixels is out of range (1 to 4096)", width)
	}
	return highQuality, width, nil
}

// addLinkPreview gives a text message the preview Baileys' sendMessage
// generates for its first URL, unless content or options say otherwise. Like
// Baileys, a preview that cannot be made is logged and the text is sent
// without it.
func (st *botState) addLinkPreview(ctx context.Context, s *protocol.Session, msg *waE2E.Message, contentArg, optionsArg, settings jsval.Value) error {
	et := msg.GetExtendedTextMessage()
	if et == nil || !content.WantsLinkPreview(contentArg, optionsArg) || content.ExtractURL(et.GetText()) == "" {
		return nil
	}
	hq, width, err := previewSettings(settings)
	if err != nil {
		return err
	}
	client := st.cfg.LinkPreviewHTTP
	if client == nil {
		client = guardedPreviewClient()
	}
	p := content.LinkPreviewer{HTTP: client, ThumbnailWidth: width}
	if hq {
		p.Upload = s
	}
	info, err := p.Preview(ctx, et.GetText())
	if err != nil {
		st.bot.Logger().Info("baileys: link preview not generated", "session", s.Name(), "err", err)
	}
	if info != nil {
		info.Apply(et)
	}
	return nil
}
