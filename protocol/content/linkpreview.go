package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

// Link preview defaults, as Baileys' socket uses them: thumbnails 192 pixels
// wide, each fetch bounded by 3 s.
const (
	DefaultLinkThumbnailWidth = 192
	DefaultLinkPreviewTimeout = 3 * time.Second
	// maxPageBytes bounds the HTML read for metadata: previews only need its head.
	maxPageBytes = 512 << 10
	// maxPreviewImageBytes bounds the preview image fetched for the thumbnail.
	maxPreviewImageBytes = 5 << 20
)

// ErrNoPreview is wrapped by every reason a text gets no link preview;
// ErrNothingToPreview by those where the page was read but is no preview
// (not HTML, no title), which Baileys' getUrlInfo answers with undefined
// rather than an error.
var (
	ErrNoPreview        = errors.New("no link preview")
	ErrNothingToPreview = fmt.Errorf("%w: nothing to preview", ErrNoPreview)
)

// urlPattern finds the first http(s) URL in a text, without user:password@
// (as Baileys' URL_REGEX); trailing punctuation is trimmed by ExtractURL.
var urlPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"']+`)

// ExtractURL is Baileys' extractUrlFromText: the first http(s) URL of text,
// or "" when there is none.
func ExtractURL(text string) string {
	for _, m := range urlPattern.FindAllString(text, -1) {
		m = strings.TrimRight(m, ".,;:!?)]}")
		u, err := url.Parse(m)
		if err != nil || u.Host == "" || u.User != nil {
			continue
		}
		return m
	}
	return ""
}

// WantsLinkPreview reports whether Baileys would generate a preview for this
// send: the content is a text variant and neither content nor options carry
// a linkPreview key (null turns previews off, an object is sent as given).
func WantsLinkPreview(content, options jsval.Value) bool {
	c, ok := content.(*jsval.Object)
	if !ok {
		return false
	}
	if _, isText := c.Get("text"); !isText {
		return false
	}
	for _, v := range []jsval.Value{content, options} {
		if o, ok := v.(*jsval.Object); ok {
			if _, set := o.Get("linkPreview"); set {
				return false
			}
		}
	}
	return true
}

// LinkPreviewer is Baileys' getUrlInfo: it reads a page's title, description
// and image and makes the image's JPEG thumbnail; with Upload
// set (generateHighQualityLinkPreview) the image is also uploaded as the
// message's high-quality thumbnail.
type LinkPreviewer struct {
	// HTTP fetches the page and its image; it decides which addresses may be
	// reached (the bots' network policy). Required.
	HTTP *http.Client
	// Upload, when set, stores the image as a link thumbnail.
	Upload         Uploader
	ThumbnailWidth int           // 0: DefaultLinkThumbnailWidth
	Timeout        time.Duration // per fetch; 0: DefaultLinkPreviewTimeout
	Now            func() time.Time
}

// URLInfo is Baileys' WAUrlInfo for one URL.
type URLInfo struct {
	MatchedText   string
	CanonicalURL  string // the page's URL after redirects (not sent: no field in extendedTextMessage)
	Title         string
	Description   string
	ImageURL      string
	JPEGThumbnail []byte
	// HQ is the uploaded image when the previewer uploads, with its size.
	HQ                     *whatsmeow.UploadResponse
	HQWidth, HQHeight      int
	HQMediaKeyTimestampSec int64
}

// Preview fetches the first URL of text. A page without a title gives no
// preview, as in Baileys; every such failure wraps ErrNoPreview. A preview
// whose image cannot be fetched, decoded or uploaded comes without it (or,
// for a failed upload, without the high-quality thumbnail) together with
// that error, for the caller to log.
func (p *LinkPreviewer) Preview(ctx context.Context, text string) (*URLInfo, error) {
	link := ExtractURL(text)
	if link == "" {
		return nil, fmt.Errorf("%w: no URL in the text", ErrNoPreview)
	}
	if p.HTTP == nil {
		return nil, fmt.Errorf("%w: no HTTP client configured", ErrNoPreview)
	}
	body, final, ctype, err := p.get(ctx, link, maxPageBytes)
	if err != nil {
		return nil, err
	}
	if mt, _, _ := mime.ParseMediaType(ctype); mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, fmt.Errorf("%w: %s is %q, not an HTML page", ErrNothingToPreview, link, ctype)
	}
	meta := readPageMeta(utf8Page(body, ctype))
	if meta.title == "" {
		return nil, fmt.Errorf("%w: %s has no title", ErrNothingToPreview, link)
	}
	info := &URLInfo{MatchedText: link, CanonicalURL: final.String(), Title: meta.title, Description: meta.description}
	if meta.image != "" {
		if u, err := final.Parse(meta.image); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			info.ImageURL = u.String()
		}
	}
	if info.ImageURL != "" {
		if err := p.addImage(ctx, info); err != nil {
			return info, err
		}
	}
	return info, nil
}

