package groups_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

func users(cs ...*testkit.Client) []types.JID {
	out := make([]types.JID, len(cs))
	for i, c := range cs {
		out[i] = c.UserJID()
	}
	return out
}

func hasUser(list []types.JID, c *testkit.Client) bool {
	return slices.ContainsFunc(list, func(j types.JID) bool { return j.User == c.UserJID().User })
}

// waitGroupChange waits for a w:gp2 notification on group gid that satisfies match.
func waitGroupChange(t *testing.T, c *testkit.Client, gid types.JID, match func(*events.GroupInfo) bool) *events.GroupInfo {
	t.Helper()
	return testkit.WaitFor(t, c, func(e *events.GroupInfo) bool { return e.JID == gid && match(e) })
}

// TestGroupOfFour runs a group through unmodified whatsmeow clients: creation seen by every member,
// messages from each member decrypted by all others (sender keys through skmsg fan-out), receipts back
// to the sender, participant changes and settings as events, permission errors, invite links, and the
// state surviving a server restart.
func TestGroupOfFour(t *testing.T) {
	srv := testkit.NewServer(t)
	a := testkit.NewClient(t, srv, testkit.Name("Ann"))
	b := testkit.NewClient(t, srv, testkit.Name("Ben"))
	c := testkit.NewClient(t, srv, testkit.Name("Cat"))
	d := testkit.NewClient(t, srv, testkit.Name("Dan"))
	all := []*testkit.Client{a, b, c, d}

	info, err := a.WA.CreateGroup(testkit.Context(t), whatsmeow.ReqCreateGroup{Name: "Four", Participants: users(b, c, d)})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if info.Name != "Four" || len(info.Participants) != 4 || info.OwnerJID.User != a.UserJID().User {
		t.Fatalf("created group: %+v", info)
	}
	gid := info.JID
	for _, m := range []*testkit.Client{b, c, d} {
		j := testkit.WaitFor(t, m, func(e *events.JoinedGroup) bool { return e.JID == gid })
		if len(j.Participants) != 4 || j.Name != "Four" {
			t.Fatalf("%s joined %+v", m.Name(), j.GroupInfo)
		}
	}

	// Every member speaks; every other member reads it.
	for _, sender := range all {
		text := "hello from " + sender.Name()
		resp := sender.SendText(t, gid, text)
		for _, r := range all {
			if r == sender {
				continue
			}
			msg := r.WaitMessage(t, testkit.Text(text))
			if msg.Info.Chat != gid || msg.Info.Sender.User != sender.UserJID().User || !msg.Info.IsGroup {
				t.Fatalf("%s got %q with source %+v", r.Name(), text, msg.Info.MessageSource)
			}
		}
		// Clients that never sent presence report delivery as "inactive".
		rcpt := testkit.WaitFor(t, sender, func(r *events.Receipt) bool { return slices.Contains(r.MessageIDs, resp.ID) })
		if rcpt.Chat != gid || rcpt.Sender.User == sender.UserJID().User || rcpt.Type != types.ReceiptTypeInactive {
			t.Fatalf("receipt for %s: %+v", sender.Name(), rcpt.MessageSource)
		}
	}

	// Chat state inside the group reaches the others with the typist as participant.
	if err := c.WA.SendChatPresence(testkit.Context(t), gid, types.ChatPresenceComposing, types.ChatPresenceMediaAudio); err != nil {
		t.Fatal(err)
	}
	cp := testkit.WaitFor(t, a, func(e *events.ChatPresence) bool { return e.Chat == gid })
	if cp.Sender.User != c.UserJID().User || cp.State != types.ChatPresenceComposing || cp.Media != types.ChatPresenceMediaAudio {
		t.Fatalf("group chat presence: %+v", cp)
	}

	// A plain member may not remove anyone.
	if _, err := c.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(d), whatsmeow.ParticipantChangeRemove); !errors.Is(err, whatsmeow.ErrIQForbidden) {
		t.Fatalf("member removing: err = %v, want 403", err)
	}
	// The admin removes Dan: everyone, Dan included, sees him leave.
	res, err := a.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(d), whatsmeow.ParticipantChangeRemove)
	if err != nil || len(res) != 1 || res[0].Error != 0 {
		t.Fatalf("remove: %v %+v", err, res)
	}
	for _, m := range all {
		waitGroupChange(t, m, gid, func(e *events.GroupInfo) bool { return hasUser(e.Leave, d) })
	}
	// Removing him again fails per participant, not as a whole.
	res, err = a.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(d), whatsmeow.ParticipantChangeRemove)
	if err != nil || len(res) != 1 || res[0].Error != 404 {
		t.Fatalf("second remove: %v %+v", err, res)
	}
	if _, err := d.WA.GetGroupInfo(testkit.Context(t), gid); !errors.Is(err, whatsmeow.ErrNotInGroup) {
		t.Fatalf("removed member querying: err = %v", err)
	}

	// Promote Ben; he renames the group and locks it; Cat sees all of it.
	if _, err := a.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(b), whatsmeow.ParticipantChangePromote); err != nil {
		t.Fatal(err)
	}
	waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return hasUser(e.Promote, b) })
	if err := b.WA.SetGroupName(testkit.Context(t), gid, "Three"); err != nil {
		t.Fatal(err)
	}
	ev := waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return e.Name != nil })
	if ev.Name.Name != "Three" || ev.Sender == nil || ev.Sender.User != b.UserJID().User {
		t.Fatalf("rename seen as %+v (sender %v)", ev.Name, ev.Sender)
	}
	if err := b.WA.SetGroupLocked(testkit.Context(t), gid, true); err != nil {
		t.Fatal(err)
	}
	waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return e.Locked != nil && e.Locked.IsLocked })
	if err := c.WA.SetGroupName(testkit.Context(t), gid, "Mine"); !errors.Is(err, whatsmeow.ErrIQForbidden) {
		t.Fatalf("member renaming a locked group: err = %v", err)
	}
	if err := b.WA.SetGroupDescription(testkit.Context(t), gid, "rules: be nice"); err != nil {
		t.Fatal(err)
	}
	ev = waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return e.Topic != nil })
	if ev.Topic.Topic != "rules: be nice" {
		t.Fatalf("topic %+v", ev.Topic)
	}

	// Dan comes back through the invite link; a non-admin cannot see the link.
	if _, err := c.WA.GetGroupInviteLink(testkit.Context(t), gid, false); !errors.Is(err, whatsmeow.ErrGroupInviteLinkUnauthorized) {
		t.Fatalf("member reading invite link: err = %v", err)
	}
	link, err := b.WA.GetGroupInviteLink(testkit.Context(t), gid, false)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := d.WA.GetGroupInfoFromLink(testkit.Context(t), link)
	if err != nil || preview.JID != gid {
		t.Fatalf("link preview: %v %+v", err, preview)
	}
	joined, err := d.WA.JoinGroupWithLink(testkit.Context(t), link)
	if err != nil || joined != gid {
		t.Fatalf("join with link: %v %s", err, joined)
	}
	waitGroupChange(t, a, gid, func(e *events.GroupInfo) bool { return hasUser(e.Join, d) })
	if _, err := d.WA.JoinGroupWithLink(testkit.Context(t), "https://chat.whatsapp.com/nope"); !errors.Is(err, whatsmeow.ErrInviteLinkInvalid) {
		t.Fatalf("bad link: err = %v", err)
	}
	// Resetting the link retires the old one and tells the members.
	newLink, err := b.WA.GetGroupInviteLink(testkit.Context(t), gid, true)
	if err != nil || newLink == link {
		t.Fatalf("reset link: %v, %q (old %q)", err, newLink, link)
	}
	if ev := waitGroupChange(t, a, gid, func(e *events.GroupInfo) bool { return e.NewInviteLink != nil }); *ev.NewInviteLink != newLink {
		t.Fatalf("members told of link %q, want %q", *ev.NewInviteLink, newLink)
	}
	if _, err := d.WA.GetGroupInfoFromLink(testkit.Context(t), link); !errors.Is(err, whatsmeow.ErrInviteLinkInvalid) {
		t.Fatalf("old link after reset: err = %v", err)
	}

	// Cat leaves; Dan's message after rejoining reaches Ann but not Cat.
	if err := c.WA.LeaveGroup(testkit.Context(t), gid); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*testkit.Client{a, d} {
		// Waiting on the sender too: whatsmeow updates its member cache while handling the notification
		// and reads it unlocked in SendMessage (a race inside whatsmeow that -race reports).
		waitGroupChange(t, m, gid, func(e *events.GroupInfo) bool { return hasUser(e.Leave, c) })
	}
	d.SendText(t, gid, "back again")
	a.WaitMessage(t, testkit.Text("back again"))

	// Unknown groups are 404.
	if _, err := a.WA.GetGroupInfo(testkit.Context(t), types.NewJID("120363000000000000", types.GroupServer)); !errors.Is(err, whatsmeow.ErrGroupNotFound) {
		t.Fatalf("unknown group: err = %v", err)
	}

	// The state is in badger: after a server restart the group reads the same.
	testkit.WaitAcked(t, srv, all...)
	srv.Restart(t)
	for _, m := range all {
		testkit.WaitFor[*events.Connected](t, m, nil)
	}
	got, err := b.WA.GetGroupInfo(testkit.Context(t), gid)
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, p := range got.Participants {
		role := ""
		if p.IsSuperAdmin {
			role = "*"
		} else if p.IsAdmin {
			role = "+"
		}
		members = append(members, role+p.JID.User)
	}
	slices.Sort(members)
	want := []string{"*" + a.UserJID().User, "+" + b.UserJID().User, d.UserJID().User}
	slices.Sort(want)
	if got.Name != "Three" || !got.IsLocked || got.Topic != "rules: be nice" || fmt.Sprint(members) != fmt.Sprint(want) {
		t.Fatalf("after restart: name %q locked %v topic %q members %v (want %v)", got.Name, got.IsLocked, got.Topic, members, want)
	}
	joinedGroups, err := d.WA.GetJoinedGroups(testkit.Context(t))
	if err != nil || len(joinedGroups) != 1 || joinedGroups[0].JID != gid {
		t.Fatalf("Dan's groups: %v %+v", err, joinedGroups)
	}
}
