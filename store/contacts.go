package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/util/exslices"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// Contacts: names from the address book, push and business names, redacted phone numbers.
//
// PutPushName and PutBusinessName run for nearly every incoming message, so lookups are cached per
// device (found and not-found alike) and a name that did not change costs no database access. The
// cache is changed only once a write is known to be committed: directly after our own commit, or,
// inside a caller's transaction, dropped now and again when that transaction commits.

func encodeContact(c *types.ContactInfo) []byte {
	return newRecord(64).str(c.FirstName).str(c.FullName).str(c.PushName).str(c.BusinessName).str(c.RedactedPhone).done()
}

func decodeContact(v []byte) (types.ContactInfo, error) {
	r := readRecord("contact", v)
	c := types.ContactInfo{
		Found:         true,
		FirstName:     r.str("first_name"),
		FullName:      r.str("full_name"),
		PushName:      r.str("push_name"),
		BusinessName:  r.str("business_name"),
		RedactedPhone: r.str("redacted_phone"),
	}
	return c, r.err()
}

func (s *DeviceStore) contactKey(user types.JID) []byte {
	return rowKey(s.prefix(famContact), user.String())
}

// loadContact reads a contact from the database (Found=false when absent).
func (s *DeviceStore) loadContact(txn *badger.Txn, user types.JID) (types.ContactInfo, error) {
	v, err := getValue(txn, s.contactKey(user))
	if err != nil || v == nil {
		return types.ContactInfo{}, err
	}
	return decodeContact(v)
}

