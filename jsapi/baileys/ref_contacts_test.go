package baileys_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/calls"
	"github.com/botrt/botrt/sim/testkit"
)

func TestBlocklistPrivacyAndCalls(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  await step('block', () => sock.updateBlockStatus(jid, 'block'))
  await step('blocked', () => sock.fetchBlocklist().then((l) => l.includes(jid)))
  await step('unblock', () => sock.updateBlockStatus(jid, 'unblock'))
  await step('unblocked', () => sock.fetchBlocklist().then((l) => l.includes(jid)))
  await step('badAction', () => sock.updateBlockStatus(jid, 'ban'))
  await step('picture', () => sock.updateProfilePicture(sock.user.id, { url: './pic.png' }))
  await step('lastSeen', () => sock.updateLastSeenPrivacy('none'))
  await step('profilePrivacy', () => sock.updateProfilePicturePrivacy('none'))
  await step('badValue', () => sock.updateOnlinePrivacy('nobody-at-all'))
  await step('privacy', () => sock.fetchPrivacySettings(true).then((p) => p.last + ',' + p.profile + ',' + p.readreceipts))
  await step('disappearing', () => sock.updateDefaultDisappearingMode(86400))
  await step('badDuration', () => sock.updateDefaultDisappearingMode('soon'))
  await step('badCall', () => sock.rejectCall('', jid))
`, map[string]string{"pic.png": mustPNG(t)}, `
  sock.ev.on('blocklist.update', (u) => console.log('BLOCKLIST ' + u.type + ' ' + u.blocklist.join(',')))
  sock.ev.on('call', async (calls) => {
    for (const c of calls) if (c.status === 'offer') {
      console.log('CALL ' + c.from)
      await step('rejectCall', () => sock.rejectCall(c.id, c.from))
    }
  })`)
	// The simulator does not serve disappearing_mode (docs/sim-reference.md):
	// the server's 501 reaches the script as a Boom error, never a success.
	aj := alice.UserJID().String()
	for _, want := range [][]string{{"R block null"}, {"R blocked true"}, {"R unblock null"}, {"R unblocked false"},
		{"E badAction 400", "action"}, {"R lastSeen null"}, {"R profilePrivacy null"}, {"E badValue 400"},
		{`R privacy "none,none,all"`}, {"E disappearing 501"}, {"E badDuration 400", "duration"}, {"E badCall 400", "callId"}} {
		w.waitLog(t, want...)
	}
	// The person is refused the picture the bot now hides from everyone.
	bot, _ := types.ParseJID(me)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if info, err := alice.WA.GetProfilePictureInfo(ctx, bot, &whatsmeow.GetProfilePictureParams{}); err == nil && info != nil {
		t.Fatalf("picture served despite profile privacy none: %+v", info)
	}
	// The person calls; the bot's call listener rejects it and the server
	// records the rejection by the bot's device.
	call, err := w.srv.Calls.Offer(ctx, alice.UserJID(), bot, false)
	if err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, "CALL "+aj)
	w.waitLog(t, "R rejectCall null")
	got, err := w.srv.Calls.Wait(ctx, call.ID)
	if err != nil || got.State != calls.StateRejected {
		t.Fatalf("call %+v, %v: want rejected", got, err)
	}
	w.settle(t, alice)
}
