package profile

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// MaxAbout is the longest about text WhatsApp accepts, in characters.
const MaxAbout = 139

type aboutEntry struct {
	Text string `json:"text"`
	At   int64  `json:"t"` // unix seconds
}

// About returns an account's about text and when it was set; an account that never set one reports the
// text it was created with (Account.Status) and its creation time. Unknown accounts are an error
// wrapping accounts.ErrNotFound.
func (s *Service) About(phone string) (string, time.Time, error) {
	var e aboutEntry
	var found bool
	err := s.db.View(func(txn *badger.Txn) (err error) {
		found, err = getJSON(txn, prefixAbout+phone, &e)
		return err
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("profile: about of %s: %w", phone, err)
	}
	if found {
		return e.Text, time.Unix(e.At, 0), nil
	}
	acct, err := s.reg.Account(phone)
	if err != nil {
		return "", time.Time{}, err
	}
	return acct.Status, acct.Created, nil
}

// SetAbout stores an account's about text and tells its contacts (notification type="status").
func (s *Service) SetAbout(ctx context.Context, phone, text string) error {
	if n := utf8.RuneCountInString(text); n > MaxAbout {
		return fmt.Errorf("profile: about text of %d characters, at most %d", n, MaxAbout)
	}
	acct, err := s.reg.Account(phone)
	if err != nil {
		return fmt.Errorf("profile: set about: %w", err)
	}
	now := time.Now().Unix()
	if err := s.db.Update(func(txn *badger.Txn) error {
		return jsonkv.Put(txn, prefixAbout+phone, aboutEntry{Text: text, At: now})
	}); err != nil {
		return fmt.Errorf("profile: set about of %s: %w", phone, err)
	}
	s.notifyOthers(acct, func() *waBinary.Node {
		return &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"from": acct.JID(), "type": "status",
			"id": s.nextID(), "t": now}, Content: []waBinary.Node{{Tag: "set", Content: []byte(text)}}}
	})
	return nil
}

// handleStatus answers <iq xmlns="status" type="set"><status>text</status></iq> (whatsmeow's
// SetStatusMessage, Baileys' updateProfileStatus).
func (s *Service) handleStatus(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	if iq.Type != "set" {
		return waBinary.Node{}, server.BadRequest("status iq must be a set")
	}
	child, ok := iq.Node.GetOptionalChildByTag("status")
	if !ok {
		return waBinary.Node{}, server.BadRequest("status iq without <status>")
	}
	text, ok := contentText(child.Content)
	if !ok {
		return waBinary.Node{}, server.BadRequest("status content must be text")
	}
	if utf8.RuneCountInString(text) > MaxAbout {
		return waBinary.Node{}, server.ErrIQNotAcceptable
	}
	acct, _, err := s.actor(iq)
	if err != nil {
		return waBinary.Node{}, err
	}
	if err := s.SetAbout(ctx, acct.Phone, text); err != nil {
		if errors.Is(err, accounts.ErrNotFound) {
			return waBinary.Node{}, server.ErrIQNotFound
		}
		return waBinary.Node{}, err
	}
	return waBinary.Node{}, nil
}
