package groups

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Key layout, all under "sim/groups/":
//
//	sim/groups/g/<id>            Group (JSON)
//	sim/groups/m/<phone>/<id>    membership index (empty value), for the participating list
//	sim/groups/i/<code>          invite code -> id
const (
	prefixGroup  = "sim/groups/g/"
	prefixMember = "sim/groups/m/"
	prefixInvite = "sim/groups/i/"
)

// ErrNotFound is returned (wrapped) for unknown groups and invite codes.
var ErrNotFound = errors.New("groups: not found")

func groupKey(id string) []byte         { return []byte(prefixGroup + id) }
func memberKey(phone, id string) []byte { return []byte(prefixMember + phone + "/" + id) }
func memberPrefix(phone string) []byte  { return []byte(prefixMember + phone + "/") }
func inviteKey(code string) []byte      { return []byte(prefixInvite + code) }

func loadGroup(txn *badger.Txn, id string) (*Group, error) {
	item, err := txn.Get(groupKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: group %s", ErrNotFound, id)
	} else if err != nil {
		return nil, err
	}
	var g Group
	if err := item.Value(func(b []byte) error { return json.Unmarshal(b, &g) }); err != nil {
		return nil, fmt.Errorf("groups: decode %s: %w", id, err)
	}
	return &g, nil
}

// saveGroup writes g and brings the membership and invite indexes in line with prev (nil for a new group).
func saveGroup(txn *badger.Txn, prev, g *Group) error {
	b, err := json.Marshal(g)
	if err != nil {
		return err
	}
	if err := txn.Set(groupKey(g.ID), b); err != nil {
		return err
	}
	if prev != nil {
		for _, p := range prev.Participants {
			if _, still := g.member(p.Phone); !still {
				if err := txn.Delete(memberKey(p.Phone, g.ID)); err != nil {
					return err
				}
			}
		}
		if prev.InviteCode != g.InviteCode {
			if err := txn.Delete(inviteKey(prev.InviteCode)); err != nil {
				return err
			}
		}
	}
	for _, p := range g.Participants {
		if err := txn.Set(memberKey(p.Phone, g.ID), nil); err != nil {
			return err
		}
	}
	return txn.Set(inviteKey(g.InviteCode), []byte(g.ID))
}

func groupOfInvite(txn *badger.Txn, code string) (string, error) {
	item, err := txn.Get(inviteKey(code))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", fmt.Errorf("%w: invite code", ErrNotFound)
	} else if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}

// groupsOf lists the ids of the groups phone is a member of.
func groupsOf(txn *badger.Txn, phone string) []string {
	prefix := memberPrefix(phone)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	var ids []string
	for it.Rewind(); it.Valid(); it.Next() {
		ids = append(ids, string(it.Item().Key()[len(prefix):]))
	}
	return ids
}
