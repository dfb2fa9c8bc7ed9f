package profile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// Block actions, as the blocklist iq names them.
const (
	ActionBlock   = "block"
	ActionUnblock = "unblock"
)

// errInvalidBlock marks block requests that can never succeed (bad action, non-user JID, oneself).
var errInvalidBlock = errors.New("invalid block request")

// Blocklist returns the JIDs an account has blocked (phone-number JIDs where the account is known),
// sorted.
func (s *Service) Blocklist(phone string) ([]types.JID, error) {
	var out []types.JID
	prefix := []byte(prefixBlock + phone + "/")
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			jid, err := types.ParseJID(string(bytes.TrimPrefix(it.Item().Key(), prefix)))
			if err != nil {
				return fmt.Errorf("stored blocklist entry: %w", err)
			}
			out = append(out, jid)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("profile: blocklist of %s: %w", phone, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}

// Blocked reports whether the account blocker has blocked the account sender (both phone numbers). The
// relay asks it for every message, so an error counts as not blocked rather than losing messages.
func (s *Service) Blocked(blocker, sender string) bool {
	found := false
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(prefixBlock + blocker + "/" + types.NewJID(sender, types.DefaultUserServer).String()))
		found = err == nil
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		s.srv.Logger().Error("sim/profile: blocked check", "err", err)
	}
	return found
}

// UpdateBlocklist blocks or unblocks jid for the account phone and returns the new list with its hash
// and the hash before. The account's devices other than except learn of it through account_sync.
func (s *Service) UpdateBlocklist(ctx context.Context, phone string, jid types.JID, action string, except types.JID) ([]types.JID, error) {
	if action != ActionBlock && action != ActionUnblock {
		return nil, fmt.Errorf("profile: %w: action %q, want block or unblock", errInvalidBlock, action)
	}
	acct, err := s.reg.Account(phone)
	if err != nil {
		return nil, fmt.Errorf("profile: blocklist: %w", err)
	}
	jid = jid.ToNonAD()
	if jid.Server != types.DefaultUserServer && jid.Server != types.HiddenUserServer {
		return nil, fmt.Errorf("profile: %w: %s is not a user", errInvalidBlock, jid)
	}
	if other, err := s.reg.Resolve(jid); err == nil {
		jid = other.JID() // a known account is kept by phone number, whichever form the client named
	} else if !errors.Is(err, accounts.ErrNotFound) {
		return nil, err
	} else if jid.Server == types.HiddenUserServer {
		return nil, fmt.Errorf("profile: cannot block %s: %w", jid, accounts.ErrNotFound)
	}
	if jid.User == phone {
		return nil, fmt.Errorf("profile: %w: an account cannot block itself", errInvalidBlock)
	}
	s.mu.Lock()
	before, err := s.Blocklist(phone)
	if err == nil {
		err = s.db.Update(func(txn *badger.Txn) error {
			key := []byte(prefixBlock + phone + "/" + jid.String())
			if action == ActionBlock {
				return txn.Set(key, nil)
			}
			return txn.Delete(key)
		})
	}
	var after []types.JID
	if err == nil {
		after, err = s.Blocklist(phone)
	}
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("profile: update blocklist of %s: %w", phone, err)
	}
	s.notifyOwnDevices(ctx, acct, except, waBinary.Node{Tag: "blocklist",
		Attrs:   waBinary.Attrs{"dhash": blocklistHash(after), "prev_dhash": blocklistHash(before)},
		Content: []waBinary.Node{{Tag: "item", Attrs: waBinary.Attrs{"jid": jid, "action": action}}}})
	return after, nil
}

// blocklistHash identifies one state of a blocklist, so clients can tell whether theirs is current.
func blocklistHash(list []types.JID) string {
	h := sha256.New()
	for _, j := range list {
		h.Write([]byte(j.String()))
		h.Write([]byte{0})
	}
	return base64.RawStdEncoding.EncodeToString(h.Sum(nil)[:9])
}

func blocklistNode(list []types.JID) waBinary.Node {
	items := make([]waBinary.Node, len(list))
	for i, j := range list {
		items[i] = waBinary.Node{Tag: "item", Attrs: waBinary.Attrs{"jid": j}}
	}
	return waBinary.Node{Tag: "list", Attrs: waBinary.Attrs{"dhash": blocklistHash(list)}, Content: items}
}

// handleBlocklist answers <iq xmlns="blocklist"> get (the list) and set (<item jid action/>, answered
// with the new list), as whatsmeow's GetBlocklist/UpdateBlocklist and Baileys' fetchBlocklist/
// updateBlockStatus send them.
func (s *Service) handleBlocklist(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	acct, dev, err := s.actor(iq)
	if err != nil {
		return waBinary.Node{}, err
	}
	var list []types.JID
	switch iq.Type {
	case "get":
		list, err = s.Blocklist(acct.Phone)
	case "set":
		item, ok := iq.Node.GetOptionalChildByTag("item")
		if !ok {
			return waBinary.Node{}, server.BadRequest("blocklist set without <item>")
		}
		ag := item.AttrGetter()
		jid, action := ag.JID("jid"), ag.String("action")
		if !ag.OK() {
			return waBinary.Node{}, server.BadRequest("blocklist item needs jid and action")
		}
		list, err = s.UpdateBlocklist(ctx, acct.Phone, jid, action, dev)
		if errors.Is(err, accounts.ErrNotFound) {
			return waBinary.Node{}, server.ErrIQNotFound
		} else if errors.Is(err, errInvalidBlock) {
			return waBinary.Node{}, server.BadRequest("%s", err.Error())
		}
	default:
		return waBinary.Node{}, server.BadRequest("blocklist iq type %q", iq.Type)
	}
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Content: []waBinary.Node{blocklistNode(list)}}, nil
}
