package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"
)

// Signal sessions by remote address.

func (s *DeviceStore) GetSession(ctx context.Context, address string) (session []byte, err error) {
	key := rowKey(s.prefix(famSession), address)
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		session, err = getValue(txn, key)
		return err
	})
	if err == nil {
		sessionReadsOf(ctx).noteRead(key, session)
	}
	return session, err
}

func (s *DeviceStore) HasSession(ctx context.Context, address string) (has bool, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		has, err = exists(txn, rowKey(s.prefix(famSession), address))
		return err
	})
	return has, err
}

// GetManySessions returns an entry for every requested address, nil for those without a session:
// whatsmeow's session cache reads "no session" from a nil entry, and a missing entry would make it
// skip fetching a pre-key bundle.
func (s *DeviceStore) GetManySessions(ctx context.Context, addresses []string) (map[string][]byte, error) {
	if len(addresses) == 0 {
		return nil, nil
	}
	result := make(map[string][]byte, len(addresses))
	prefix := s.prefix(famSession)
	err := s.db.View(ctx, func(txn *badger.Txn) error {
		for _, addr := range addresses {
			v, err := getValue(txn, rowKey(prefix, addr))
			if err != nil {
				return err
			}
			result[addr] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r := sessionReadsOf(ctx); r != nil {
		for addr, v := range result {
			r.noteRead(rowKey(prefix, addr), v)
		}
	}
	return result, nil
}

// PutSession stores one session; under TrackSessionReads it fails with ErrSessionChanged if the
// session changed since it was read.
func (s *DeviceStore) PutSession(ctx context.Context, address string, session []byte) error {
	if r := sessionReadsOf(ctx); r != nil {
		return s.putSessionsChecked(ctx, r, map[string][]byte{address: session})
	}
	return s.update(ctx, func(tx *Tx) error {
		return tx.Set(rowKey(s.prefix(famSession), address), session)
	})
}

// PutManySessions stores the sessions in one transaction. Should they not fit in one (hundreds of
// large sessions after a big group send), outside of a caller's transaction they are committed in
// several: each session is self-consistent, and a partial write is what storing them one by one
// would have left. Under TrackSessionReads they are written in one transaction, and not at all
// (ErrSessionChanged) if any of them changed since it was read.
func (s *DeviceStore) PutManySessions(ctx context.Context, sessions map[string][]byte) error {
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	if r := sessionReadsOf(ctx); r != nil {
		return s.putSessionsChecked(ctx, r, sessions)
	}
	addrs := make([]string, 0, len(sessions))
	for addr := range sessions {
		addrs = append(addrs, addr)
	}
	prefix := s.prefix(famSession)
	return s.db.putEach(ctx, "put sessions", len(addrs), true, func(tx *Tx, i int) error {
		return tx.Set(rowKey(prefix, addrs[i]), sessions[addrs[i]])
	})
}

// DeleteAllSessions deletes the sessions with every device of phone (addresses "phone:*").
func (s *DeviceStore) DeleteAllSessions(ctx context.Context, phone string) error {
	return s.deleteAddressesOf(ctx, famSession, phone)
}

func (s *DeviceStore) DeleteSession(ctx context.Context, address string) error {
	return s.update(ctx, func(tx *Tx) error {
		return tx.Delete(rowKey(s.prefix(famSession), address))
	})
}

// MigratePNToLID moves every session, identity key and sender key of the phone-number user pn to
// the same address under the LID user lid (overwriting what the LID address already has), in one
// transaction. It runs at most once per PN per process, as sqlstore's does: whatsmeow calls it on
// every send and receive where a mapping is known.
func (s *DeviceStore) MigratePNToLID(ctx context.Context, pn, lid types.JID) error {
	pnUser := pn.SignalAddressUser()
	if _, done := s.migratedPNs.Load(pnUser); done {
		return nil
	}
	lidUser := lid.SignalAddressUser()
	var sessions, identities, senderKeys int
	err := s.update(ctx, func(tx *Tx) (err error) {
		if sessions, err = migrateAddresses(tx, s.prefix(famSession), "", pnUser, lidUser); err != nil {
			return fmt.Errorf("migrate sessions: %w", err)
		}
		if identities, err = migrateAddresses(tx, s.prefix(famIdentity), "", pnUser, lidUser); err != nil {
			return fmt.Errorf("migrate identity keys: %w", err)
		}
		if senderKeys, err = migrateSenderKeys(tx, s.prefix(famSenderKey), pnUser, lidUser); err != nil {
			return fmt.Errorf("migrate sender keys: %w", err)
		}
		tx.OnCommit(func() { s.migratedPNs.Store(pnUser, struct{}{}) })
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate %s to %s: %w", pnUser, lidUser, err)
	}
	if sessions > 0 || identities > 0 || senderKeys > 0 {
		s.c.log.Infof("Migrated %d sessions, %d identity keys and %d sender keys from %s to %s", sessions, identities, senderKeys, pnUser, lidUser)
	} else {
		s.c.log.Debugf("No sessions or sender keys found to migrate from %s to %s", pnUser, lidUser)
	}
	return nil
}

// migrateAddresses moves the rows under prefix+head whose address starts with "pnUser:" to the
// same address with lidUser in its place. It returns how many rows moved.
func migrateAddresses(tx *Tx, prefix []byte, head, pnUser, lidUser string) (int, error) {
	from := concat(prefix, []byte(head+pnUser+":"))
	type row struct{ key, val []byte }
	var rows []row
	err := scan(tx.Txn, from, true, func(item *badger.Item) error {
		v, err := item.ValueCopy(nil)
		rows = append(rows, row{item.KeyCopy(nil), v})
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		rest := string(r.key[len(from):]) // the device part after "pnUser:"
		if err := tx.Set(concat(prefix, []byte(head+lidUser+":"+rest)), r.val); err != nil {
			return 0, err
		}
		if err := tx.Delete(r.key); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// migrateSenderKeys migrates sender keys, whose rows are keyed group 0x00 sender: each group is a
// separate address range.
func migrateSenderKeys(tx *Tx, prefix []byte, pnUser, lidUser string) (int, error) {
	groups := map[string]bool{}
	err := scan(tx.Txn, prefix, false, func(item *badger.Item) error {
		rest := string(item.Key()[len(prefix):])
		group, sender, ok := strings.Cut(rest, string(rune(sep)))
		if ok && strings.HasPrefix(sender, pnUser+":") {
			groups[group] = true
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for group := range groups {
		n, err := migrateAddresses(tx, prefix, group+string(rune(sep)), pnUser, lidUser)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
