package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"google.golang.org/protobuf/proto"
)

// Signature prefixes of the ADV (account device verification) scheme for end-to-end encrypted accounts.
var (
	advAccountPrefix = []byte{6, 0}
	advDevicePrefix  = []byte{6, 1}
)

// signCompanion is the phone's half of pairing: it vouches for the companion's identity key with the
// phone's identity key and authenticates the result with the companion's ADV secret.
func signCompanion(phonePriv [32]byte, phonePub, companionIdentity, advSecret []byte, keyIndex uint32) (container []byte, details []byte, err error) {
	var raw [4]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, nil, err
	}
	details, err = proto.Marshal(&waAdv.ADVDeviceIdentity{
		RawID:       proto.Uint32(binary.BigEndian.Uint32(raw[:])),
		Timestamp:   proto.Uint64(uint64(time.Now().Unix())),
		KeyIndex:    proto.Uint32(keyIndex),
		AccountType: waAdv.ADVEncryptionType_E2EE.Enum(),
		DeviceType:  waAdv.ADVEncryptionType_E2EE.Enum(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("auth: marshal device identity: %w", err)
	}
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(phonePriv), concat(advAccountPrefix, details, companionIdentity))
	signed, err := proto.Marshal(&waAdv.ADVSignedDeviceIdentity{
		Details: details, AccountSignatureKey: phonePub, AccountSignature: sig[:],
	})
	if err != nil {
		return nil, nil, fmt.Errorf("auth: marshal signed identity: %w", err)
	}
	mac := hmac.New(sha256.New, advSecret)
	mac.Write(signed)
	container, err = proto.Marshal(&waAdv.ADVSignedDeviceIdentityHMAC{
		Details: signed, HMAC: mac.Sum(nil), AccountType: waAdv.ADVEncryptionType_E2EE.Enum(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("auth: marshal identity container: %w", err)
	}
	return container, details, nil
}

// verifyDeviceSignature checks the companion's counter-signature from pair-device-sign: it must cover the
// details the phone issued, the companion's identity and the phone's identity.
func verifyDeviceSignature(signedIdentity []byte, wantDetails, companionIdentity, phonePub []byte) error {
	var id waAdv.ADVSignedDeviceIdentity
	if err := proto.Unmarshal(signedIdentity, &id); err != nil {
		return fmt.Errorf("auth: device identity: %w", err)
	}
	if !hmac.Equal(id.GetDetails(), wantDetails) {
		return fmt.Errorf("auth: companion signed different identity details")
	}
	if len(id.GetDeviceSignature()) != 64 || len(companionIdentity) != 32 {
		return fmt.Errorf("auth: device signature or identity has the wrong size")
	}
	key := ecc.NewDjbECPublicKey([32]byte(companionIdentity))
	if !ecc.VerifySignature(key, concat(advDevicePrefix, id.GetDetails(), companionIdentity, phonePub), [64]byte(id.GetDeviceSignature())) {
		return fmt.Errorf("auth: device signature does not verify")
	}
	return nil
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
