package store

import (
	"context"

	"github.com/dgraph-io/badger/v4"
)

// Group sender keys, keyed group 0x00 sender address.

func (s *DeviceStore) PutSenderKey(ctx context.Context, group, user string, session []byte) error {
	if err := checkKeyParts("group", group); err != nil {
		return err
	}
	return s.update(ctx, func(tx *Tx) error {
		return tx.Set(rowKey(s.prefix(famSenderKey), group, user), session)
	})
}

// GetSenderKey returns nil, nil when there is none.
func (s *DeviceStore) GetSenderKey(ctx context.Context, group, user string) (key []byte, err error) {
	if err := checkKeyParts("group", group); err != nil {
		return nil, err
	}
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		key, err = getValue(txn, rowKey(s.prefix(famSenderKey), group, user))
		return err
	})
	return key, err
}
