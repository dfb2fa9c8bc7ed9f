// Package profile serves what an account says about itself: its about text (the status iq), profile
// pictures of accounts and groups (w:profile:picture, with the JPEGs hosted at /pp/<id>), the blocklist
// (which also stops a blocked sender's messages at the relay) and privacy settings. State is kept in
// badger under sim/profile/.
package profile

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// Key layout, all under sim/profile/:
//
//	about/<phone>          aboutEntry
//	pic/<jid>              Picture (jid is an account's phone JID or a group JID)
//	img/<picture id>       JPEG bytes
//	block/<phone>/<jid>    empty: phone has blocked jid
//	privacy/<phone>        map of category to value (only the ones changed from the defaults)
const (
	prefixAbout   = "sim/profile/about/"
	prefixPic     = "sim/profile/pic/"
	prefixImg     = "sim/profile/img/"
	prefixBlock   = "sim/profile/block/"
	prefixPrivacy = "sim/profile/privacy/"
)

// Service holds profiles on one server.
type Service struct {
	srv    *server.Server
	db     *badger.DB
	reg    *accounts.Registry
	groups *groups.Service
	// mu serialises read-modify-write of one account's lists (blocklist, privacy), so concurrent devices
	// never lose each other's changes and badger never aborts on conflict.
	mu    sync.Mutex
	idSeq atomic.Uint64
}

// Register creates the service and installs the status, w:profile:picture, blocklist and privacy iq
// namespaces, the account's default message timer (disappearing_mode) and the picture download route
// on srv. gs answers who administers a group.
func Register(srv *server.Server, gs *groups.Service) *Service {
	s := &Service{srv: srv, db: srv.DB(), reg: srv.Accounts(), groups: gs}
	srv.HandleIQ("status", s.handleStatus)
	srv.HandleIQ("w:profile:picture", s.handlePicture)
	srv.HandleIQ("blocklist", s.handleBlocklist)
	srv.HandleIQ("privacy", s.handlePrivacy)
	srv.HandleIQ("disappearing_mode", s.handleDisappearing)
	srv.HandleHTTP("GET /pp/{id}/{kind}", http.HandlerFunc(s.servePicture))
	return s
}

// actor is the account of the device that sent iq.
func (s *Service) actor(iq *server.IQ) (*accounts.Account, types.JID, error) {
	dev, _ := iq.Session.Device()
	acct, err := s.reg.Account(dev.User)
	if err != nil {
		return nil, dev, fmt.Errorf("profile: account of %s: %w", dev, err)
	}
	return acct, dev, nil
}

func (s *Service) nextID() string { return "profile." + strconv.FormatUint(s.idSeq.Add(1), 10) }

// notifyOwnDevices delivers an account_sync notification to the account's devices other than except,
// through the offline queue: a device that was away must still learn about its account's changes.
func (s *Service) notifyOwnDevices(ctx context.Context, acct *accounts.Account, except types.JID, child waBinary.Node) {
	devs, err := s.reg.Devices(acct.Phone)
	if err != nil {
		s.srv.Logger().Error("sim/profile: devices", "account", acct.Phone, "err", err)
		return
	}
	for _, d := range devs {
		if d.ID == except.Device || d.Virtual() {
			continue
		}
		node := &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"from": acct.JID(), "type": "account_sync",
			"id": s.nextID(), "t": time.Now().Unix()}, Content: []waBinary.Node{child}}
		if err := s.srv.Deliver(ctx, d.JID(), node); err != nil {
			s.srv.Logger().Debug("sim/profile: account_sync not delivered", "device", d.JID(), "err", err)
		}
	}
}

// notifyOthers writes a notification to the connected devices of every other account. The simulator
// keeps no address books, so "contacts" are everyone; it is best-effort like WhatsApp's, whose clients
// ask again (usync, picture get) when they need the current value.
func (s *Service) notifyOthers(acct *accounts.Account, build func() *waBinary.Node) {
	all, err := s.reg.Accounts()
	if err != nil {
		s.srv.Logger().Error("sim/profile: accounts", "err", err)
		return
	}
	for _, other := range all {
		if other.Phone == acct.Phone {
			continue
		}
		for _, sess := range s.srv.Sessions(other.JID()) {
			_ = sess.Send(build())
		}
	}
}

// deliverTo delivers node (built per device, each with its own id) to every companion of the phones.
func (s *Service) deliverTo(ctx context.Context, phones []string, build func() *waBinary.Node) {
	for _, phone := range phones {
		devs, err := s.reg.Devices(phone)
		if err != nil {
			s.srv.Logger().Debug("sim/profile: devices", "account", phone, "err", err)
			continue
		}
		for _, d := range devs {
			if d.Virtual() {
				continue
			}
			if err := s.srv.Deliver(ctx, d.JID(), build()); err != nil {
				s.srv.Logger().Debug("sim/profile: notification not delivered", "device", d.JID(), "err", err)
			}
		}
	}
}

func getJSON(txn *badger.Txn, key string, v any) (bool, error) {
	err := jsonkv.Get(txn, key, v)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// contentText accepts node content a client sent as bytes or as a (tokenised) string.
func contentText(c any) (string, bool) {
	switch v := c.(type) {
	case []byte:
		return string(v), true
	case string:
		return v, true
	case nil:
		return "", true
	}
	return "", false
}
