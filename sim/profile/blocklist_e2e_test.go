package profile_test

import (
	"slices"
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/testkit"
)

// TestBlocklist blocks and unblocks through unmodified whatsmeow clients: the list answers, the account's
// other device gets the account_sync change, and a blocked sender's message is acked but never delivered.
func TestBlocklist(t *testing.T) {
	srv := testkit.NewServer(t)
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))
	ann2 := testkit.NewClient(t, srv, testkit.SameAccount(ann))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	annMessages := logMessages(ann)

	list, err := ann.WA.GetBlocklist(testkit.Context(t))
	if err != nil || len(list.JIDs) != 0 || list.DHash == "" {
		t.Fatalf("empty blocklist %+v %v", list, err)
	}
	emptyHash := list.DHash

	// Blocking by LID keeps the entry under the phone number, like the list WhatsApp returns.
	list, err = ann.WA.UpdateBlocklist(testkit.Context(t), bob.Device.LID.ToNonAD(), events.BlocklistChangeActionBlock)
	if err != nil || !slices.Equal(list.JIDs, []types.JID{bob.UserJID()}) || list.DHash == emptyHash {
		t.Fatalf("after block %+v %v", list, err)
	}
	change := testkit.WaitFor[*events.Blocklist](t, ann2, nil)
	if len(change.Changes) != 1 || change.Changes[0].JID != bob.UserJID() || change.Changes[0].Action != events.BlocklistChangeActionBlock ||
		change.DHash != list.DHash || change.PrevDHash != emptyHash {
		t.Fatalf("blocklist notification %+v", change)
	}
	if got, err := ann2.WA.GetBlocklist(testkit.Context(t)); err != nil || !slices.Equal(got.JIDs, list.JIDs) {
		t.Fatalf("other device's blocklist %+v %v", got, err)
	}

	bob.SendText(t, ann.UserJID(), "let me in") // SendText fails unless the server acks
	if _, err := ann.WA.UpdateBlocklist(testkit.Context(t), bob.UserJID(), events.BlocklistChangeActionUnblock); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, ann2, func(e *events.Blocklist) bool {
		return len(e.Changes) == 1 && e.Changes[0].Action == events.BlocklistChangeActionUnblock
	})
	bob.SendText(t, ann.UserJID(), "unblocked now")
	ann.WaitMessage(t, testkit.Text("unblocked now"))
	if got := annMessages.all(); slices.Contains(got, "let me in") {
		t.Fatalf("blocked message delivered: %q", got)
	}

	// Requests that can never succeed are refused with 400.
	for _, target := range []types.JID{ann.UserJID(), types.NewJID("123", types.GroupServer)} {
		if _, err := ann.WA.UpdateBlocklist(testkit.Context(t), target, events.BlocklistChangeActionBlock); iqCode(err) != 400 {
			t.Fatalf("block %s: %v, want 400", target, err)
		}
	}
	if list, err := ann.WA.GetBlocklist(testkit.Context(t)); err != nil || len(list.JIDs) != 0 || list.DHash != emptyHash {
		t.Fatalf("final blocklist %+v %v", list, err)
	}
}
