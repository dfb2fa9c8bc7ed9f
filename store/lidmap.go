package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// LIDMap is the global, one-to-one map between LID users and phone-number users that all devices
// of a Container share (sqlstore's CachedLIDMap). It is stored both ways (wa/lid/l/<lid> -> pn,
// wa/lid/p/<pn> -> lid) and held entirely in memory after the first use, so lookups never touch
// the database. Results carry the device number of the JID asked about: the caller uses them as
// per-device Signal addresses.
type LIDMap struct {
	db *DB

	mu      sync.RWMutex
	loaded  bool
	pnToLID map[string]string
	lidToPN map[string]string
}

func newLIDMap(db *DB) *LIDMap {
	return &LIDMap{db: db}
}

// FillCache loads the whole map into memory. It happens on first use anyway; calling it at start-up
// moves that cost (and any read error) there.
func (m *LIDMap) FillCache(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.loadLocked(ctx)
}

// loadLocked fills the cache unless it is filled or ctx carries a transaction (whose uncommitted
// rows must not be cached; callers then read from the transaction). Hold mu.
func (m *LIDMap) loadLocked(ctx context.Context) error {
	if m.loaded || m.db.inTxn(ctx) {
		return nil
	}
	pnToLID, lidToPN := map[string]string{}, map[string]string{}
	err := m.db.View(ctx, func(txn *badger.Txn) error {
		return scan(txn, []byte(lidByLID), true, func(item *badger.Item) error {
			lid := string(item.Key()[len(lidByLID):])
			return item.Value(func(v []byte) error {
				pnToLID[string(v)] = lid
				lidToPN[lid] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		return fmt.Errorf("store: load LID map: %w", err)
	}
	m.pnToLID, m.lidToPN, m.loaded = pnToLID, lidToPN, true
	return nil
}

func (m *LIDMap) lookup(ctx context.Context, source types.JID, sourceToTarget func() map[string]string, targetServer string) (types.JID, error) {
	m.mu.RLock()
	if m.loaded {
		defer m.mu.RUnlock()
		return withUser(source, sourceToTarget()[source.User], targetServer), nil
	}
	m.mu.RUnlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.loadLocked(ctx); err != nil {
		return types.EmptyJID, err
	}
	if m.loaded {
		return withUser(source, sourceToTarget()[source.User], targetServer), nil
	}
	return m.lookupInTxn(ctx, source, targetServer)
}

// lookupInTxn reads a mapping from the caller's transaction, bypassing the cache.
func (m *LIDMap) lookupInTxn(ctx context.Context, source types.JID, targetServer string) (out types.JID, err error) {
	err = m.db.View(ctx, func(txn *badger.Txn) error {
		alt, err := m.altInTxn(txn, source)
		out = withUser(source, alt.User, targetServer)
		return err
	})
	return out, err
}

// withUser is source with its user and server replaced, keeping the device; empty if user is "".
func withUser(source types.JID, user, server string) types.JID {
	if user == "" {
		return types.EmptyJID
	}
	return types.JID{User: user, Device: source.Device, Server: server}
}

// GetLIDForPN returns the LID of a phone-number JID (same device number), or the empty JID.
func (m *LIDMap) GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error) {
	if pn.Server != types.DefaultUserServer {
		return types.EmptyJID, fmt.Errorf("invalid GetLIDForPN call with non-PN JID %s", pn)
	}
	return m.lookup(ctx, pn, func() map[string]string { return m.pnToLID }, types.HiddenUserServer)
}

// GetPNForLID returns the phone-number JID of a LID (same device number), or the empty JID.
func (m *LIDMap) GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	if lid.Server != types.HiddenUserServer {
		return types.EmptyJID, fmt.Errorf("invalid GetPNForLID call with non-LID JID %s", lid)
	}
	return m.lookup(ctx, lid, func() map[string]string { return m.lidToPN }, types.DefaultUserServer)
}

// GetManyLIDsForPNs maps each phone-number JID with a known LID to that LID (same device number);
// others, and non-PN JIDs, are left out.
func (m *LIDMap) GetManyLIDsForPNs(ctx context.Context, pns []types.JID) (map[types.JID]types.JID, error) {
	if len(pns) == 0 {
		return nil, nil
	}
	result := make(map[types.JID]types.JID, len(pns))
	for _, pn := range pns {
		if pn.Server != types.DefaultUserServer {
			continue
		}
		lid, err := m.GetLIDForPN(ctx, pn)
		if err != nil {
			return nil, err
		}
		if !lid.IsEmpty() {
			result[pn] = lid
		}
	}
	return result, nil
}

// PutLIDMapping maps lid to pn, replacing any other mapping of either.
func (m *LIDMap) PutLIDMapping(ctx context.Context, lid, pn types.JID) error {
	if lid.Server != types.HiddenUserServer || pn.Server != types.DefaultUserServer {
		return fmt.Errorf("invalid PutLIDMapping call %s/%s", lid, pn)
	}
	return m.putMany(ctx, []wastore.LIDMapping{{LID: lid, PN: pn}})
}

// PutManyLIDMappings stores many mappings, skipping invalid entries; later entries win. Each
// mapping stands alone, so outside of a caller's transaction a list too big for one transaction
// is committed in parts.
func (m *LIDMap) PutManyLIDMappings(ctx context.Context, mappings []wastore.LIDMapping) error {
	valid := make([]wastore.LIDMapping, 0, len(mappings))
	for _, mp := range mappings {
		if mp.LID.Server == types.HiddenUserServer && mp.PN.Server == types.DefaultUserServer {
			valid = append(valid, mp)
		}
	}
	return m.putMany(ctx, valid)
}

func (m *LIDMap) putMany(ctx context.Context, mappings []wastore.LIDMapping) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.loadLocked(ctx); err != nil {
		return err
	}
	if m.loaded {
		mappings = slicesDeleteKnown(mappings, m.pnToLID)
	}
	if len(mappings) == 0 {
		return nil
	}
	err := m.db.putEach(ctx, "put LID mappings", len(mappings), true, func(tx *Tx, i int) error {
		return putMapping(tx, mappings[i].LID.User, mappings[i].PN.User)
	})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	apply := func() {
		for _, mp := range mappings {
			m.applyLocked(mp.LID.User, mp.PN.User)
		}
	}
	if !m.db.onCommit(ctx, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.loaded {
			apply()
		}
	}) && m.loaded {
		apply()
	}
	return nil
}

// slicesDeleteKnown drops mappings the cache already holds, as sqlstore does.
func slicesDeleteKnown(mappings []wastore.LIDMapping, pnToLID map[string]string) []wastore.LIDMapping {
	out := mappings[:0:0]
	for _, mp := range mappings {
		if pnToLID[mp.PN.User] != mp.LID.User {
			out = append(out, mp)
		}
	}
	return out
}

// putMapping writes lid<->pn, first removing the old partner of each so the map stays one-to-one.
func putMapping(tx *Tx, lid, pn string) error {
	oldLID, err := getValue(tx.Txn, []byte(lidByPN+pn))
	if err != nil {
		return err
	}
	if oldLID != nil && string(oldLID) != lid {
		if err := tx.Delete([]byte(lidByLID + string(oldLID))); err != nil {
			return err
		}
	}
	oldPN, err := getValue(tx.Txn, []byte(lidByLID+lid))
	if err != nil {
		return err
	}
	if oldPN != nil && string(oldPN) != pn {
		if err := tx.Delete([]byte(lidByPN + string(oldPN))); err != nil {
			return err
		}
	}
	if err := tx.Set([]byte(lidByLID+lid), []byte(pn)); err != nil {
		return err
	}
	return tx.Set([]byte(lidByPN+pn), []byte(lid))
}

// applyLocked mirrors putMapping in the cache. Hold mu.
func (m *LIDMap) applyLocked(lid, pn string) {
	if old, ok := m.pnToLID[pn]; ok && old != lid {
		delete(m.lidToPN, old)
	}
	if old, ok := m.lidToPN[lid]; ok && old != pn {
		delete(m.pnToLID, old)
	}
	m.pnToLID[pn] = lid
	m.lidToPN[lid] = pn
}

// altInTxn returns the other identity (LID for a PN user, PN for a LID user) of a JID, keeping its
// device, from the database as txn sees it; the empty JID when unknown or for other servers.
func (m *LIDMap) altInTxn(txn *badger.Txn, jid types.JID) (types.JID, error) {
	var key []byte
	var server string
	switch jid.Server {
	case types.HiddenUserServer:
		key, server = []byte(lidByLID+jid.User), types.DefaultUserServer
	case types.DefaultUserServer:
		key, server = []byte(lidByPN+jid.User), types.HiddenUserServer
	default:
		return types.EmptyJID, nil
	}
	v, err := getValue(txn, key)
	if err != nil || v == nil {
		return types.EmptyJID, err
	}
	return types.JID{User: string(v), Device: jid.Device, Server: server}, nil
}
