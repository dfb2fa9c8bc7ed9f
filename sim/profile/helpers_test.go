package profile_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"sync"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/sim/testkit"
)

// testJPEG is a w×h JPEG filled with c.
func testJPEG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// download fetches url the way a client of the simulator does (every host routed to it).
func download(t *testing.T, srv *testkit.Server, url string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(testkit.Context(t), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.HTTPClient(srv.Addr).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// messageLog records the texts of every message a client receives, for asserting what never arrived.
type messageLog struct {
	mu    sync.Mutex
	texts []string
}

func logMessages(c *testkit.Client) *messageLog {
	l := &messageLog{}
	c.WA.AddEventHandler(func(evt any) {
		if m, ok := evt.(*events.Message); ok {
			l.mu.Lock()
			l.texts = append(l.texts, m.Message.GetConversation())
			l.mu.Unlock()
		}
	})
	return l
}

func (l *messageLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.texts...)
}

// iqCode is the code of the iq error err wraps, 0 if none (the simulator's 400s carry specific texts,
// which whatsmeow's sentinel errors would not match).
func iqCode(err error) int {
	var iqe *whatsmeow.IQError
	if errors.As(err, &iqe) {
		return iqe.Code
	}
	return 0
}
