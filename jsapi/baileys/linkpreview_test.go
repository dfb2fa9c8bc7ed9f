package baileys_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/jsapi/baileys"
	"github.com/botrt/botrt/jsapi/node/fetch"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// previewBot sends "see <url>" for "!pv <url>" and the same text with
// linkPreview: null for "!null <url>", logging what the sent message holds.
const previewBot = `
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, CONFIG })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) {
      const text = m.message?.conversation
      if (type !== 'notify' || m.key.fromMe || !text?.startsWith('!')) continue
      const [cmd, url] = text.split(' ')
      try {
        const sent = await sock.sendMessage(m.key.remoteJid, cmd === '!null' ? { text: 'see ' + url, linkPreview: null } : { text: 'see ' + url })
        const et = sent.message.extendedTextMessage
        console.log('SENT ' + cmd + ' title=' + et.title + ' thumb=' + (et.jpegThumbnail ? et.jpegThumbnail.length : 0) + ' hq=' + !!et.thumbnailDirectPath)
      } catch (e) {
        console.log('E ' + cmd + ' ' + e.message)
      }
      console.log('DONE ' + text)
    }
  })
}
start()
`

// previewPage serves an HTML page with Open Graph tags at / and its 300x150 image at /pic.png.
func previewPage(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
	pic := image.NewRGBA(image.Rect(0, 0, 300, 150))
	for x := range 300 {
		for y := range 150 {
			pic.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pic); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/pic.png", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(buf.Bytes())
	})
	mux.HandleFunc("/plain.txt", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = fmt.Fprint(w, "no preview here")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = fmt.Fprint(w, `<html><head><title>fallback</title><meta property="og:title" content="Botrt News">
<meta property="og:description" content="Today's links"><meta property="og:image" content="/pic.png"></head><body>hi</body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, buf.Bytes()
}

// previewWorld runs previewBot with config (JS object entries) against a
// simulator, with loopback pages allowed for previews, and returns the world,
// a person talking to the bot and the bot's jid.
func previewWorld(t *testing.T, config string) (*world, *testkit.Client) {
	t.Helper()
	client := fetch.GuardedClient(true)
	t.Cleanup(client.CloseIdleConnections)
	w := startWorld(t, map[string]string{"bot.js": strings.Replace(previewBot, "CONFIG", config, 1)}, false,
		func(c *baileys.Config) { c.LinkPreviewHTTP = client })
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	t.Cleanup(func() { w.settle(t, alice) })
	return w, alice
}

// received waits until the person got the bot's "see <url>" text.
func received(t *testing.T, alice *testkit.Client, url string) *events.Message {
	t.Helper()
	return alice.WaitMessage(t, func(e *events.Message) bool {
		return e.Message.GetExtendedTextMessage().GetText() == "see "+url
	})
}

// TestLinkPreview: a text with a URL reaches a person with the page's title,
// description and a thumbnail at linkPreviewImageThumbnailWidth; linkPreview:
// null sends it without, and so does an unreachable page.
func TestLinkPreview(t *testing.T) {
	runtimetest.NoLeaks(t)
	page, _ := previewPage(t)
	w, alice := previewWorld(t, "linkPreviewImageThumbnailWidth: 120")
	bot := w.session(t, "auth_info").Status().Me.ID.ToNonAD().String()

	w.command(t, alice, bot, "!pv "+page.URL)
	w.waitLog(t, "SENT !pv title=Botrt News thumb=", " hq=false")
	et := received(t, alice, page.URL).Message.GetExtendedTextMessage()
	if et.GetTitle() != "Botrt News" || et.GetDescription() != "Today's links" || et.GetMatchedText() != page.URL || et.GetThumbnailDirectPath() != "" {
		t.Fatalf("preview: %v", et)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(et.GetJPEGThumbnail()))
	if err != nil || thumb.Bounds().Dx() != 120 || thumb.Bounds().Dy() != 60 {
		t.Fatalf("thumbnail: %v %v", err, thumb)
	}

	w.command(t, alice, bot, "!null "+page.URL)
	w.waitLog(t, "SENT !null title=undefined thumb=0 hq=false")

	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL := gone.URL + "/x"
	gone.Close()
	w.command(t, alice, bot, "!pv "+goneURL)
	w.waitLog(t, "SENT !pv title=undefined thumb=0 hq=false")
	w.waitLog(t, "link preview not generated", "connection refused")
	if et := received(t, alice, goneURL).Message.GetExtendedTextMessage(); et.GetTitle() != "" || et.GetJPEGThumbnail() != nil {
		t.Fatalf("unreachable page: %v", et)
	}
}

// TestLinkPreviewHighQuality: with generateHighQualityLinkPreview the page's
// image is uploaded as the link thumbnail, which the person downloads from
// the simulator's media host intact.
func TestLinkPreviewHighQuality(t *testing.T) {
	runtimetest.NoLeaks(t)
	page, pic := previewPage(t)
	w, alice := previewWorld(t, "generateHighQualityLinkPreview: true")
	bot := w.session(t, "auth_info").Status().Me.ID.ToNonAD().String()

	w.command(t, alice, bot, "!pv "+page.URL)
	w.waitLog(t, "SENT !pv title=Botrt News thumb=", " hq=true")
	et := received(t, alice, page.URL).Message.GetExtendedTextMessage()
	if et.GetThumbnailWidth() != 300 || et.GetThumbnailHeight() != 150 || len(et.GetMediaKey()) != 32 {
		t.Fatalf("hq preview: %v", et)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(et.GetJPEGThumbnail()))
	if err != nil || thumb.Bounds().Dx() != 192 {
		t.Fatalf("inline thumbnail at the default width: %v %v", err, thumb)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	data, err := alice.WA.DownloadThumbnail(ctx, et)
	if err != nil || !bytes.Equal(data, pic) {
		t.Fatalf("download hq thumbnail: %d bytes, %v", len(data), err)
	}
}

// TestLinkPreviewPolicy: by default previews keep to the bots' fetch policy,
// so a page on loopback gets none.
func TestLinkPreviewPolicy(t *testing.T) {
	runtimetest.NoLeaks(t)
	page, _ := previewPage(t)
	w := startWorld(t, map[string]string{"bot.js": strings.Replace(previewBot, "CONFIG", "", 1)}, false)
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	t.Cleanup(func() { w.settle(t, alice) })
	w.command(t, alice, s.Status().Me.ID.ToNonAD().String(), "!pv "+page.URL)
	w.waitLog(t, "SENT !pv title=undefined thumb=0 hq=false")
	w.waitLog(t, "link preview not generated", "bots may not connect to loopback")
}

// TestGetUrlInfo: the module's getUrlInfo, extractUrlFromText and
// generateLinkPreviewIfRequired, without a socket.
func TestGetUrlInfo(t *testing.T) {
	runtimetest.NoLeaks(t)
	page, _ := previewPage(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL := gone.URL + "/x"
	gone.Close()
	client := fetch.GuardedClient(true)
	t.Cleanup(client.CloseIdleConnections)
	script := strings.NewReplacer("@PAGE@", page.URL, "@GONE@", goneURL).Replace(`
const { getUrlInfo, extractUrlFromText, generateLinkPreviewIfRequired } = require('@whiskeysockets/baileys')
;(async () => {
  const info = await getUrlInfo('@PAGE@', { thumbnailWidth: 50, fetchOpts: { timeout: 2000, headers: {} }, logger: { warn() {} } })
  console.log('URLINFO ' + JSON.stringify(Object.assign({}, info, { jpegThumbnail: info.jpegThumbnail.length })))
  console.log('NONE ' + String(await getUrlInfo('@PAGE@/plain.txt')))
  try { await getUrlInfo('@GONE@') } catch (e) { console.log('GONE ' + e.output.statusCode) }
  try { await getUrlInfo('@PAGE@', { uploadImage: () => {} }) } catch (e) { console.log('UPLOAD ' + e.output.statusCode) }
  try { await getUrlInfo('@PAGE@', { thumbnailWidth: -3 }) } catch (e) { console.log('WIDTH ' + e.output.statusCode + ' ' + e.message) }
  console.log('EXTRACT ' + extractUrlFromText('see @PAGE@/a. now') + ' ' + extractUrlFromText('none'))
  const lp = await generateLinkPreviewIfRequired('see @GONE@', getUrlInfo, { warn: (o, m) => console.log('WARN ' + m) })
  console.log('GEN ' + lp + ' ' + (await generateLinkPreviewIfRequired('at @PAGE@', getUrlInfo)).title)
})()
`)
	w := startWorld(t, map[string]string{"bot.js": script}, false, func(c *baileys.Config) { c.LinkPreviewHTTP = client })
	line := w.waitLog(t, "URLINFO ")
	want := fmt.Sprintf(`{"canonical-url":%q,"matched-text":%q,"title":"Botrt News","description":"Today's links","originalThumbnailUrl":%q,"jpegThumbnail":`,
		page.URL, page.URL, page.URL+"/pic.png")
	if !strings.Contains(line, want) {
		t.Fatalf("getUrlInfo: %s\nwant %s", line, want)
	}
	w.waitLog(t, "NONE undefined")
	w.waitLog(t, "GONE 400")
	w.waitLog(t, "UPLOAD 501")
	w.waitLog(t, "WIDTH 400 ", "opts.thumbnailWidth")
	w.waitLog(t, "EXTRACT "+page.URL+"/a undefined")
	w.waitLog(t, "WARN url generation failed")
	w.waitLog(t, "GEN undefined Botrt News")
}
