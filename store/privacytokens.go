package store

import (
	"context"
	"time"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// Privacy (tc) tokens by the other user's non-AD JID: the token and its unix-second timestamp.

func (s *DeviceStore) tokenKey(user types.JID) []byte {
	return rowKey(s.prefix(famPrivacyToken), user.ToNonAD().String())
}

// PutPrivacyTokens stores (overwrites) the tokens in one transaction.
func (s *DeviceStore) PutPrivacyTokens(ctx context.Context, tokens ...wastore.PrivacyToken) error {
	return s.update(ctx, func(tx *Tx) error {
		for _, t := range tokens {
			v := newRecord(len(t.Token) + 10).bytes(t.Token).int(t.Timestamp.Unix()).done()
			if err := tx.Set(s.tokenKey(t.User), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetPrivacyToken returns the newer of the tokens stored for user and for user's other identity
// (phone number vs LID), or nil, nil. The returned token's User is the JID asked for.
func (s *DeviceStore) GetPrivacyToken(ctx context.Context, user types.JID) (*wastore.PrivacyToken, error) {
	user = user.ToNonAD()
	var best *wastore.PrivacyToken
	err := s.db.View(ctx, func(txn *badger.Txn) error {
		alt, err := s.c.LIDMap.altInTxn(txn, user)
		if err != nil {
			return err
		}
		for _, u := range []types.JID{user, alt} {
			if u.IsEmpty() {
				continue
			}
			v, err := getValue(txn, s.tokenKey(u))
			if err != nil {
				return err
			}
			if v == nil {
				continue
			}
			r := readRecord("privacy token", v)
			t := &wastore.PrivacyToken{User: user, Token: r.bytes("token"), Timestamp: time.Unix(r.int("timestamp"), 0)}
			if err := r.err(); err != nil {
				return err
			}
			if best == nil || t.Timestamp.After(best.Timestamp) {
				best = t
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return best, nil
}
