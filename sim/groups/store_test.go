package groups

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/store"
)

// newTestService is a Service with only its state: enough for the storage and mutation paths, which do
// not talk to clients.
func newTestService(t *testing.T) *Service {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Service{db: db.Badger()}
}

func (s *Service) put(t *testing.T, g *Group) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return saveGroup(txn, nil, g) }); err != nil {
		t.Fatal(err)
	}
}

func (s *Service) memberships(t *testing.T, phone string) []string {
	t.Helper()
	var ids []string
	s.db.View(func(txn *badger.Txn) error { ids = groupsOf(txn, phone); return nil })
	return ids
}

// TestConcurrentMutationsKeepEveryChange: concurrent changes to one group are serialised, so none is lost,
// and the membership index follows every one.
func TestConcurrentMutationsKeepEveryChange(t *testing.T) {
	s := newTestService(t)
	s.put(t, &Group{ID: "g1", Subject: "s", InviteCode: "code1", Participants: []Participant{{Phone: "100", Role: RoleSuperAdmin}}})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, _, err := s.mutate("g1", func(g *Group) error {
				g.Participants = append(g.Participants, Participant{Phone: fmt.Sprint(200 + i)})
				return nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	g, err := s.Get(groupJID("g1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Participants) != n+1 || g.Version != n {
		t.Fatalf("%d participants, version %d after %d concurrent adds", len(g.Participants), g.Version, n)
	}
	for i := range n {
		if ids := s.memberships(t, fmt.Sprint(200+i)); !slices.Equal(ids, []string{"g1"}) {
			t.Fatalf("member %d indexed in %v", 200+i, ids)
		}
	}
}

// TestIndexesFollowRemovalAndInviteReset: a failed mutation changes nothing; removing a member drops its
// index entry; a new invite code retires the old one.
func TestIndexesFollowRemovalAndInviteReset(t *testing.T) {
	s := newTestService(t)
	s.put(t, &Group{ID: "g1", Subject: "s", InviteCode: "old", Participants: []Participant{{Phone: "100"}, {Phone: "101"}}})

	if _, _, err := s.mutate("g1", func(g *Group) error {
		g.removeMember("101")
		return errConflict
	}); !errors.Is(err, errConflict) {
		t.Fatalf("mutation error %v", err)
	}
	if g, _ := s.Get(groupJID("g1")); !g.HasMember("101") || g.Version != 0 {
		t.Fatalf("failed mutation left %+v", g)
	}

	if _, _, err := s.mutate("g1", func(g *Group) error {
		g.removeMember("101")
		g.InviteCode = "new"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ids := s.memberships(t, "101"); len(ids) != 0 {
		t.Fatalf("removed member still indexed in %v", ids)
	}
	if ids := s.memberships(t, "100"); !slices.Equal(ids, []string{"g1"}) {
		t.Fatalf("remaining member indexed in %v", ids)
	}
	err := s.db.View(func(txn *badger.Txn) error {
		if _, err := groupOfInvite(txn, "old"); err == nil {
			t.Error("old invite code still resolves")
		}
		id, err := groupOfInvite(txn, "new")
		if err != nil || id != "g1" {
			t.Errorf("new invite code: %q, %v", id, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.mutate("nope", func(*Group) error { return nil }); !errors.Is(mapGroupErr(err), errNoGroup) {
		t.Fatalf("mutating an unknown group: %v", err)
	}
}

func TestEnsureAdmin(t *testing.T) {
	g := &Group{Participants: []Participant{{Phone: "1"}, {Phone: "2"}}}
	if got := ensureAdmin(g); got != "1" || !g.Participants[0].IsAdmin() {
		t.Fatalf("promoted %q: %+v", got, g.Participants)
	}
	if got := ensureAdmin(g); got != "" {
		t.Fatalf("promoted %q although an admin exists", got)
	}
	if got := ensureAdmin(&Group{}); got != "" {
		t.Fatalf("promoted %q in an empty group", got)
	}
}

func groupJID(id string) types.JID { return types.NewJID(id, types.GroupServer) }
