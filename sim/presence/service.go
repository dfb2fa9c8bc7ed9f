package presence

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/server"
)

// prefixLastSeen keys an account's last-seen time: sim/presence/last/<phone> -> unix seconds (u64 BE).
const prefixLastSeen = "sim/presence/last/"

// Service tracks presence for one server.
type Service struct {
	srv    *server.Server
	acc    *accounts.Registry
	db     *badger.DB
	groups *groups.Service

	mu        sync.Mutex
	available map[types.JID]bool                       // devices (phone form) that said available
	subs      map[string]map[*server.Session]types.JID // watched phone -> subscriber -> JID form it used
	watching  map[*server.Session]map[string]struct{}  // subscriber -> watched phones, for cleanup
}

// Register creates the service and installs its handlers on srv. grp resolves group members for chat
// states sent to groups; without it (nil) such chat states are refused.
func Register(srv *server.Server, grp *groups.Service) *Service {
	s := &Service{
		srv: srv, acc: srv.Accounts(), db: srv.DB(), groups: grp,
		available: map[types.JID]bool{},
		subs:      map[string]map[*server.Session]types.JID{},
		watching:  map[*server.Session]map[string]struct{}{},
	}
	srv.HandleStanza("presence", s.handlePresence)
	srv.HandleStanza("chatstate", s.handleChatState)
	srv.OnClose(s.sessionClosed)
	return s
}

func (s *Service) handlePresence(ctx context.Context, sess *server.Session, node *waBinary.Node) error {
	dev, _ := sess.Device()
	typ, _ := node.Attrs["type"].(string)
	switch typ {
	case "", "available", "unavailable":
		if name, _ := node.Attrs["name"].(string); name != "" {
			if err := s.setName(dev.User, name); err != nil {
				return err
			}
		}
		return s.setDevice(dev, typ != "unavailable")
	case "subscribe":
		to, ok := node.Attrs["to"].(types.JID)
		if !ok {
			return fmt.Errorf("%w: presence subscribe without to", server.ErrBadRequest)
		}
		return s.subscribe(sess, to)
	case "unsubscribe":
		to, ok := node.Attrs["to"].(types.JID)
		if !ok {
			return fmt.Errorf("%w: presence unsubscribe without to", server.ErrBadRequest)
		}
		if acct, err := s.acc.Resolve(to); err == nil {
			s.unsubscribe(sess, acct.Phone)
		}
		return nil
	}
	return fmt.Errorf("%w: presence type %q", server.ErrBadRequest, typ)
}

// setName records the push name a client announces with its presence; peers see it as notify.
func (s *Service) setName(phone, name string) error {
	acct, err := s.acc.Account(phone)
	if err != nil || acct.Name == name {
		return err
	}
	return s.acc.SetName(phone, name)
}

// setDevice changes one device's availability and, if that changes the account's, tells subscribers.
func (s *Service) setDevice(dev types.JID, available bool) error {
	s.mu.Lock()
	before := s.accountAvailableLocked(dev.User)
	if available {
		s.available[dev] = true
	} else {
		delete(s.available, dev)
	}
	after := s.accountAvailableLocked(dev.User)
	s.mu.Unlock()
	if before == after {
		return nil
	}
	var err error
	if !after {
		err = s.storeLastSeen(dev.User, time.Now())
	}
	s.broadcast(dev.User)
	return err
}

func (s *Service) accountAvailableLocked(phone string) bool {
	for d := range s.available {
		if d.User == phone {
			return true
		}
	}
	return false
}

// Available reports whether any device of the account is available.
func (s *Service) Available(phone string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accountAvailableLocked(phone)
}

// LastSeen is when the account last went unavailable (zero if never).
func (s *Service) LastSeen(phone string) (time.Time, error) {
	var t time.Time
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefixLastSeen + phone))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("presence: corrupt last-seen record of %s", phone)
			}
			t = time.Unix(int64(binary.BigEndian.Uint64(v)), 0)
			return nil
		})
	})
	return t, err
}

func (s *Service) storeLastSeen(phone string, t time.Time) error {
	v := binary.BigEndian.AppendUint64(nil, uint64(t.Unix()))
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(prefixLastSeen+phone), v) }); err != nil {
		return fmt.Errorf("presence: store last seen of %s: %w", phone, err)
	}
	return nil
}

// stateNode is what a subscriber receives about phone, addressed as it subscribed (phone or LID JID).
func (s *Service) stateNode(phone string, as types.JID) *waBinary.Node {
	attrs := waBinary.Attrs{"from": as}
	if !s.Available(phone) {
		attrs["type"] = "unavailable"
		if last, err := s.LastSeen(phone); err == nil && !last.IsZero() {
			attrs["last"] = last.Unix()
		}
	}
	return &waBinary.Node{Tag: "presence", Attrs: attrs}
}

func (s *Service) subscribe(sess *server.Session, to types.JID) error {
	acct, err := s.acc.Resolve(to)
	if errors.Is(err, accounts.ErrNotFound) {
		return nil // WhatsApp stays silent about numbers it does not know
	} else if err != nil {
		return err
	}
	as := to.ToNonAD()
	s.mu.Lock()
	if s.subs[acct.Phone] == nil {
		s.subs[acct.Phone] = map[*server.Session]types.JID{}
	}
	s.subs[acct.Phone][sess] = as
	if s.watching[sess] == nil {
		s.watching[sess] = map[string]struct{}{}
	}
	s.watching[sess][acct.Phone] = struct{}{}
	s.mu.Unlock()
	return sess.Send(s.stateNode(acct.Phone, as))
}

func (s *Service) unsubscribe(sess *server.Session, phone string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs[phone], sess)
	if len(s.subs[phone]) == 0 {
		delete(s.subs, phone)
	}
	delete(s.watching[sess], phone)
}

// broadcast sends phone's current state to its subscribers.
func (s *Service) broadcast(phone string) {
	s.mu.Lock()
	targets := make(map[*server.Session]types.JID, len(s.subs[phone]))
	for sess, as := range s.subs[phone] {
		targets[sess] = as
	}
	s.mu.Unlock()
	for sess, as := range targets {
		_ = sess.Send(s.stateNode(phone, as)) // best effort: a closing connection just misses it
	}
}

// sessionClosed drops the connection's subscriptions and makes its device unavailable.
func (s *Service) sessionClosed(sess *server.Session) {
	s.mu.Lock()
	for phone := range s.watching[sess] {
		delete(s.subs[phone], sess)
		if len(s.subs[phone]) == 0 {
			delete(s.subs, phone)
		}
	}
	delete(s.watching, sess)
	s.mu.Unlock()
	if dev, ok := sess.Device(); ok {
		if err := s.setDevice(dev, false); err != nil {
			s.srv.Logger().Error("presence: device went offline", "device", dev, "err", err)
		}
	}
}
