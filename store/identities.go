package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Identity keys of remote Signal addresses ("<user>[_<agent>]:<device>"), one 32-byte key each.

func (s *DeviceStore) PutIdentity(ctx context.Context, address string, key [32]byte) error {
	return s.update(ctx, func(tx *Tx) error {
		return tx.Set(rowKey(s.prefix(famIdentity), address), key[:])
	})
}

// DeleteAllIdentities deletes the identities of every device of phone (addresses "phone:*").
func (s *DeviceStore) DeleteAllIdentities(ctx context.Context, phone string) error {
	return s.deleteAddressesOf(ctx, famIdentity, phone)
}

func (s *DeviceStore) DeleteIdentity(ctx context.Context, address string) error {
	return s.update(ctx, func(tx *Tx) error {
		return tx.Delete(rowKey(s.prefix(famIdentity), address))
	})
}

// IsTrustedIdentity trusts an address seen for the first time (its key is saved later) and
// otherwise only the key already stored for it.
func (s *DeviceStore) IsTrustedIdentity(ctx context.Context, address string, key [32]byte) (trusted bool, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, rowKey(s.prefix(famIdentity), address))
		switch {
		case err != nil:
			return err
		case v == nil:
			trusted = true
		case len(v) != 32:
			return fmt.Errorf("%w: identity of %s has %d bytes", errCorrupt, address, len(v))
		default:
			trusted = [32]byte(v) == key
		}
		return nil
	})
	return trusted, err
}

// deleteAddressesOf deletes the rows of a family whose address belongs to phone, i.e. starts with
// "phone:" (sqlstore: their_id LIKE phone || ':%').
func (s *DeviceStore) deleteAddressesOf(ctx context.Context, family, phone string) error {
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	return s.db.deletePrefixes(ctx, rowKey(s.prefix(family), phone+":"))
}
