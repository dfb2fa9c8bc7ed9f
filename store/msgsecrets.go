package store

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// Message secrets (polls, reactions, edits), keyed chat 0x00 sender 0x00 message ID with both
// JIDs in non-AD form. Every insert also writes an insertion-order index row
// (mq: time(8, big-endian) chat 0x00 sender 0x00 id) used by the retention cap.

func (s *DeviceStore) secretKey(chat, sender types.JID, id types.MessageID) []byte {
	return rowKey(s.prefix(famMsgSecret), chat.String(), sender.String(), id)
}

// putSecret inserts a secret unless the same (chat, sender, id) is already stored.
func (s *DeviceStore) putSecret(tx *Tx, ins wastore.MessageSecretInsert) error {
	chat, sender := ins.Chat.ToNonAD(), ins.Sender.ToNonAD()
	if err := checkKeyParts("JID", chat.String(), sender.String()); err != nil {
		return err
	}
	key := s.secretKey(chat, sender, ins.ID)
	if found, err := exists(tx.Txn, key); err != nil || found {
		return err
	}
	if err := tx.Set(key, ins.Secret); err != nil {
		return err
	}
	seq := concat(s.prefix(famMsgSecretSeq), be64(uint64(s.c.now().UnixNano())), key[len(s.prefix(famMsgSecret)):])
	return tx.Set(seq, nil)
}

// PutMessageSecrets inserts many secrets; each stands alone, so outside of a caller's transaction
// a batch too big for one transaction is committed in parts.
func (s *DeviceStore) PutMessageSecrets(ctx context.Context, inserts []wastore.MessageSecretInsert) error {
	if len(inserts) == 0 {
		return nil
	}
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	return s.db.putEach(ctx, "put message secrets", len(inserts), true, func(tx *Tx, i int) error {
		return s.putSecret(tx, inserts[i])
	})
}

func (s *DeviceStore) PutMessageSecret(ctx context.Context, chat, sender types.JID, id types.MessageID, secret []byte) error {
	return s.update(ctx, func(tx *Tx) error {
		return s.putSecret(tx, wastore.MessageSecretInsert{Chat: chat, Sender: sender, ID: id, Secret: secret})
	})
}

// GetMessageSecret finds a secret by chat, sender and ID, where chat and sender may each be given
// as the phone-number or the LID identity of the one stored (through the LID map). It returns the
// secret and the sender as stored, or nil and the empty JID.
func (s *DeviceStore) GetMessageSecret(ctx context.Context, chat, sender types.JID, id types.MessageID) (secret []byte, realSender types.JID, err error) {
	chat, sender = chat.ToNonAD(), sender.ToNonAD()
	if err := checkKeyParts("JID", chat.String(), sender.String()); err != nil {
		return nil, types.EmptyJID, err
	}
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		altChat, err := s.c.LIDMap.altInTxn(txn, chat)
		if err != nil {
			return err
		}
		altSender, err := s.c.LIDMap.altInTxn(txn, sender)
		if err != nil {
			return err
		}
		for _, c := range []types.JID{chat, altChat} {
			for _, snd := range []types.JID{sender, altSender} {
				if c.IsEmpty() || snd.IsEmpty() {
					continue
				}
				v, err := getValue(txn, s.secretKey(c, snd, id))
				if err != nil {
					return err
				}
				if v != nil {
					secret, realSender = v, snd
					return errStopLookup
				}
			}
		}
		return nil
	})
	if errors.Is(err, errStopLookup) {
		err = nil
	}
	return secret, realSender, err
}

// errStopLookup ends a lookup loop inside a View callback once the row is found.
var errStopLookup = errors.New("found")
