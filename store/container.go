package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	mathRand "math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/util/random"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// ErrDeviceIDMustBeSet is returned by PutDevice and DeleteDevice for a device whose JID is not yet
// known (before pairing); same text as sqlstore's, without linking the SQL store in.
var ErrDeviceIDMustBeSet = errors.New("device JID must be known before accessing database")

// Container holds any number of whatsmeow devices (accounts) in one database; it plays the role
// of sqlstore.Container and has the same methods.
type Container struct {
	db  *DB
	log waLog.Logger
	// LIDMap is the global LID<->phone-number map every device of this container shares.
	LIDMap *LIDMap

	mu     sync.Mutex
	stores map[string]*DeviceStore // live per-device stores by JID, shared by every Device loaded

	now func() time.Time // insert times of buffered events and secrets; replaced by unit tests
}

var _ wastore.DeviceContainer = (*Container)(nil)

// NewContainer wraps an open database. A nil log means no logging.
func NewContainer(db *DB, log waLog.Logger) *Container {
	if log == nil {
		log = waLog.Noop
	}
	return &Container{
		db:     db,
		log:    log,
		LIDMap: newLIDMap(db),
		stores: make(map[string]*DeviceStore),
		now:    time.Now,
	}
}

// NewDevice creates a device in memory only, with fresh keys; nothing is written until its JID is
// known and PutDevice (Device.Save, called by whatsmeow after pairing) stores it.
func (c *Container) NewDevice() *wastore.Device {
	device := &wastore.Device{
		Log:       c.log,
		Container: c,

		NoiseKey:       keys.NewKeyPair(),
		IdentityKey:    keys.NewKeyPair(),
		RegistrationID: mathRand.Uint32(),
		AdvSecretKey:   random.Bytes(32),
	}
	device.SignedPreKey = device.IdentityKey.CreateSignedPreKey(1)
	return device
}

