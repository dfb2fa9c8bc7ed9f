package groups_test

import (
	"errors"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestGroupSettingsDevicesAndOffline covers what the four-member test does not: several devices per
// account (each gets the message, the sender's other device sees it as its own), announcement mode,
// disappearing timers, add mode, stale description edits, and a member who was offline receiving both
// the messages and the notifications it missed.
func TestGroupSettingsDevicesAndOffline(t *testing.T) {
	srv := testkit.NewServer(t)
	a := testkit.NewClient(t, srv, testkit.Name("Ann"))
	b := testkit.NewClient(t, srv, testkit.Name("Ben"))
	b2 := testkit.NewClient(t, srv, testkit.SameAccount(b))
	c := testkit.NewClient(t, srv, testkit.Name("Cat"))

	info, err := a.WA.CreateGroup(testkit.Context(t), whatsmeow.ReqCreateGroup{Name: "Settings", Participants: users(b),
		GroupAnnounce: types.GroupAnnounce{IsAnnounce: true}})
	if err != nil {
		t.Fatal(err)
	}
	gid := info.JID
	if !info.IsAnnounce {
		t.Fatal("created without announcement mode")
	}
	testkit.WaitFor(t, b2, func(e *events.JoinedGroup) bool { return e.JID == gid })

	// Only admins may speak in announcement mode.
	if _, err := b.WA.SendMessage(testkit.Context(t), gid, textMessage("may I?")); !errors.Is(err, whatsmeow.ErrServerReturnedError) {
		t.Fatalf("member speaking in announce mode: err = %v", err)
	}
	a.SendText(t, gid, "announcement")
	for _, m := range []*testkit.Client{b, b2} {
		m.WaitMessage(t, testkit.Text("announcement"))
	}
	if err := a.WA.SetGroupAnnounce(testkit.Context(t), gid, false); err != nil {
		t.Fatal(err)
	}
	waitGroupChange(t, b2, gid, func(e *events.GroupInfo) bool { return e.Announce != nil && !e.Announce.IsAnnounce })
	testkit.WaitFor(t, b, func(e *events.GroupInfo) bool { return e.Announce != nil })

	// Ben's own second device sees his message as from itself.
	sent := b.SendText(t, gid, "from ben")
	if m := b2.WaitMessage(t, testkit.Text("from ben")); !m.Info.IsFromMe || m.Info.Chat != gid {
		t.Fatalf("own-device copy: %+v", m.Info.MessageSource)
	}
	got := a.WaitMessage(t, testkit.Text("from ben"))
	// Ann reads it: both of Ben's devices get the read receipt naming Ann.
	if err := a.WA.MarkRead(testkit.Context(t), []types.MessageID{sent.ID}, time.Now(), gid, got.Info.Sender); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*testkit.Client{b, b2} {
		r := m.WaitReceipt(t, sent.ID, string(types.ReceiptTypeRead))
		if r.Chat != gid || r.Sender.User != a.UserJID().User {
			t.Fatalf("%s: read receipt %+v", m.Name(), r.MessageSource)
		}
	}

	// Anyone may add once the add mode allows it; Cat hears about her own addition.
	if _, err := b.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(c), whatsmeow.ParticipantChangeAdd); !errors.Is(err, whatsmeow.ErrIQForbidden) {
		t.Fatalf("member adding in admin_add mode: err = %v", err)
	}
	if err := a.WA.SetGroupMemberAddMode(testkit.Context(t), gid, types.GroupMemberAddModeAllMember); err != nil {
		t.Fatal(err)
	}
	if res, err := b.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(c), whatsmeow.ParticipantChangeAdd); err != nil || res[0].Error != 0 {
		t.Fatalf("member adding in all_member_add mode: %v %+v", err, res)
	}
	waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return hasUser(e.Join, c) })
	if res, err := b.WA.UpdateGroupParticipants(testkit.Context(t), gid, users(c), whatsmeow.ParticipantChangeAdd); err != nil || res[0].Error != 409 {
		t.Fatalf("adding a member twice: %v %+v", err, res)
	}

	// Disappearing messages: only the offered timers are accepted.
	if err := a.WA.SetDisappearingTimer(testkit.Context(t), gid, time.Hour, time.Time{}); !errors.Is(err, whatsmeow.ErrInvalidDisappearingTimer) {
		t.Fatalf("1h timer: err = %v", err)
	}
	if err := a.WA.SetDisappearingTimer(testkit.Context(t), gid, 24*time.Hour, time.Time{}); err != nil {
		t.Fatal(err)
	}
	ev := waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return e.Ephemeral != nil })
	if !ev.Ephemeral.IsEphemeral || ev.Ephemeral.DisappearingTimer != 24*3600 {
		t.Fatalf("ephemeral change %+v", ev.Ephemeral)
	}

	// A description edit based on a stale version is refused with 409.
	if err := a.WA.SetGroupTopic(testkit.Context(t), gid, "", "", "first"); err != nil {
		t.Fatal(err)
	}
	var iqErr *whatsmeow.IQError
	if err := a.WA.SetGroupTopic(testkit.Context(t), gid, "STALE", "", "second"); !errors.As(err, &iqErr) || iqErr.Code != 409 {
		t.Fatalf("stale description edit: err = %v", err)
	}

	// Cat goes offline; what happens meanwhile reaches her when she is back.
	testkit.WaitAcked(t, srv, c)
	c.Disconnect()
	a.SendText(t, gid, "while you were out")
	if err := a.WA.SetGroupName(testkit.Context(t), gid, "Renamed"); err != nil {
		t.Fatal(err)
	}
	c.Connect(t)
	if m := c.WaitMessage(t, testkit.Text("while you were out")); m.Info.Sender.User != a.UserJID().User {
		t.Fatalf("offline message from %s", m.Info.Sender)
	}
	waitGroupChange(t, c, gid, func(e *events.GroupInfo) bool { return e.Name != nil && e.Name.Name == "Renamed" })
}

func textMessage(s string) *waE2E.Message { return &waE2E.Message{Conversation: &s} }
