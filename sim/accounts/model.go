// Package accounts is the simulator's registry of WhatsApp accounts and their devices: phone number and
// LID per account, the virtual phone's keys (device 0), companion devices with the keys they registered,
// and their one-time pre-keys. Everything is persisted in badger under the "sim/" prefix so that a
// restarted simulator still knows every paired client.
//
// It holds data only: the server, pairing and directory packages decide what to do with it.
package accounts

import (
	"time"

	"go.mau.fi/whatsmeow/types"
)

// PhoneDevice is the device number of an account's primary device, which the simulator runs itself.
const PhoneDevice = 0

// Account is one WhatsApp account (one phone number).
type Account struct {
	// Phone is the user part of the phone-number JID, digits only (e.g. "15550001111").
	Phone string `json:"phone"`
	// LID is the user part of the account's LID (…@lid).
	LID string `json:"lid"`
	// Name is the account's push name, shown to peers in the notify attribute.
	Name string `json:"name,omitempty"`
	// Status is the about text the account starts with (sim/profile keeps the ones set later).
	Status string `json:"status,omitempty"`
	// Business marks a business account: usync answers with a verified name (the push name).
	Business bool `json:"business,omitempty"`
	// Person marks accounts of simulated people (as opposed to accounts of real clients).
	Person bool `json:"person,omitempty"`
	// PhoneKey is the private identity key of the virtual phone (device 0): it signs companion
	// identities (ADV) and is what clients store as the identity of lid:0.
	PhoneKey []byte `json:"phone_key"`
	// NextDevice is the device number the next companion gets; numbers are never reused.
	NextDevice uint16    `json:"next_device"`
	Created    time.Time `json:"created"`
}

// JID is the account's phone-number JID without a device.
func (a *Account) JID() types.JID { return types.NewJID(a.Phone, types.DefaultUserServer) }

// LIDJID is the account's LID without a device.
func (a *Account) LIDJID() types.JID { return types.NewJID(a.LID, types.HiddenUserServer) }

// DeviceJID is the phone-number JID of device n of this account.
func (a *Account) DeviceJID(n uint16) types.JID {
	return types.JID{User: a.Phone, Server: types.DefaultUserServer, Device: n}
}

// DeviceLID is the LID of device n of this account.
func (a *Account) DeviceLID(n uint16) types.JID {
	return types.JID{User: a.LID, Server: types.HiddenUserServer, Device: n}
}

// SignedPreKey is a device's medium-term pre-key with its signature by the identity key.
type SignedPreKey struct {
	ID        uint32 `json:"id"`
	Public    []byte `json:"pub"`
	Signature []byte `json:"sig"`
}

// Device is one device of an account: the virtual phone (ID 0) or a paired companion.
type Device struct {
	Phone string `json:"phone"`
	ID    uint16 `json:"id"`
	// NoisePub is the static Noise key the device must present when it logs in.
	NoisePub []byte `json:"noise_pub,omitempty"`
	// IdentityPub is the device's Signal identity key.
	IdentityPub    []byte       `json:"identity_pub"`
	RegistrationID uint32       `json:"reg_id"`
	SignedPreKey   SignedPreKey `json:"skey"`
	// Platform is the companion's self-described platform (e.g. "Chrome (Linux)").
	Platform string `json:"platform,omitempty"`
	// FullSync is set when the companion asked for the full history when it paired.
	FullSync bool      `json:"full_sync,omitempty"`
	Created  time.Time `json:"created"`
}

// JID is the device's AD JID (phone@s.whatsapp.net with the device number).
func (d *Device) JID() types.JID {
	return types.JID{User: d.Phone, Server: types.DefaultUserServer, Device: d.ID}
}

// Virtual reports whether this is the phone the simulator runs (it has no connection of its own).
func (d *Device) Virtual() bool { return d.ID == PhoneDevice }

// PreKey is a one-time pre-key.
type PreKey struct {
	ID     uint32
	Public []byte
}
