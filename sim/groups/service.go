package groups

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// Service holds the group state of one server.
type Service struct {
	srv *server.Server
	db  *badger.DB
	acc *accounts.Registry
	// mu serialises every read-modify-write of a group, so concurrent changes never lose each other and
	// badger never aborts a transaction on conflict.
	mu sync.Mutex
}

// Register creates the service and installs its handlers on srv: the w:g2 iq namespace, and messages and
// receipts addressed to g.us.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, db: srv.DB(), acc: srv.Accounts()}
	srv.HandleIQ("w:g2", s.handleIQ)
	srv.HandleStanzaTo("message", types.GroupServer, s.handleMessage)
	srv.HandleStanzaTo("receipt", types.GroupServer, s.handleReceipt)
	return s
}

// Get returns a group by JID.
func (s *Service) Get(jid types.JID) (*Group, error) {
	if jid.Server != types.GroupServer {
		return nil, fmt.Errorf("%w: %s is not a group JID", ErrNotFound, jid)
	}
	var g *Group
	err := s.db.View(func(txn *badger.Txn) (err error) {
		g, err = loadGroup(txn, jid.User)
		return err
	})
	return g, err
}

// Create makes a group the way a client's create iq does, with creator as superadmin, and notifies every
// member. Participants may be phone-number or LID JIDs of existing accounts.
func (s *Service) Create(ctx context.Context, creator types.JID, subject string, participants []types.JID) (*Group, error) {
	actor, err := s.acc.Resolve(creator)
	if err != nil {
		return nil, fmt.Errorf("groups: creator %s: %w", creator, err)
	}
	return s.create(ctx, actor, createRequest{subject: subject, participants: participants})
}

// mutate runs fn on the current state of group id and stores the result. fn returns the notification
// children to broadcast (nil for none); it sees a copy, so an error leaves the stored group untouched.
func (s *Service) mutate(id string, fn func(g *Group) error) (prev, next *Group, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.db.Update(func(txn *badger.Txn) error {
		if prev, err = loadGroup(txn, id); err != nil {
			return err
		}
		next = prev.clone()
		if err := fn(next); err != nil {
			return err
		}
		next.Version++
		return saveGroup(txn, prev, next)
	})
	if err != nil {
		return nil, nil, err
	}
	return prev, next, nil
}

func (g *Group) clone() *Group {
	c := *g
	c.Participants = slices.Clone(g.Participants)
	if g.Description != nil {
		d := *g.Description
		c.Description = &d
	}
	return &c
}

// randomDigits returns n random decimal digits.
func randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = byte('0' + d.Int64())
	}
	return string(b)
}

const inviteAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newInviteCode returns a 22-character code like WhatsApp's chat.whatsapp.com links.
func newInviteCode() string {
	b := make([]byte, 22)
	for i := range b {
		d, _ := rand.Int(rand.Reader, big.NewInt(int64(len(inviteAlphabet))))
		b[i] = inviteAlphabet[d.Int64()]
	}
	return string(b)
}
