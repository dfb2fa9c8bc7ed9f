package store

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// deviceRecord is the stored form of a wastore.Device: its persisted fields only (the sub-store
// pointers, logger and Initialized flag are runtime state).
type deviceRecord struct {
	jid            string
	created        int64 // unix nanoseconds of the first save; orders GetAllDevices like SQL row order
	lid            string
	registrationID uint32
	noisePriv      []byte
	identityPriv   []byte
	preKeyPriv     []byte
	preKeyID       uint32
	preKeySig      []byte
	advKey         []byte
	advDetails     []byte
	advAccountSig  []byte
	advAccountKey  []byte
	advDeviceSig   []byte
	platform       string
	businessName   string
	pushName       string
	facebookUUID   []byte
	lidMigrationTS int64
}

// newDeviceRecord checks a device the way sqlstore's schema does (key and signature lengths, a
// present account identity) and captures it for a first save.
func newDeviceRecord(d *wastore.Device) (*deviceRecord, error) {
	switch {
	case d.NoiseKey == nil || d.IdentityKey == nil:
		return nil, fmt.Errorf("device has no noise or identity key")
	case d.SignedPreKey == nil || d.SignedPreKey.Signature == nil:
		return nil, fmt.Errorf("device has no signed pre-key")
	case d.SignedPreKey.KeyID >= 1<<24:
		return nil, fmt.Errorf("signed pre-key id %d is not 24-bit", d.SignedPreKey.KeyID)
	case d.Account == nil:
		return nil, fmt.Errorf("device has no account identity (it is set by pairing)")
	case len(d.Account.AccountSignature) != 64 || len(d.Account.AccountSignatureKey) != 32 || len(d.Account.DeviceSignature) != 64:
		return nil, fmt.Errorf("device account identity has signatures of the wrong length")
	}
	rec := &deviceRecord{
		jid:            d.ID.String(),
		created:        time.Now().UnixNano(),
		registrationID: d.RegistrationID,
		noisePriv:      d.NoiseKey.Priv[:],
		identityPriv:   d.IdentityKey.Priv[:],
		preKeyPriv:     d.SignedPreKey.Priv[:],
		preKeyID:       d.SignedPreKey.KeyID,
		preKeySig:      d.SignedPreKey.Signature[:],
		advKey:         d.AdvSecretKey,
		advDetails:     d.Account.Details,
		advAccountSig:  d.Account.AccountSignature,
		advAccountKey:  d.Account.AccountSignatureKey,
		advDeviceSig:   d.Account.DeviceSignature,
	}
	if d.FacebookUUID != uuid.Nil {
		rec.facebookUUID = d.FacebookUUID[:]
	}
	rec.updateMutable(d)
	return rec, nil
}

// updateMutable copies the fields a later save may change (sqlstore's ON CONFLICT DO UPDATE list).
func (r *deviceRecord) updateMutable(d *wastore.Device) {
	r.lid = d.LID.String() // the empty JID prints as ""
	r.platform = d.Platform
	r.businessName = d.BusinessName
	r.pushName = d.PushName
	r.lidMigrationTS = d.LIDMigrationTimestamp
}

func (r *deviceRecord) encode() []byte {
	return newRecord(400).
		int(r.created).str(r.lid).int(int64(r.registrationID)).
		bytes(r.noisePriv).bytes(r.identityPriv).bytes(r.preKeyPriv).int(int64(r.preKeyID)).bytes(r.preKeySig).
		bytes(r.advKey).bytes(r.advDetails).bytes(r.advAccountSig).bytes(r.advAccountKey).bytes(r.advDeviceSig).
		str(r.platform).str(r.businessName).str(r.pushName).bytes(r.facebookUUID).int(r.lidMigrationTS).
		done()
}

func decodeDevice(jid string, v []byte) (*deviceRecord, error) {
	rd := readRecord("device "+jid, v)
	r := &deviceRecord{jid: jid}
	r.created = rd.int("created")
	r.lid = rd.str("lid")
	r.registrationID = uint32(rd.int("registration_id"))
	r.noisePriv = rd.bytes("noise_key")
	r.identityPriv = rd.bytes("identity_key")
	r.preKeyPriv = rd.bytes("signed_pre_key")
	r.preKeyID = uint32(rd.int("signed_pre_key_id"))
	r.preKeySig = rd.bytes("signed_pre_key_sig")
	r.advKey = rd.bytes("adv_key")
	r.advDetails = rd.bytes("adv_details")
	r.advAccountSig = rd.bytes("adv_account_sig")
	r.advAccountKey = rd.bytes("adv_account_sig_key")
	r.advDeviceSig = rd.bytes("adv_device_sig")
	r.platform = rd.str("platform")
	r.businessName = rd.str("business_name")
	r.pushName = rd.str("push_name")
	r.facebookUUID = rd.bytes("facebook_uuid")
	r.lidMigrationTS = rd.int("lid_migration_ts")
	if err := rd.err(); err != nil {
		return nil, err
	}
	if len(r.noisePriv) != 32 || len(r.identityPriv) != 32 || len(r.preKeyPriv) != 32 || len(r.preKeySig) != 64 ||
		(len(r.facebookUUID) != 0 && len(r.facebookUUID) != 16) {
		return nil, fmt.Errorf("%w: device %s: key of illegal length", errCorrupt, jid)
	}
	if _, err := types.ParseJID(jid); err != nil {
		return nil, fmt.Errorf("%w: device key %q: %w", errCorrupt, jid, err)
	}
	if _, err := types.ParseJID(r.lid); err != nil {
		return nil, fmt.Errorf("%w: device %s LID %q: %w", errCorrupt, jid, r.lid, err)
	}
	return r, nil
}

// toDevice rebuilds the persisted fields of a Device (validated by decodeDevice).
func (r *deviceRecord) toDevice() *wastore.Device {
	id, _ := types.ParseJID(r.jid)
	lid, _ := types.ParseJID(r.lid)
	d := &wastore.Device{
		NoiseKey:       keys.NewKeyPairFromPrivateKey([32]byte(r.noisePriv)),
		IdentityKey:    keys.NewKeyPairFromPrivateKey([32]byte(r.identityPriv)),
		SignedPreKey:   &keys.PreKey{KeyPair: *keys.NewKeyPairFromPrivateKey([32]byte(r.preKeyPriv)), KeyID: r.preKeyID},
		RegistrationID: r.registrationID,
		AdvSecretKey:   r.advKey,
		ID:             &id,
		LID:            lid,
		Account: &waAdv.ADVSignedDeviceIdentity{
			Details:             r.advDetails,
			AccountSignature:    r.advAccountSig,
			AccountSignatureKey: r.advAccountKey,
			DeviceSignature:     r.advDeviceSig,
		},
		Platform:              r.platform,
		BusinessName:          r.businessName,
		PushName:              r.pushName,
		LIDMigrationTimestamp: r.lidMigrationTS,
	}
	d.SignedPreKey.Signature = (*[64]byte)(r.preKeySig)
	if len(r.facebookUUID) == 16 {
		d.FacebookUUID = uuid.UUID(r.facebookUUID)
	}
	return d
}