// addImage fetches the preview image, makes its thumbnail and, for the
// high-quality variant, uploads it.
func (p *LinkPreviewer) addImage(ctx context.Context, info *URLInfo) error {
	data, _, _, err := p.get(ctx, info.ImageURL, maxPreviewImageBytes)
	if err != nil {
		return fmt.Errorf("preview image: %w", err)
	}
	width := p.ThumbnailWidth
	if width <= 0 {
		width = DefaultLinkThumbnailWidth
	}
	thumb, w, h, ok := scaledJPEG(data, width)
	if !ok {
		return fmt.Errorf("preview image %s: not a decodable image", info.ImageURL)
	}
	info.JPEGThumbnail = thumb
	if p.Upload == nil {
		return nil
	}
	up, err := p.Upload.Upload(ctx, data, whatsmeow.MediaLinkThumbnail)
	if err != nil {
		return fmt.Errorf("upload link thumbnail of %s: %w", info.ImageURL, err)
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	info.HQ, info.HQWidth, info.HQHeight, info.HQMediaKeyTimestampSec = &up, w, h, now().Unix()
	return nil
}

// get fetches link within the per-fetch timeout, reading at most limit
// bytes (a longer body is cut: metadata sits in the head) for pages, and
// refusing longer images.
func (p *LinkPreviewer) get(ctx context.Context, link string, limit int64) ([]byte, *url.URL, string, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultLinkPreviewTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: %w", ErrNoPreview, err)
	}
	// Many sites serve their Open Graph tags to link-preview crawlers only.
	req.Header.Set("User-Agent", "WhatsApp/2.23 botrt link preview")
	req.Header.Set("Accept", "text/html,application/xhtml+xml,image/*;q=0.9,*/*;q=0.5")
	resp, err := p.HTTP.Do(req)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: %w", ErrNoPreview, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, "", fmt.Errorf("%w: %s: HTTP %d", ErrNoPreview, link, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: read %s: %w", ErrNoPreview, link, err)
	}
	if int64(len(body)) > limit {
		if limit == maxPreviewImageBytes {
			return nil, nil, "", fmt.Errorf("%w: %s is larger than %d bytes", ErrNoPreview, link, limit)
		}
		body = body[:limit]
	}
	return body, resp.Request.URL, resp.Header.Get("Content-Type"), nil
}

// Apply puts the preview into an extendedTextMessage as Baileys'
// generateWAMessageContent does.
func (u *URLInfo) Apply(et *waE2E.ExtendedTextMessage) {
	et.MatchedText = proto.String(u.MatchedText)
	et.Title = proto.String(u.Title)
	if u.Description != "" {
		et.Description = proto.String(u.Description)
	}
	if u.JPEGThumbnail != nil {
		et.JPEGThumbnail = u.JPEGThumbnail
	}
	et.PreviewType = waE2E.ExtendedTextMessage_NONE.Enum()
	if hq := u.HQ; hq != nil {
		et.ThumbnailDirectPath = proto.String(hq.DirectPath)
		et.ThumbnailSHA256 = hq.FileSHA256
		et.ThumbnailEncSHA256 = hq.FileEncSHA256
		et.MediaKey = hq.MediaKey
		et.MediaKeyTimestamp = proto.Int64(u.HQMediaKeyTimestampSec)
		et.ThumbnailWidth = proto.Uint32(uint32(u.HQWidth))
		et.ThumbnailHeight = proto.Uint32(uint32(u.HQHeight))
	}
}

// utf8Page decodes a page written in another charset (named by its
// Content-Type or a <meta> in its first KiB) to UTF-8; a charset Go does not
// know leaves the bytes as they are.
func utf8Page(body []byte, ctype string) []byte {
	r, err := charset.NewReader(bytes.NewReader(body), ctype)
	if err != nil {
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return out
}

// pageMeta is what a page's head says about it. (Its canonical URL has no
// field in today's extendedTextMessage, so it is not read.)
type pageMeta struct{ title, description, image string }

// readPageMeta reads Open Graph, then Twitter, then plain HTML metadata
// (the order link-preview-js prefers), stopping at the body.
func readPageMeta(page []byte) pageMeta {
	found := map[string]string{}
	set := func(key, val string) {
		if val = strings.TrimSpace(val); val != "" && found[key] == "" {
			found[key] = val
		}
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	inTitle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return pickMeta(found)
		case html.TextToken:
			if inTitle {
				set("<title>", html.UnescapeString(string(z.Text())))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "title":
				inTitle = false
			case "head":
				return pickMeta(found)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[strings.ToLower(string(k))] = string(v)
			}
			switch string(name) {
			case "body":
				return pickMeta(found)
			case "title":
				inTitle = true
			case "meta":
				key := strings.ToLower(attrs["property"])
				if key == "" {
					key = strings.ToLower(attrs["name"])
				}
				set(key, attrs["content"])
			}
		}
	}
}

func pickMeta(found map[string]string) pageMeta {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := found[k]; v != "" {
				return v
			}
		}
		return ""
	}
	return pageMeta{
		title:       first("og:title", "twitter:title", "<title>"),
		description: first("og:description", "twitter:description", "description"),
		image:       first("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"),
	}
}
