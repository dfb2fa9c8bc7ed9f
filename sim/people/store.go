package people

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/internal/jsonkv"
)

// Key layout, all under "sim/people/":
//
//	p/<phone>          person record (JSON)
//	m/<phone>/<seq>    received message (JSON), seq a big-endian uint64 so keys sort in arrival order
//	i/<phone>/<id>     seq of received message id (dedupe and ?after=)
//	r/<phone>/<id>     raw message sent or received (JSON with the protobuf), for quoting and reacting
//	b/<phone>/<id>     downloaded media of received message id
const (
	prefixPerson = "sim/people/p/"
	prefixMsg    = "sim/people/m/"
	prefixIndex  = "sim/people/i/"
	prefixRaw    = "sim/people/r/"
	prefixBlob   = "sim/people/b/"
)

// record is what survives a restart about a person: enough to reload their whatsmeow device.
type record struct {
	Phone  string    `json:"phone"`
	Name   string    `json:"name"`
	Device types.JID `json:"device"`
}

// rawMessage is a message as the person saw it, kept so that replies can quote it and reactions can
// name its key.
type rawMessage struct {
	Chat   types.JID `json:"chat"`
	Sender types.JID `json:"sender"`
	FromMe bool      `json:"fromMe"`
	Proto  []byte    `json:"proto"`
}

func personKey(phone string) []byte { return []byte(prefixPerson + phone) }

func msgKey(phone string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(prefixMsg+phone+"/"), seq)
}

func indexKey(phone, id string) []byte { return []byte(prefixIndex + phone + "/" + id) }
func rawKey(phone, id string) []byte   { return []byte(prefixRaw + phone + "/" + id) }
func blobKey(phone, id string) []byte  { return []byte(prefixBlob + phone + "/" + id) }

func loadRecords(db *badger.DB) ([]record, error) {
	var out []record
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixPerson), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var rec record
			if err := it.Item().Value(func(val []byte) error { return json.Unmarshal(val, &rec) }); err != nil {
				return fmt.Errorf("person %s: %w", it.Item().Key(), err)
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// lastSeq is the sequence number of the newest received message of phone (0 if none).
func lastSeq(db *badger.DB, phone string) (uint64, error) {
	prefix := []byte(prefixMsg + phone + "/")
	var seq uint64
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true})
		defer it.Close()
		// Reverse iteration starts at the greatest key not above the seek key.
		it.Seek(append(append([]byte{}, prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		if it.Valid() {
			seq = binary.BigEndian.Uint64(it.Item().Key()[len(prefix):])
		}
		return nil
	})
	return seq, err
}

// appendReceived stores msg (and its media) as seq unless a message with its id is already kept; it
// reports whether it stored anything.
func appendReceived(db *badger.DB, phone string, seq uint64, msg *Message, raw *rawMessage, media []byte) (bool, error) {
	stored := false
	err := db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(indexKey(phone, msg.ID)); err == nil {
			return nil // a redelivery: the first copy is kept
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err := jsonkv.Put(txn, msgKey(phone, seq), msg); err != nil {
			return err
		}
		if err := txn.Set(indexKey(phone, msg.ID), binary.BigEndian.AppendUint64(nil, seq)); err != nil {
			return err
		}
		if err := jsonkv.Put(txn, rawKey(phone, msg.ID), raw); err != nil {
			return err
		}
		if media != nil {
			if err := txn.Set(blobKey(phone, msg.ID), media); err != nil {
				return err
			}
		}
		stored = true
		return nil
	})
	return stored, err
}

func putRaw(db *badger.DB, phone, id string, raw *rawMessage) error {
	return db.Update(func(txn *badger.Txn) error { return jsonkv.Put(txn, rawKey(phone, id), raw) })
}

// getRaw returns the raw message id of phone, or ErrUnknownMessage.
func getRaw(db *badger.DB, phone, id string) (*rawMessage, error) {
	var raw rawMessage
	err := db.View(func(txn *badger.Txn) error { return jsonkv.Get(txn, rawKey(phone, id), &raw) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownMessage, id)
	}
	return &raw, err
}

// listReceived returns the received messages of phone after message id after ("" = from the first).
func listReceived(db *badger.DB, phone, after string) ([]Message, error) {
	out := []Message{}
	err := db.View(func(txn *badger.Txn) error {
		prefix := []byte(prefixMsg + phone + "/")
		start := prefix
		if after != "" {
			item, err := txn.Get(indexKey(phone, after))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return fmt.Errorf("%w: %q", ErrUnknownMessage, after)
			} else if err != nil {
				return err
			}
			seq, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			start = msgKey(phone, binary.BigEndian.Uint64(seq)+1)
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
		defer it.Close()
		for it.Seek(start); it.Valid(); it.Next() {
			var m Message
			if err := it.Item().Value(func(val []byte) error { return json.Unmarshal(val, &m) }); err != nil {
				return fmt.Errorf("message %x: %w", it.Item().Key(), err)
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// getMedia returns the downloaded media of received message id and the message it belongs to.
func getMedia(db *badger.DB, phone, id string) (*Message, []byte, error) {
	var msg Message
	var data []byte
	err := db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(indexKey(phone, id))
		if err != nil {
			return err
		}
		seq, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := jsonkv.Get(txn, msgKey(phone, binary.BigEndian.Uint64(seq)), &msg); err != nil {
			return err
		}
		item, err = txn.Get(blobKey(phone, id))
		if err != nil {
			return err
		}
		data, err = item.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil, fmt.Errorf("%w: no media for %q", ErrUnknownMessage, id)
	}
	return &msg, data, err
}
