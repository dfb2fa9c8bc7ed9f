package accounts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/internal/jsonkv"
)

// ErrIdentityChanged is returned when a key upload carries an identity other than the one the device
// paired with: the phone signed that identity, so it cannot change without re-pairing.
var ErrIdentityChanged = errors.New("accounts: identity key differs from the paired one")

// KeyUpload is what a device sends in an encrypt/set iq.
type KeyUpload struct {
	RegistrationID uint32
	IdentityPub    []byte
	SignedPreKey   SignedPreKey
	PreKeys        []PreKey
}

// UploadKeys stores a device's refreshed signed pre-key and adds one-time pre-keys (an id that is
// already stored is overwritten, as a client re-uploading the same batch expects).
func (r *Registry) UploadKeys(jid types.JID, up KeyUpload) error {
	phone, err := r.phoneOf(jid)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.db.Update(func(txn *badger.Txn) error {
		var d Device
		if err := getJSON(txn, deviceKey(phone, jid.Device), &d); err != nil {
			return err
		}
		if len(d.IdentityPub) != 0 && !bytes.Equal(d.IdentityPub, up.IdentityPub) {
			return ErrIdentityChanged
		}
		d.IdentityPub = up.IdentityPub
		d.RegistrationID = up.RegistrationID
		d.SignedPreKey = up.SignedPreKey
		if err := jsonkv.Put(txn, deviceKey(phone, jid.Device), &d); err != nil {
			return err
		}
		for _, pk := range up.PreKeys {
			if err := txn.Set(preKeyKey(phone, jid.Device, pk.ID), pk.Public); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("accounts: upload keys of %s: %w", jid, err)
	}
	return nil
}

// PreKeyCount is how many one-time pre-keys of the device are left.
func (r *Registry) PreKeyCount(jid types.JID) (int, error) {
	n := 0
	err := r.eachPreKey(jid, false, func(PreKey) { n++ })
	return n, err
}

// PreKeys lists the device's remaining one-time pre-keys in id order.
func (r *Registry) PreKeys(jid types.JID) ([]PreKey, error) {
	var out []PreKey
	err := r.eachPreKey(jid, true, func(pk PreKey) { out = append(out, pk) })
	return out, err
}

func (r *Registry) eachPreKey(jid types.JID, values bool, fn func(PreKey)) error {
	phone, err := r.phoneOf(jid)
	if err != nil {
		return err
	}
	prefix := preKeyPrefix(phone, jid.Device)
	return r.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: values})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			pk := PreKey{ID: binary.BigEndian.Uint32(it.Item().Key()[len(prefix):])}
			if values {
				if pk.Public, err = it.Item().ValueCopy(nil); err != nil {
					return err
				}
			}
			fn(pk)
		}
		return nil
	})
}

// TakePreKey removes and returns the device's lowest one-time pre-key, or nil when none is left (a
// bundle without one is still valid, just weaker).
func (r *Registry) TakePreKey(jid types.JID) (*PreKey, error) {
	phone, err := r.phoneOf(jid)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var pk *PreKey
	err = r.db.Update(func(txn *badger.Txn) error {
		prefix := preKeyPrefix(phone, jid.Device)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		it.Rewind()
		if !it.Valid() {
			it.Close()
			return nil
		}
		item := it.Item()
		key := item.KeyCopy(nil)
		pub, err := item.ValueCopy(nil)
		it.Close()
		if err != nil {
			return err
		}
		pk = &PreKey{ID: binary.BigEndian.Uint32(key[len(prefix):]), Public: pub}
		return txn.Delete(key)
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: take pre-key of %s: %w", jid, err)
	}
	return pk, nil
}

func preKeyPrefix(phone string, dev uint16) []byte {
	return append(binary.BigEndian.AppendUint16([]byte(prefixPreKey+phone+"/"), dev), '/')
}

func preKeyKey(phone string, dev uint16, id uint32) []byte {
	return binary.BigEndian.AppendUint32(preKeyPrefix(phone, dev), id)
}
