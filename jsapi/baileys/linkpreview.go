package baileys

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/dop251/goja"
	"go.mau.fi/whatsmeow/proto/waE2E"

	"github.com/botrt/botrt/jsapi/baileys/jsconv"

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
	width, err = pixels(o, "thumbnailWidth", "config.linkPreviewImageThumbnailWidth")
	return highQuality, width, err
}

// pixels reads a thumbnail width (0 when absent); path names it in errors.
func pixels(o *jsval.Object, key, path string) (int, error) {
	return number(o, key, path, "pixels", 1, 4096)
}

// number reads an integer from lo to hi (0 when absent); path and unit name
// it in errors.
func number(o *jsval.Object, key, path, unit string, lo, hi int) (int, error) {
	v, ok := o.Get(key)
	if !ok {
		return 0, nil
	}
	var n int
	switch x := v.(type) {
	case int64:
		n = int(x)
	case float64:
		n = int(x)
	default:
		return 0, errs.BadField(path, "a number of %s expected, got %s", unit, jsval.KindOf(v))
	}
	if n < lo || n > hi {
		return 0, errs.BadField(path, "%d %s is out of range (%d to %d)", n, unit, lo, hi)
	}
	return n, nil
}

// previewClient is the host's client for previews, or the bots' fetch policy.
func (st *botState) previewClient() *http.Client {
	if st.cfg.LinkPreviewHTTP != nil {
		return st.cfg.LinkPreviewHTTP
	}
	return guardedPreviewClient()
}

// getURLInfoThumbnailWidth is Baileys' THUMBNAIL_WIDTH_PX, getUrlInfo's
// default when opts.thumbnailWidth is not given.
const getURLInfoThumbnailWidth = 32

// getURLInfo is the module's getUrlInfo(text, opts?): Baileys' WAUrlInfo of
// the text's first URL, undefined for a page that is no preview (not HTML,
// no title); a page that cannot be fetched rejects. opts holds what
// getURLInfoNative read of the script's options: thumbnailWidth and
// fetchOpts' timeout.
func (st *botState) getURLInfo(text string, opts *jsval.Object) (func(ctx context.Context) (jsval.Value, error), error) {
	p := content.LinkPreviewer{HTTP: st.previewClient(), ThumbnailWidth: getURLInfoThumbnailWidth}
	width, err := pixels(opts, "thumbnailWidth", "opts.thumbnailWidth")
	if err != nil {
		return nil, err
	}
	if width > 0 {
		p.ThumbnailWidth = width
	}
	ms, err := number(opts, "timeout", "opts.fetchOpts.timeout", "milliseconds", 1, 60_000)
	if err != nil {
		return nil, err
	}
	p.Timeout = time.Duration(ms) * time.Millisecond
	return func(ctx context.Context) (jsval.Value, error) {
		info, err := p.Preview(ctx, text)
		if errors.Is(err, content.ErrNothingToPreview) {
			return jsval.Undefined, nil
		}
		if info == nil {
			return nil, errs.Wrap(400, "getUrlInfo: "+err.Error(), err)
		}
		o := jsval.NewObject().Set("canonical-url", info.CanonicalURL).Set("matched-text", info.MatchedText).Set("title", info.Title)
		if info.Description != "" {
			o.Set("description", info.Description)
		}
		if info.ImageURL != "" {
			o.Set("originalThumbnailUrl", info.ImageURL)
		}
		if info.JPEGThumbnail != nil {
			o.Set("jpegThumbnail", info.JPEGThumbnail)
		}
		return o, nil
	}, nil
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
	p := content.LinkPreviewer{HTTP: st.previewClient(), ThumbnailWidth: width}
	if hq {
		p.Upload = s
	}
	info, err := p.Preview(ctx, et.GetText())
	switch {
	case info == nil:
		st.bot.Logger().Info("baileys: link preview not generated", "session", s.Name(), "err", err)
		return nil
	case err != nil:
		st.bot.Logger().Info("baileys: link preview sent without its image", "session", s.Name(), "err", err)
	}
	info.Apply(et)
	return nil
}

// getURLInfoNative is native.getUrlInfo(text, opts?) → Promise. Only the
// options botrt uses are read (Baileys' opts also carry a logger and fetch
// options such as headers); opts.uploadImage, a JS upload function, is refused
// by name: a socket made with generateHighQualityLinkPreview uploads its
// previews' images.
func (st *botState) getURLInfoNative(call goja.FunctionCall) goja.Value {
	vm := st.bot.Runtime()
	picked := jsval.NewObject()
	pick := func(from *goja.Object, key, as, path string) {
		v := from.Get(key)
		if v == nil || goja.IsUndefined(v) {
			return
		}
		jv, err := jsconv.FromJS(vm, v, path)
		if err != nil {
			throw(vm, err)
		}
		picked.Set(as, jv)
	}
	if o, ok := call.Argument(1).(*goja.Object); ok {
		if u := o.Get("uploadImage"); u != nil && !goja.IsUndefined(u) {
			throw(vm, errs.New(501, "getUrlInfo: opts.uploadImage is not supported by botrt; a socket made with generateHighQualityLinkPreview uploads its previews' images"))
		}
		pick(o, "thumbnailWidth", "thumbnailWidth", "opts.thumbnailWidth")
		if fo, ok := o.Get("fetchOpts").(*goja.Object); ok {
			pick(fo, "timeout", "timeout", "opts.fetchOpts.timeout")
		}
	}
	fn, err := st.getURLInfo(call.Argument(0).String(), picked)
	if err != nil {
		throw(vm, err)
	}
	return st.async(fn)
}

// extractURLNative is native.baileys.extractUrlFromText(text) → string | undefined.
func (st *botState) extractURLNative(call goja.FunctionCall) goja.Value {
	if u := content.ExtractURL(call.Argument(0).String()); u != "" {
		return st.bot.Runtime().ToValue(u)
	}
	return goja.Undefined()
}
