package profile

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// Privacy categories, as the privacy iq names them.
const (
	PrivacyLastSeen     = "last"
	PrivacyOnline       = "online"
	PrivacyProfile      = "profile"
	PrivacyStatus       = "status"
	PrivacyGroupAdd     = "groupadd"
	PrivacyReadReceipts = "readreceipts"
	PrivacyCallAdd      = "calladd"
	PrivacyMessages     = "messages"
	PrivacyDefense      = "defense"
)

// privacyCategory is one category: its default and the values WhatsApp accepts for it.
type privacyCategory struct {
	def    string
	values []string
}

var audience = []string{"all", "contacts", "contact_blacklist", "none"}

var privacyCategories = map[string]privacyCategory{
	PrivacyLastSeen:     {"all", audience},
	PrivacyOnline:       {"all", []string{"all", "match_last_seen"}},
	PrivacyProfile:      {"all", audience},
	PrivacyStatus:       {"contacts", audience},
	PrivacyGroupAdd:     {"all", audience},
	PrivacyReadReceipts: {"all", []string{"all", "none"}},
	PrivacyCallAdd:      {"all", []string{"all", "known"}},
	PrivacyMessages:     {"all", []string{"all", "contacts"}},
	PrivacyDefense:      {"off", []string{"off", "on_standard"}},
}

// PrivacySettings maps each category to its value.
type PrivacySettings map[string]string

// Privacy returns an account's privacy settings, defaults filled in.
func (s *Service) Privacy(phone string) (PrivacySettings, error) {
	set := PrivacySettings{}
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := getJSON(txn, prefixPrivacy+phone, &set)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("profile: privacy of %s: %w", phone, err)
	}
	for name, c := range privacyCategories {
		if _, ok := set[name]; !ok {
			set[name] = c.def
		}
	}
	return set, nil
}

// validPrivacy is nil when value is allowed for category name.
func validPrivacy(name, value string) error {
	c, ok := privacyCategories[name]
	if !ok {
		return fmt.Errorf("profile: unknown privacy category %q", name)
	}
	if !slices.Contains(c.values, value) {
		return fmt.Errorf("profile: privacy %s cannot be %q (one of %v)", name, value, c.values)
	}
	return nil
}

// SetPrivacy changes some of an account's categories (all validated first, then stored together).
func (s *Service) SetPrivacy(phone string, changes PrivacySettings) error {
	for name, value := range changes {
		if err := validPrivacy(name, value); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		set := PrivacySettings{}
		if _, err := getJSON(txn, prefixPrivacy+phone, &set); err != nil {
			return err
		}
		for name, value := range changes {
			set[name] = value
		}
		return jsonkv.Put(txn, prefixPrivacy+phone, set)
	})
	if err != nil {
		return fmt.Errorf("profile: set privacy of %s: %w", phone, err)
	}
	return nil
}

// handlePrivacy answers <iq xmlns="privacy"> get (<privacy/>) with every category, and set
// (<privacy><category name value/>…</privacy>), which the account's other devices learn through
// account_sync.
func (s *Service) handlePrivacy(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	acct, dev, err := s.actor(iq)
	if err != nil {
		return waBinary.Node{}, err
	}
	req, ok := iq.Node.GetOptionalChildByTag("privacy")
	if !ok {
		return waBinary.Node{}, server.BadRequest("privacy iq without <privacy>")
	}
	switch iq.Type {
	case "get":
		set, err := s.Privacy(acct.Phone)
		if err != nil {
			return waBinary.Node{}, err
		}
		names := make([]string, 0, len(set))
		for name := range set {
			names = append(names, name)
		}
		sort.Strings(names)
		return waBinary.Node{Content: []waBinary.Node{privacyNode(set, names)}}, nil
	case "set":
		changes := PrivacySettings{}
		var names []string
		for _, c := range req.GetChildrenByTag("category") {
			ag := c.AttrGetter()
			name, value := ag.String("name"), ag.String("value")
			if !ag.OK() {
				return waBinary.Node{}, server.BadRequest("privacy category needs name and value")
			}
			if err := validPrivacy(name, value); err != nil {
				return waBinary.Node{}, server.BadRequest("%s", err.Error())
			}
			if _, dup := changes[name]; !dup {
				names = append(names, name)
			}
			changes[name] = value
		}
		if len(changes) == 0 {
			return waBinary.Node{}, server.BadRequest("privacy set without categories")
		}
		if err := s.SetPrivacy(acct.Phone, changes); err != nil {
			return waBinary.Node{}, err
		}
		s.notifyOwnDevices(ctx, acct, dev, privacyNode(changes, names))
		return waBinary.Node{Content: []waBinary.Node{privacyNode(changes, names)}}, nil
	}
	return waBinary.Node{}, server.BadRequest("privacy iq type %q", iq.Type)
}

func privacyNode(set PrivacySettings, names []string) waBinary.Node {
	cats := make([]waBinary.Node, 0, len(names))
	for _, name := range names {
		cats = append(cats, waBinary.Node{Tag: "category", Attrs: waBinary.Attrs{"name": name, "value": set[name]}})
	}
	return waBinary.Node{Tag: "privacy", Content: cats}
}
