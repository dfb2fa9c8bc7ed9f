package store

import (
	"context"
	"sync"
	"sync/atomic"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// DeviceStore implements every per-device whatsmeow store interface for one account (the role of
// sqlstore.SQLStore). Get it through a Container; the methods live in one file per concern.
type DeviceStore struct {
	c     *Container
	db    *DB
	jid   string // the device JID's string form, which namespaces every key
	owner types.JID

	deleted atomic.Bool // set by DeleteDevice: writes are refused from then on

	// preKeyLock serialises pre-key ID allocation (read max ID, then insert above it).
	preKeyLock sync.Mutex

	contactLock  sync.Mutex
	contactCache map[types.JID]*types.ContactInfo // found and not-found lookups, as sqlstore caches

	migratedPNs sync.Map // PN signal users already migrated to LID in this process (string -> struct{})
}

var (
	_ wastore.AllSessionSpecificStores = (*DeviceStore)(nil)
	_ wastore.IdentityStore            = (*DeviceStore)(nil)
	_ wastore.SessionStore             = (*DeviceStore)(nil)
	_ wastore.PreKeyStore              = (*DeviceStore)(nil)
	_ wastore.SenderKeyStore           = (*DeviceStore)(nil)
	_ wastore.AppStateSyncKeyStore     = (*DeviceStore)(nil)
	_ wastore.AppStateStore            = (*DeviceStore)(nil)
	_ wastore.ContactStore             = (*DeviceStore)(nil)
	_ wastore.ChatSettingsStore        = (*DeviceStore)(nil)
	_ wastore.MsgSecretStore           = (*DeviceStore)(nil)
	_ wastore.PrivacyTokenStore        = (*DeviceStore)(nil)
	_ wastore.EventBuffer              = (*DeviceStore)(nil)
	_ wastore.LIDStore                 = (*LIDMap)(nil)
	_ wastore.AllGlobalStores          = (*LIDMap)(nil)
)

func newDeviceStore(c *Container, jid types.JID) *DeviceStore {
	return &DeviceStore{
		c:            c,
		db:           c.db,
		jid:          jid.String(),
		owner:        jid,
		contactCache: make(map[types.JID]*types.ContactInfo),
	}
}

// prefix is the key prefix of this device's rows in a family.
func (s *DeviceStore) prefix(family string) []byte { return familyPrefix(family, s.jid) }

// update is DB.Update for a write to this device, refused once the device has been deleted.
func (s *DeviceStore) update(ctx context.Context, fn func(tx *Tx) error) error {
	if s.deleted.Load() {
		return errDeviceDeleted
	}
	return s.db.Update(ctx, fn)
}