// GetAllDevices loads every stored device, in the order they were first stored.
func (c *Container) GetAllDevices(ctx context.Context) ([]*wastore.Device, error) {
	var recs []*deviceRecord
	err := c.db.View(ctx, func(txn *badger.Txn) error {
		return scan(txn, []byte(devicePrefix), true, func(item *badger.Item) error {
			jid := string(item.Key()[len(devicePrefix):])
			return item.Value(func(v []byte) error {
				rec, err := decodeDevice(jid, v)
				if err != nil {
					return err
				}
				recs = append(recs, rec)
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: load devices: %w", err)
	}
	slices.SortStableFunc(recs, func(a, b *deviceRecord) int { return cmp.Compare(a.created, b.created) })
	devices := make([]*wastore.Device, 0, len(recs))
	for _, rec := range recs {
		devices = append(devices, c.deviceFromRecord(rec))
	}
	return devices, nil
}

// GetFirstDevice returns the first stored device, or a new unsaved one when there is none. Use it
// only when the database holds a single account.
func (c *Container) GetFirstDevice(ctx context.Context) (*wastore.Device, error) {
	devices, err := c.GetAllDevices(ctx)
	if err != nil {
		return nil, err
	}
	if len(devices) == 0 {
		return c.NewDevice(), nil
	}
	return devices[0], nil
}

// GetDevice loads the device with the given (AD) JID, or returns nil, nil if there is none.
func (c *Container) GetDevice(ctx context.Context, jid types.JID) (*wastore.Device, error) {
	var rec *deviceRecord
	err := c.db.View(ctx, func(txn *badger.Txn) error {
		v, err := getValue(txn, deviceKey(jid.String()))
		if err != nil || v == nil {
			return err
		}
		rec, err = decodeDevice(jid.String(), v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: load device %s: %w", jid, err)
	}
	if rec == nil {
		return nil, nil
	}
	return c.deviceFromRecord(rec), nil
}

// PutDevice stores the device. The first save of a JID stores everything; later saves change only
// the fields that can change over a device's life (LID, platform, business name, push name, LID
// migration timestamp): the keys and account identity of a JID are immutable, as in sqlstore.
// It also wires the device's sub-stores the first time.
func (c *Container) PutDevice(ctx context.Context, device *wastore.Device) error {
	if device.ID == nil {
		return ErrDeviceIDMustBeSet
	}
	jid := device.ID.String()
	if err := checkKeyParts("device JID", jid); err != nil {
		return err
	}
	err := c.db.Update(ctx, func(tx *Tx) error {
		key := deviceKey(jid)
		old, err := getValue(tx.Txn, key)
		if err != nil {
			return err
		}
		var rec *deviceRecord
		if old != nil {
			if rec, err = decodeDevice(jid, old); err != nil {
				return err
			}
			rec.updateMutable(device)
		} else if rec, err = newDeviceRecord(device); err != nil {
			return err
		}
		return tx.Set(key, rec.encode())
	})
	if err != nil {
		err = fmt.Errorf("store: put device %s: %w", jid, err)
	}
	if ds, ok := device.Sessions.(*DeviceStore); !device.Initialized || !ok || ds.jid != jid || ds.deleted.Load() {
		c.initializeDevice(device)
	}
	return err
}

// DeleteDevice deletes the device and every row that belongs to it (sessions, keys, contacts,
// app state, secrets, privacy tokens, buffered events). The global LID map is kept.
func (c *Container) DeleteDevice(ctx context.Context, device *wastore.Device) error {
	if device.ID == nil {
		return ErrDeviceIDMustBeSet
	}
	jid := device.ID.String()
	c.mu.Lock()
	ds := c.stores[jid]
	delete(c.stores, jid)
	c.mu.Unlock()
	if ds != nil {
		// Refuse further writes through stores still held by Device values (the SQL store's foreign
		// keys reject them the same way), so no orphan rows appear after the delete.
		ds.deleted.Store(true)
	}
	// The device record goes last: should a crash interrupt a delete too big for one transaction,
	// the device is still listed and whatsmeow deletes it again (the server rejects its login),
	// rather than leaving unreachable rows behind that a re-pair of the same JID would inherit.
	var prefixes [][]byte
	for _, fam := range deviceFamilies {
		prefixes = append(prefixes, familyPrefix(fam, jid))
	}
	err := c.db.deletePrefixes(ctx, prefixes...)
	if err == nil {
		err = c.db.Update(ctx, func(tx *Tx) error { return tx.Delete(deviceKey(jid)) })
	}
	if err != nil {
		return fmt.Errorf("store: delete device %s: %w", jid, err)
	}
	return nil
}

func (c *Container) deviceFromRecord(rec *deviceRecord) *wastore.Device {
	device := rec.toDevice()
	device.Log = c.log
	c.initializeDevice(device)
	return device
}

// storeFor returns the live per-device store of jid, creating it on first use. Every Device value
// for one JID shares it, so caches (contacts, migrated PNs) and the pre-key lock are per account.
func (c *Container) storeFor(jid types.JID) *DeviceStore {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := jid.String()
	ds := c.stores[key]
	if ds == nil {
		ds = newDeviceStore(c, jid)
		c.stores[key] = ds
	}
	return ds
}

func (c *Container) initializeDevice(device *wastore.Device) {
	ds := c.storeFor(*device.ID)
	device.Identities = ds
	device.Sessions = ds
	device.PreKeys = ds
	device.SenderKeys = ds
	device.AppStateKeys = ds
	device.AppState = ds
	device.Contacts = ds
	device.ChatSettings = ds
	device.MsgSecrets = ds
	device.PrivacyTokens = ds
	device.EventBuffer = ds
	device.LIDs = c.LIDMap
	device.Container = c
	device.Initialized = true
}

// errDeviceDeleted is returned by writes through a device store whose device was deleted.
var errDeviceDeleted = errors.New("store: device was deleted")
