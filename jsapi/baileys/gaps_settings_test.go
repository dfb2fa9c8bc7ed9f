package baileys_test

import (
	"context"
	"strings"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestAccountSettings: updateDefaultDisappearingMode stores the account's default message timer in
// the simulator, whose account_sync tells the account's other devices (read here on a raw
// connection: whatsmeow drops that item) and whose usync shows it to contacts;
// updateDisableLinkPreviewsPrivacy is an app-state setting the account's other whatsmeow device
// receives. Bad arguments reject with 400.
func TestAccountSettings(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  await step('timer', () => sock.updateDefaultDisappearingMode(86400))
  await step('oddTimer', () => sock.updateDefaultDisappearingMode(12345))
  await step('badTimer', () => sock.updateDefaultDisappearingMode('a day'))
  await step('previews', () => sock.updateDisableLinkPreviewsPrivacy(true))
  await step('badPreviews', () => sock.updateDisableLinkPreviewsPrivacy('yes'))
`, nil)
	second := w.secondDevice(t, me)
	bot := botJID(t, me)
	// A third device of the account listens on a raw connection.
	third := testkit.NewClient(t, w.srv, testkit.Phone(bot.User))
	testkit.WaitAcked(t, w.srv, third)
	third.Disconnect()
	raw := testkit.DialRawDevice(t, w.srv, third.Device)
	if n := raw.Read(testkit.Timeout); n == nil || n.Tag != "success" {
		t.Fatalf("raw login: %v", n)
	}
	if err := raw.Send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"id": "active", "type": "set", "xmlns": "passive", "to": types.ServerJID},
		Content: []waBinary.Node{{Tag: "active"}}}); err != nil {
		t.Fatal(err)
	}

	w.command(t, alice, me, "!settings")
	for _, want := range [][]string{{"R timer null"}, {"E oddTimer 400"}, {"E badTimer 400", "duration"},
		{"R previews null"}, {"E badPreviews 400", "isPreviewsDisabled"}} {
		w.waitLog(t, want...)
	}
	if d, at, err := w.srv.Profile.DefaultDisappearing(bot.User); err != nil || d != 24*time.Hour || at.IsZero() {
		t.Fatalf("the simulator's default timer of the bot: %v set %v, %v", d, at, err)
	}
	sync := raw.ReadUntil(testkit.Timeout, func(n *waBinary.Node) bool {
		if n.Tag != "notification" || n.Attrs["type"] != "account_sync" {
			return false
		}
		c, ok := n.GetOptionalChildByTag("disappearing_mode")
		return ok && c.AttrGetter().String("duration") == "86400"
	})
	if sync == nil {
		t.Fatal("the account's other device got no account_sync with the default timer")
	}
	// A contact's usync disappearing_mode facet reports the bot's default timer (and 0 for an account
	// that set none), as Baileys' USyncDisappearingModeProtocol reads it.
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	res, err := alice.WA.DangerousInternals().Usync(ctx, []types.JID{bot, alice.UserJID()}, "query", "interactive",
		[]waBinary.Node{{Tag: "disappearing_mode"}})
	if err != nil {
		t.Fatalf("usync: %v", err)
	}
	timers := map[string]string{}
	list := res.GetChildByTag("list")
	for _, u := range list.GetChildren() {
		jid, _ := u.Attrs["jid"].(types.JID)
		dm := u.GetChildByTag("disappearing_mode")
		timers[jid.User] = dm.AttrGetter().OptionalString("duration") + "@" + dm.AttrGetter().OptionalString("t")
	}
	if got := timers[bot.User]; !strings.HasPrefix(got, "86400@") || strings.HasSuffix(got, "@0") {
		t.Fatalf("usync default timer of the bot: %q (all: %v)", got, timers)
	}
	if got := timers[alice.UserJID().User]; got != "0@0" {
		t.Fatalf("usync default timer of a person who set none: %q", got)
	}
	testkit.WaitFor(t, second, func(e *wmevents.AppState) bool {
		return len(e.Index) == 1 && e.Index[0] == "setting_disableLinkPreviews" &&
			e.GetPrivacySettingDisableLinkPreviewsAction().GetIsPreviewsDisabled()
	})
	raw.Close()
	w.settle(t, alice, second)
}
