package store

import (
	"context"
	"time"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// Per-chat local settings. Muted-until is stored as sqlstore stores it: -1 for MutedForever, 0 for
// not muted, else unix seconds.

type chatSettings struct {
	mutedUntil       int64
	pinned, archived bool
}

func (s *DeviceStore) chatKey(chat types.JID) []byte {
	return rowKey(s.prefix(famChatSettings), chat.String())
}

func loadChatSettings(txn *badger.Txn, key []byte) (cs chatSettings, found bool, err error) {
	v, err := getValue(txn, key)
	if err != nil || v == nil {
		return cs, false, err
	}
	r := readRecord("chat settings", v)
	cs = chatSettings{mutedUntil: r.int("muted_until"), pinned: r.bool("pinned"), archived: r.bool("archived")}
	return cs, true, r.err()
}

// putChatSetting changes one setting of a chat, creating its row with defaults if needed.
func (s *DeviceStore) putChatSetting(ctx context.Context, chat types.JID, change func(*chatSettings)) error {
	return s.update(ctx, func(tx *Tx) error {
		key := s.chatKey(chat)
		cs, _, err := loadChatSettings(tx.Txn, key)
		if err != nil {
			return err
		}
		change(&cs)
		return tx.Set(key, newRecord(12).int(cs.mutedUntil).bool(cs.pinned).bool(cs.archived).done())
	})
}

func (s *DeviceStore) PutMutedUntil(ctx context.Context, chat types.JID, mutedUntil time.Time) error {
	var val int64
	if mutedUntil == wastore.MutedForever {
		val = -1
	} else if !mutedUntil.IsZero() {
		val = mutedUntil.Unix()
	}
	return s.putChatSetting(ctx, chat, func(cs *chatSettings) { cs.mutedUntil = val })
}

func (s *DeviceStore) PutPinned(ctx context.Context, chat types.JID, pinned bool) error {
	return s.putChatSetting(ctx, chat, func(cs *chatSettings) { cs.pinned = pinned })
}

func (s *DeviceStore) PutArchived(ctx context.Context, chat types.JID, archived bool) error {
	return s.putChatSetting(ctx, chat, func(cs *chatSettings) { cs.archived = archived })
}

// GetChatSettings returns Found=false and no error for a chat without settings.
func (s *DeviceStore) GetChatSettings(ctx context.Context, chat types.JID) (settings types.LocalChatSettings, err error) {
	err = s.db.View(ctx, func(txn *badger.Txn) error {
		cs, found, err := loadChatSettings(txn, s.chatKey(chat))
		if err != nil || !found {
			return err
		}
		settings = types.LocalChatSettings{Found: true, Pinned: cs.pinned, Archived: cs.archived}
		if cs.mutedUntil < 0 {
			settings.MutedUntil = wastore.MutedForever
		} else if cs.mutedUntil > 0 {
			settings.MutedUntil = time.Unix(cs.mutedUntil, 0)
		}
		return nil
	})
	return settings, err
}
