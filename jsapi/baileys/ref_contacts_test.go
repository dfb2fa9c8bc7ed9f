package baileys_test

import (
	"context"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

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
	aj := alice.UserJID().String()
	for _, want := range [][]string{{"R block null"}, {"R blocked true"}, {"R unblock null"}, {"R unblocked false"},
		{"E badAction 400", "action"}, {"R lastSeen null"}, {"R profilePrivacy null"}, {"E badValue 400"},
		{`R privacy "none,none,all"`}, {"R disappearing null"}, {"E badDuration 400", "duration"}, {"E badCall 400", "callId"}} {
		w.waitLog(t, want...)
	}
	// The person is refused the picture the bot now hides from everyone.
	bot := botJID(t, me)
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

// TestFetchStatusAndBlocklistEvents: a person sets their about text and the bot's fetchStatus
// reports it with setAt as the Date the simulator stored; the bot's blocks and unblocks reach its own
// listeners and a second device of its account as blocklist.update, and a block made on that second
// device reaches the bot; fetchPrivacySettings lists every category the server keeps.
func TestFetchStatusAndBlocklistEvents(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!status') {
    await step('status', () => sock.fetchStatus(jid, '15550000000@s.whatsapp.net').then((l) => l.map((r) =>
      r.id + '|' + r.status.status + '|' + (r.status.setAt instanceof Date) + '|' + r.status.setAt.toISOString())))
    await step('noJid', () => sock.fetchStatus())
  }
  if (cmd === '!block') {
    await step('block', () => sock.updateBlockStatus(jid, 'block'))
    await step('unblock', () => sock.updateBlockStatus(jid, 'unblock'))
    await step('privacy', () => sock.fetchPrivacySettings().then((p) => Object.keys(p).sort().map((k) => k + '=' + p[k]).join(',')))
  }
`, nil, `
  sock.ev.on('blocklist.update', (u) => console.log('BLOCKLIST ' + u.type + ' ' + u.blocklist.join(',')))`)
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	if err := alice.WA.SetStatusMessage(ctx, "Busy"); err != nil {
		t.Fatal(err)
	}
	_, at, err := w.srv.Profile.About(alice.UserJID().User)
	if err != nil {
		t.Fatal(err)
	}
	aj := alice.UserJID().String()
	w.command(t, alice, me, "!status")
	w.waitLog(t, `R status ["`+aj+`|Busy|true|`+at.UTC().Format("2006-01-02T15:04:05.000Z")+`","15550000000@s.whatsapp.net|null|true|1970-01-01T00:00:00.000Z"]`)
	w.waitLog(t, "E noJid 400", "jids")

	// A second device of the bot's account hears the bot's blocks, and the bot hears its.
	bot := botJID(t, me)
	second := testkit.NewClient(t, w.srv, testkit.Phone(bot.User))
	w.command(t, alice, me, "!block")
	w.waitLog(t, "BLOCKLIST add "+aj)
	w.waitLog(t, "BLOCKLIST remove "+aj)
	w.waitLog(t, "R privacy ", "calladd=all,defense=off,groupadd=all,last=all,messages=all,online=all,profile=all,readreceipts=all,status=contacts")
	for _, action := range []wmevents.BlocklistChangeAction{wmevents.BlocklistChangeActionBlock, wmevents.BlocklistChangeActionUnblock} {
		testkit.WaitFor(t, second, func(e *wmevents.Blocklist) bool {
			return len(e.Changes) == 1 && e.Changes[0].JID.ToNonAD() == alice.UserJID() && e.Changes[0].Action == action
		})
	}
	carol := types.NewJID("15550001111", types.DefaultUserServer)
	if _, err := second.WA.UpdateBlocklist(ctx, carol, wmevents.BlocklistChangeActionBlock); err != nil {
		t.Fatal(err)
	}
	w.waitLog(t, "BLOCKLIST add "+carol.String())
	w.settle(t, alice, second)
}
