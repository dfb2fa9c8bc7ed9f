package baileys_test

import (
	"slices"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// TestGroupAdministration: the bot adds, promotes and removes members, locks and unlocks its group,
// resets its invite link and leaves, while a member watches; then it joins a person's group by link.
func TestGroupAdministration(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  const arg = cmd.split(' ')[1]
  if (cmd.startsWith('!admin')) {
    const g = await sock.groupCreate('Admins', [jid])
    console.log('GROUP ' + g.id)
    await step('add', () => sock.groupParticipantsUpdate(g.id, [arg], 'add'))
    await step('promote', () => sock.groupParticipantsUpdate(g.id, [jid], 'promote'))
    await step('lock', () => sock.groupSettingUpdate(g.id, 'locked'))
    await step('locked', () => sock.groupMetadata(g.id).then((md) => md.restrict))
    await step('unlock', () => sock.groupSettingUpdate(g.id, 'unlocked'))
    await step('unlocked', () => sock.groupMetadata(g.id).then((md) => md.restrict))
    await step('open', () => sock.groupSettingUpdate(g.id, 'not_announcement'))
    const before = await sock.groupInviteCode(g.id)
    const after = await step('revoke', () => sock.groupRevokeInvite(g.id))
    console.log('REVOKED ' + (typeof after === 'string' && after.length > 0 && after !== before))
    await step('remove', () => sock.groupParticipantsUpdate(g.id, [arg], 'remove'))
    await step('leave', () => sock.groupLeave(g.id))
  }
  if (cmd.startsWith('!join')) await step('join', () => sock.groupAcceptInvite(arg))
`, nil)
	bob := testkit.NewClient(t, w.srv, testkit.Name("Bob"))
	bot := botJID(t, me)
	is := func(who types.JID) func(types.JID) bool {
		return func(j types.JID) bool { return j.User == who.User }
	}
	aj, bj := alice.UserJID(), bob.UserJID()

	w.command(t, alice, me, "!admin "+bj.String())
	line := w.waitLog(t, "GROUP ")
	gid, err := types.ParseJID(strings.Fields(line[strings.Index(line, "GROUP ")+6:])[0])
	if err != nil {
		t.Fatal(err)
	}
	change := func(c *testkit.Client, match func(*events.GroupInfo) bool) {
		t.Helper()
		testkit.WaitFor(t, c, func(e *events.GroupInfo) bool { return e.JID == gid && match(e) })
	}
	for _, want := range [][]string{{`R add [{"status":"200","jid":"` + bj.String() + `"}]`}, {`R promote [{"status":"200","jid":"` + aj.String() + `"}]`},
		{"R lock null"}, {"R locked true"}, {"R unlock null"}, {"R unlocked false"}, {"R open null"}, {"REVOKED true"},
		{`R remove [{"status":"200","jid":"` + bj.String() + `"}]`}, {"R leave null"}} {
		w.waitLog(t, want...)
	}
	// The member saw each change.
	change(alice, func(e *events.GroupInfo) bool { return slices.ContainsFunc(e.Join, is(bj)) })
	change(alice, func(e *events.GroupInfo) bool { return slices.ContainsFunc(e.Promote, is(aj)) })
	change(alice, func(e *events.GroupInfo) bool { return e.Locked != nil && e.Locked.IsLocked })
	change(alice, func(e *events.GroupInfo) bool { return e.Locked != nil && !e.Locked.IsLocked })
	change(alice, func(e *events.GroupInfo) bool { return e.NewInviteLink != nil })
	change(alice, func(e *events.GroupInfo) bool { return slices.ContainsFunc(e.Leave, is(bj)) })
	change(alice, func(e *events.GroupInfo) bool { return slices.ContainsFunc(e.Leave, is(bot)) })

	// The person's own group, joined by the bot through its invite link.
	open, err := alice.WA.CreateGroup(testkit.Context(t), whatsmeow.ReqCreateGroup{Name: "Open"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := alice.WA.GetGroupInviteLink(testkit.Context(t), open.JID, false)
	if err != nil {
		t.Fatal(err)
	}
	w.command(t, alice, me, "!join "+link)
	w.waitLog(t, `R join "`+open.JID.String()+`"`)
	testkit.WaitFor(t, alice, func(e *events.GroupInfo) bool { return e.JID == open.JID && slices.ContainsFunc(e.Join, is(bot)) })
	w.settle(t, alice, bob)
}
