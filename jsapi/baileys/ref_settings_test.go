package baileys_test

import (
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestProfileStatusPictureUrlAndPrivacySetters: the bot's new about text reaches a person, the URL
// profilePictureUrl gives for the bot's own picture is the one the person is served, and each
// update*Privacy setter changes what the simulator then reports for its category.
func TestProfileStatusPictureUrlAndPrivacySetters(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!profile') {
    await step('status', () => sock.updateProfileStatus('at work'))
    await step('picture', () => sock.updateProfilePicture(sock.user.id, { url: './pic.png' }))
    await step('pictureUrl', () => sock.profilePictureUrl(sock.user.id, 'image'))
  }
  if (cmd === '!privacy') {
    for (const [setter, value] of [['updateOnlinePrivacy', 'match_last_seen'], ['updateStatusPrivacy', 'none'],
      ['updateReadReceiptsPrivacy', 'none'], ['updateGroupsAddPrivacy', 'contacts'], ['updateCallPrivacy', 'known'],
      ['updateMessagesPrivacy', 'contacts']]) await step(setter, () => sock[setter](value))
    await step('privacy', () => sock.fetchPrivacySettings(true).then((p) => [p.online, p.status, p.readreceipts, p.groupadd, p.calladd, p.messages].join(',')))
  }
`, map[string]string{"pic.png": mustPNG(t)})
	bot := botJID(t, me)

	w.command(t, alice, me, "!profile")
	for _, want := range []string{"R status null", "R picture null"} {
		w.waitLog(t, want)
	}
	testkit.WaitFor(t, alice, func(e *events.UserAbout) bool { return e.JID.User == bot.User && e.Status == "at work" })
	line := w.waitLog(t, "R pictureUrl ")
	info, err := alice.WA.GetProfilePictureInfo(testkit.Context(t), bot, &whatsmeow.GetProfilePictureParams{})
	if err != nil || info == nil {
		t.Fatalf("the person's picture query: %v %v", info, err)
	}
	if !strings.Contains(line, `R pictureUrl "`+info.URL+`"`) {
		t.Fatalf("profilePictureUrl gave %s; the person is served %s", line, info.URL)
	}

	w.command(t, alice, me, "!privacy")
	w.waitLog(t, `R privacy "match_last_seen,none,none,contacts,known,contacts"`)
	w.settle(t, alice)
}
