package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

func TestNewsletterMethods(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const [, id, invite] = cmd.split(' ')
  if (cmd.startsWith('!follow')) {
    await step('byInvite', () => sock.newsletterMetadata('invite', invite).then((md) => md.id + ' ' + md.name + ' ' + md.description))
    await step('byJid', () => sock.newsletterMetadata('jid', id).then((md) => md.invite === invite && md.subscribers))
    await step('missing', () => sock.newsletterMetadata('invite', 'NoSuchInvite00'))
    await step('badType', () => sock.newsletterMetadata('name', id))
    await step('notNewsletter', () => sock.newsletterFollow(jid))
    await step('follow', () => sock.newsletterFollow(id))
  }
  if (cmd.startsWith('!unfollow')) await step('unfollow', () => sock.newsletterUnfollow(id))
  if (cmd.startsWith('!subscribe')) await step('subscribe', () => sock.subscribeToNewsLetter(id))
  if (cmd.startsWith('!unsubscribe')) await step('unsubscribe', () => sock.unsubscribeToNewsLetter(id))
`, nil)
	ch, err := w.srv.Channels.Create(alice.UserJID().User, "News", "daily")
	if err != nil {
		t.Fatal(err)
	}
	jid := ch.ID + "@newsletter"
	botPhone := w.session(t, "auth_info").Status().Me.ID.User
	following := func(want bool) {
		t.Helper()
		runtimetest.Eventually(t, testkit.Timeout, func() bool {
			f, err := w.srv.Channels.Following(ch.ID, botPhone)
			return err == nil && (f != nil) == want
		}, "the channel's follower list has the bot: %v", want)
	}
	w.command(t, alice, me, "!follow "+jid+" "+ch.Invite)
	for _, want := range [][]string{{`R byInvite "` + jid + ` News daily"`}, {"R byJid 1"}, {"R missing null"},
		{"E badType 400", "type"}, {"E notNewsletter 400", "newsletter"}, {"R follow null"}} {
		w.waitLog(t, want...)
	}
	following(true)
	w.command(t, alice, me, "!unfollow "+jid)
	w.waitLog(t, "R unfollow null")
	following(false)
	w.command(t, alice, me, "!subscribe "+jid)
	w.waitLog(t, "R subscribe null")
	following(true)
	w.command(t, alice, me, "!unsubscribe "+jid)
	w.waitLog(t, "R unsubscribe null")
	following(false)
	w.settle(t, alice)
}