// cachedContact returns the cached contact, loading it first if needed. Hold contactLock.
func (s *DeviceStore) cachedContact(ctx context.Context, user types.JID) (*types.ContactInfo, error) {
	if c, ok := s.contactCache[user]; ok {
		return c, nil
	}
	var info types.ContactInfo
	err := s.db.View(ctx, func(txn *badger.Txn) (err error) {
		info, err = s.loadContact(txn, user)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !s.db.inTxn(ctx) { // a caller's transaction may see rows that never commit
		s.contactCache[user] = &info
	}
	return &info, nil
}

// setContact applies change to the stored contact (creating it if absent) and, once committed, to
// the cache. Hold contactLock.
func (s *DeviceStore) setContact(ctx context.Context, user types.JID, change func(c *types.ContactInfo)) error {
	err := s.update(ctx, func(tx *Tx) error {
		c, err := s.loadContact(tx.Txn, user)
		if err != nil {
			return err
		}
		change(&c)
		return tx.Set(s.contactKey(user), encodeContact(&c))
	})
	if err != nil {
		return err
	}
	s.invalidateOrApply(ctx, user, change)
	return nil
}

// invalidateOrApply updates the cached contact after a committed write, or drops it when the write
// is part of a caller's transaction. Hold contactLock.
func (s *DeviceStore) invalidateOrApply(ctx context.Context, user types.JID, change func(c *types.ContactInfo)) {
	if s.db.inTxn(ctx) {
		s.dropContacts(ctx, user)
		return
	}
	if c, ok := s.contactCache[user]; ok {
		change(c)
		c.Found = true
	}
}

// dropContacts removes users from the cache now and, if ctx carries a transaction, again when it
// commits (a read in between may have cached the old row). Hold contactLock.
func (s *DeviceStore) dropContacts(ctx context.Context, users ...types.JID) {
	for _, u := range users {
		delete(s.contactCache, u)
	}
	s.db.onCommit(ctx, func() {
		s.contactLock.Lock()
		defer s.contactLock.Unlock()
		for _, u := range users {
			delete(s.contactCache, u)
		}
	})
}

// PutPushName stores a push name; it reports whether it changed and the previous one.
func (s *DeviceStore) PutPushName(ctx context.Context, user types.JID, pushName string) (bool, string, error) {
	return s.putName(ctx, user, pushName, func(c *types.ContactInfo) *string { return &c.PushName })
}

// PutBusinessName stores a verified business name; it reports whether it changed and the previous one.
func (s *DeviceStore) PutBusinessName(ctx context.Context, user types.JID, businessName string) (bool, string, error) {
	return s.putName(ctx, user, businessName, func(c *types.ContactInfo) *string { return &c.BusinessName })
}

func (s *DeviceStore) putName(ctx context.Context, user types.JID, name string, field func(*types.ContactInfo) *string) (bool, string, error) {
	s.contactLock.Lock()
	defer s.contactLock.Unlock()
	cached, err := s.cachedContact(ctx, user)
	if err != nil {
		return false, "", err
	}
	previous := *field(cached)
	if previous == name {
		return false, "", nil
	}
	err = s.setContact(ctx, user, func(c *types.ContactInfo) { *field(c) = name })
	if err != nil {
		return false, "", err
	}
	return true, previous, nil
}

// PutContactName stores address-book names. The interface names its parameters (fullName,
// firstName), but whatsmeow passes the first name second and sqlstore stores it that way, so the
// second parameter is the first name here too.
func (s *DeviceStore) PutContactName(ctx context.Context, user types.JID, firstName, fullName string) error {
	s.contactLock.Lock()
	defer s.contactLock.Unlock()
	cached, err := s.cachedContact(ctx, user)
	if err != nil {
		return err
	}
	if cached.FirstName == firstName && cached.FullName == fullName {
		return nil
	}
	return s.setContact(ctx, user, func(c *types.ContactInfo) {
		c.FirstName, c.FullName = firstName, fullName
	})
}

// PutAllContactNames stores many address-book names (the last entry wins for a repeated JID),
// keeping push and business names. Each contact stands alone, so outside of a caller's
// transaction a list too big for one transaction is committed in parts.
func (s *DeviceStore) PutAllContactNames(ctx context.Context, contacts []wastore.ContactEntry) error {
	if len(contacts) == 0 {
		return nil
	}
	contacts = dedupeByJID(s, "PutAllContactNames", contacts, func(t wastore.ContactEntry) types.JID { return t.JID })
	return s.putContactsEach(ctx, "put contact names", len(contacts), func(i int) (types.JID, func(*types.ContactInfo)) {
		e := contacts[i]
		return e.JID, func(c *types.ContactInfo) { c.FirstName, c.FullName = e.FirstName, e.FullName }
	})
}

// PutManyRedactedPhones stores redacted phone numbers (the last entry wins for a repeated JID).
func (s *DeviceStore) PutManyRedactedPhones(ctx context.Context, entries []wastore.RedactedPhoneEntry) error {
	if len(entries) == 0 {
		return nil
	}
	entries = dedupeByJID(s, "PutManyRedactedPhones", entries, func(t wastore.RedactedPhoneEntry) types.JID { return t.JID })
	return s.putContactsEach(ctx, "put redacted phones", len(entries), func(i int) (types.JID, func(*types.ContactInfo)) {
		e := entries[i]
		return e.JID, func(c *types.ContactInfo) { c.RedactedPhone = e.RedactedPhone }
	})
}

// dedupeByJID keeps the last entry of each JID, and logs how many repeats it dropped (as sqlstore does).
func dedupeByJID[T any](s *DeviceStore, method string, entries []T, jid func(T) types.JID) []T {
	n := len(entries)
	entries = exslices.DeduplicateUnsortedOverwriteFunc(entries, jid)
	if n != len(entries) {
		s.c.log.Warnf("%d duplicate contacts found in %s", n-len(entries), method)
	}
	return entries
}

// putContactsEach applies item(i)'s change to each of n contacts, then drops them from the cache.
func (s *DeviceStore) putContactsEach(ctx context.Context, what string, n int, item func(i int) (types.JID, func(*types.ContactInfo))) error {
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	s.contactLock.Lock()
	defer s.contactLock.Unlock()
	err := s.db.putEach(ctx, what, n, true, func(tx *Tx, i int) error {
		user, change := item(i)
		c, err := s.loadContact(tx.Txn, user)
		if err != nil {
			return err
		}
		change(&c)
		return tx.Set(s.contactKey(user), encodeContact(&c))
	})
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	users := make([]types.JID, n)
	for i := range n {
		users[i], _ = item(i)
	}
	s.dropContacts(ctx, users...)
	return nil
}

// GetContact returns Found=false and no error for an unknown contact.
func (s *DeviceStore) GetContact(ctx context.Context, user types.JID) (types.ContactInfo, error) {
	s.contactLock.Lock()
	defer s.contactLock.Unlock()
	c, err := s.cachedContact(ctx, user)
	if err != nil {
		return types.ContactInfo{}, err
	}
	return *c, nil
}

func (s *DeviceStore) GetAllContacts(ctx context.Context) (map[types.JID]types.ContactInfo, error) {
	prefix := s.prefix(famContact)
	out := make(map[types.JID]types.ContactInfo)
	err := s.db.View(ctx, func(txn *badger.Txn) error {
		return scan(txn, prefix, true, func(item *badger.Item) error {
			jid, err := types.ParseJID(string(item.Key()[len(prefix):]))
			if err != nil {
				return fmt.Errorf("%w: contact key: %w", errCorrupt, err)
			}
			return item.Value(func(v []byte) error {
				c, err := decodeContact(v)
				out[jid] = c
				return err
			})
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
