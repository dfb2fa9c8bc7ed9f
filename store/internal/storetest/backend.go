// Package storetest holds the conformance suite, concurrency test and benchmarks that every
// implementation of whatsmeow's store interfaces in botrt must pass: the same scenarios run against
// whatsmeow's own sqlstore (on SQLite) and against botrt's badger store, and their results must match.
// It is imported only by tests.
package storetest

import (
	"context"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// Container is the device lifecycle both sqlstore.Container and botrt's store.Container offer.
type Container interface {
	wastore.DeviceContainer
	NewDevice() *wastore.Device
	GetFirstDevice(ctx context.Context) (*wastore.Device, error)
	GetDevice(ctx context.Context, jid types.JID) (*wastore.Device, error)
	GetAllDevices(ctx context.Context) ([]*wastore.Device, error)
}

// Handle is one open store.
type Handle struct {
	Container Container
	// LIDs is the container's global LID map (the one it wires into every device).
	LIDs wastore.LIDStore
	// Close releases the store; everything committed before must be there when dir is opened again.
	Close func() error
}

// Backend opens stores of one implementation.
type Backend struct {
	Name string
	// Open opens, creating if needed, the store kept in dir.
	Open func(dir string) (*Handle, error)
	// ErrDeviceIDMustBeSet is what PutDevice and DeleteDevice return for a device without a JID.
	ErrDeviceIDMustBeSet error
	// Quirks are the deliberate differences between this backend and the reference behaviour.
	Quirks Quirks
}

// Quirks lists known, deliberate differences between the stores. Scenarios compare everything else
// across backends, and assert the quirky part explicitly per backend so that neither side can drift.
type Quirks struct {
	// LIDDeviceStrippedOnDBPath: GetManyLIDsForPNs drops the device number from results it has to read
	// from the database (its cache path keeps it). sqlstore in the pinned whatsmeow does this; the
	// result is used as a per-device Signal address, so botrt's store keeps the device on every path.
	LIDDeviceStrippedOnDBPath bool
	// PrivacyTokensSurviveDeviceDelete: sqlstore's privacy token table has no foreign key to the
	// device, so DeleteDevice leaves a deleted account's tokens behind. botrt's store deletes them.
	PrivacyTokensSurviveDeviceDelete bool
	// StaleLIDCacheAfterRemap: when a PN is remapped to a new LID (or a LID to a new PN), sqlstore's
	// in-process cache keeps answering the old reverse lookup until the process restarts, while its
	// database no longer has the old pair. Scenarios compare remaps only after a reopen.
	StaleLIDCacheAfterRemap bool
}
