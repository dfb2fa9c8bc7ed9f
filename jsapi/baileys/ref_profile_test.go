package baileys_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/sim/testkit"
)

func TestProfileMethods(t *testing.T) {
	runtimetest.NoLeaks(t)
	var big bytes.Buffer
	src := image.NewRGBA(image.Rect(0, 0, 1000, 800))
	for x := range 1000 {
		for y := range 800 {
			src.Set(x, y, color.RGBA{uint8(x), uint8(y), 0, 255})
		}
	}
	if err := png.Encode(&big, src); err != nil {
		t.Fatal(err)
	}
	w, alice, me := refRun(t, `
  const me = sock.user.id
  if (cmd === '!remove') return step('remove', () => sock.removeProfilePicture(me))
  if (cmd === '!name') {
    await step('name', () => sock.updateProfileName('Robo'))
    return step('named', () => sock.sendMessage(jid, { text: 'named' }).then(() => true))
  }
  await step('pictureFile', () => sock.updateProfilePicture(me, { url: './big.png' }))
  await step('pictureBuffer', () => sock.updateProfilePicture(me, require('fs').readFileSync('big.png')))
  const g = await sock.groupCreate('Pics', [jid])
  await step('groupPicture', () => sock.updateProfilePicture(g.id, { url: './big.png' }).then(() => g.id))
  await step('notImage', () => sock.updateProfilePicture(me, Buffer.from('hello')))
  await step('otherPerson', () => sock.updateProfilePicture(jid, Buffer.from('hello')))
  await step('noKeys', () => sock.updateProfileName('Robo'))
  await step('emptyName', () => sock.updateProfileName(''))
`, map[string]string{"big.png": big.String()})
	for _, want := range [][]string{{"R pictureFile null"}, {"R pictureBuffer null"}, {"R groupPicture ", "@g.us"}, {"E notImage 400", "content"},
		{"E otherPerson 400", "own or a group"}, {"E noKeys 500", "app state"}, {"E emptyName 400", "name"}} {
		w.waitLog(t, want...)
	}
	// The group's member sees its new picture.
	group := w.waitLog(t, "R groupPicture ")
	testkit.WaitFor(t, alice, func(e *events.Picture) bool { return strings.Contains(group, e.JID.String()) && !e.Remove })
	// The person sees a 640x640 JPEG as the bot's picture.
	bot := botJID(t, me)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	info, err := alice.WA.GetProfilePictureInfo(ctx, bot, &whatsmeow.GetProfilePictureParams{})
	if err != nil || info == nil {
		t.Fatalf("picture info: %v %v", info, err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, info.URL, nil)
	res, err := client.HTTPClient(w.srv.Addr).Do(req) // the simulator, never the internet
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := jpeg.Decode(res.Body)
	if err != nil {
		t.Fatalf("picture is not a JPEG: %v", err)
	}
	if b := got.Bounds(); b.Dx() != 640 || b.Dy() != 640 {
		t.Fatalf("picture is %v, want 640x640", b)
	}
	// Removing it leaves the person with no picture to fetch.
	w.command(t, alice, me, "!remove")
	w.waitLog(t, "R remove null")
	testkit.WaitFor(t, alice, func(e *events.Picture) bool { return e.JID.User == bot.User && e.Remove })
	info, err = alice.WA.GetProfilePictureInfo(ctx, bot, &whatsmeow.GetProfilePictureParams{})
	if err == nil && info != nil {
		t.Fatalf("picture still served after removeProfilePicture: %+v", info)
	}
	// With the phone's app-state key the name changes: the simulator stores the
	// patch and the session reads the new name back from app state.
	w.enableAppState(t)
	w.command(t, alice, me, "!name")
	w.waitLog(t, "R name null")
	s := w.session(t, "auth_info")
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var name string
		_ = s.Do(ctx, func(_ context.Context, cli *whatsmeow.Client) error { name = cli.Store.PushName; return nil })
		return name == "Robo"
	}, "the session's push name is Robo")
	w.settle(t, alice)
}
