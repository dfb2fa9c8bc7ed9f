package protocol

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/store"
)

// The registry maps a session name to the device JID it is paired as, under sess/<name> (value:
// the AD JID string). A session that never paired has no entry.
const registryPrefix = "sess/"

// MaxSessionNameBytes bounds a session name.
const MaxSessionNameBytes = 200

func checkSessionName(name string) error {
	if name == "" || len(name) > MaxSessionNameBytes || strings.ContainsAny(name, "/\x00") || strings.TrimSpace(name) != name {
		return fmt.Errorf("protocol: invalid session name %q (1..%d bytes, no '/', no surrounding spaces)", name, MaxSessionNameBytes)
	}
	return nil
}

type registry struct{ db *store.DB }

// lookup returns the JID stored for name; ok is false if there is none.
func (r registry) lookup(ctx context.Context, name string) (jid types.JID, ok bool, err error) {
	var raw []byte
	err = r.db.View(ctx, func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(registryPrefix + name))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		raw, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return types.JID{}, false, fmt.Errorf("protocol: look up session %s: %w", name, err)
	}
	if raw == nil {
		return types.JID{}, false, nil
	}
	jid, err = types.ParseJID(string(raw))
	if err != nil {
		return types.JID{}, false, fmt.Errorf("protocol: session %s maps to an unparsable JID %q: %w", name, raw, err)
	}
	return jid, true, nil
}

func (r registry) put(ctx context.Context, name string, jid types.JID) error {
	err := r.db.Update(ctx, func(tx *store.Tx) error {
		return tx.Set([]byte(registryPrefix+name), []byte(jid.String()))
	})
	if err != nil {
		return fmt.Errorf("protocol: save session %s as %s: %w", name, jid, err)
	}
	return nil
}

func (r registry) remove(ctx context.Context, name string) error {
	err := r.db.Update(ctx, func(tx *store.Tx) error { return tx.Delete([]byte(registryPrefix + name)) })
	if err != nil {
		return fmt.Errorf("protocol: forget session %s: %w", name, err)
	}
	return nil
}

// all lists every stored name with its JID.
func (r registry) all(ctx context.Context) (map[string]types.JID, error) {
	out := map[string]types.JID{}
	err := r.db.View(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(registryPrefix)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			name := string(item.Key()[len(registryPrefix):])
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			jid, err := types.ParseJID(string(v))
			if err != nil {
				return fmt.Errorf("session %s maps to an unparsable JID %q: %w", name, v, err)
			}
			out[name] = jid
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("protocol: list sessions: %w", err)
	}
	return out, nil
}
