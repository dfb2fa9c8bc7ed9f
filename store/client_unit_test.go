package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/botrt/botrt/internal/leaktest"
	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/session"
	"go.mau.fi/libsignal/util/optional"
	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// persisted is every field of a Device that a store keeps.
func persisted(d *wastore.Device) map[string]any {
	return map[string]any{
		"noise": d.NoiseKey.Priv, "noisePub": d.NoiseKey.Pub, "identity": d.IdentityKey.Priv,
		"spk": d.SignedPreKey.Priv, "spkID": d.SignedPreKey.KeyID, "spkSig": *d.SignedPreKey.Signature,
		"reg": d.RegistrationID, "adv": d.AdvSecretKey, "id": *d.ID, "lid": d.LID,
		"details": d.Account.Details, "accSig": d.Account.AccountSignature, "accKey": d.Account.AccountSignatureKey,
		"devSig": d.Account.DeviceSignature, "platform": d.Platform, "business": d.BusinessName,
		"push": d.PushName, "lidMig": d.LIDMigrationTimestamp, "fb": d.FacebookUUID,
	}
}

func TestWhatsmeowClientOnReopenedStore(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	dir := t.TempDir()

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := NewContainer(db, nil)
	if d, err := c.GetFirstDevice(ctx); err != nil || d.ID != nil || d.Initialized {
		t.Fatalf("empty store: first device %+v, %v; want a new unsaved one", d, err)
	}
	unsaved := c.NewDevice()
	if err := c.PutDevice(ctx, unsaved); err != ErrDeviceIDMustBeSet {
		t.Fatalf("put without JID: %v", err)
	}
	dev := pairedDevice(t, c, "15550001", 7)
	dev.BusinessName, dev.LIDMigrationTimestamp = "Shop", 1234
	if err := dev.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if err := dev.Sessions.PutSession(ctx, "15550002:0", []byte("session-bytes")); err != nil {
		t.Fatal(err)
	}
	want := persisted(dev)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c = NewContainer(db, nil)
	loaded, err := c.GetDevice(ctx, *dev.ID)
	if err != nil || loaded == nil {
		t.Fatalf("GetDevice after reopen: %v, %v", loaded, err)
	}
	if got := persisted(loaded); !reflect.DeepEqual(got, want) {
		t.Fatalf("device after reopen differs:\n got %v\nwant %v", got, want)
	}
	first, err := c.GetFirstDevice(ctx)
	if err != nil || first.ID == nil || *first.ID != *dev.ID {
		t.Fatalf("GetFirstDevice: %v, %v", first, err)
	}
	if missing, err := c.GetDevice(ctx, types.NewJID("1", types.DefaultUserServer)); missing != nil || err != nil {
		t.Fatalf("unknown device: %v, %v", missing, err)
	}

	cli := whatsmeow.NewClient(loaded, nil)
	if cli.Store.GetJID() != *dev.ID || cli.Store.GetLID() != dev.LID || !cli.Store.Initialized {
		t.Fatalf("client store: jid %s lid %s initialized %v", cli.Store.GetJID(), cli.Store.GetLID(), cli.Store.Initialized)
	}
	sess, err := cli.Store.Sessions.GetSession(ctx, "15550002:0")
	if err != nil || string(sess) != "session-bytes" {
		t.Fatalf("session through the client's store: %q, %v", sess, err)
	}
}

// bundleOf builds the pre-key bundle a server would hand out for d, using one of its fresh pre-keys.
func bundleOf(t *testing.T, d *wastore.Device) *prekey.Bundle {
	t.Helper()
	pks, err := d.PreKeys.GetOrGenPreKeys(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	pk := pks[0]
	return prekey.NewBundle(d.RegistrationID, uint32(d.ID.Device),
		optional.NewOptionalUint32(pk.KeyID), d.SignedPreKey.KeyID,
		ecc.NewDjbECPublicKey(*pk.Pub), ecc.NewDjbECPublicKey(*d.SignedPreKey.Pub), *d.SignedPreKey.Signature,
		identity.NewKey(ecc.NewDjbECPublicKey(*d.IdentityKey.Pub)))
}

// sendTo encrypts with libsignal through from's stores, as whatsmeow's send path does.
func sendTo(t *testing.T, from, to *wastore.Device, bundle *prekey.Bundle, text string) protocol.CiphertextMessage {
	t.Helper()
	ctx := context.Background()
	addr := to.ID.SignalAddress()
	builder := session.NewBuilderFromSignal(from, addr, wastore.SignalProtobufSerializer)
	if bundle != nil {
		if err := builder.ProcessBundle(ctx, bundle); err != nil {
			t.Fatal(err)
		}
	}
	msg, err := session.NewCipher(builder, addr).Encrypt(ctx, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// receive decrypts inside DoDecryptionTxn with the plaintext buffered, as whatsmeow's receive path does.
func receive(t *testing.T, at, from *wastore.Device, msg protocol.CiphertextMessage) string {
	t.Helper()
	addr := from.ID.SignalAddress()
	cipher := session.NewCipher(session.NewBuilderFromSignal(at, addr, wastore.SignalProtobufSerializer), addr)
	var pt []byte
	err := at.EventBuffer.DoDecryptionTxn(context.Background(), func(ctx context.Context) (err error) {
		switch m := msg.(type) {
		case *protocol.PreKeySignalMessage:
			pt, err = cipher.DecryptMessage(ctx, m)
		case *protocol.SignalMessage:
			pt, err = cipher.Decrypt(ctx, m)
		}
		if err != nil {
			return err
		}
		return at.EventBuffer.PutBufferedEvent(ctx, sha256.Sum256(msg.Serialize()), pt, time.Now())
	})
	if err != nil {
		t.Fatalf("decrypt at %s: %v", at.ID, err)
	}
	return string(pt)
}

// TestSignalConversationThroughStore runs a real libsignal conversation between two accounts kept in
// one database, reopening it midway: sessions, pre-keys and identities must be stored, namespaced
// per device, and survive the reopen for the ratchet to continue.
func TestSignalConversationThroughStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	c := NewContainer(db, nil)
	alice := pairedDevice(t, c, "1555000100", 0)
	bob := pairedDevice(t, c, "1555000200", 3)

	bundle := bundleOf(t, bob)
	first := sendTo(t, alice, bob, bundle, "hello bob")
	if _, ok := first.(*protocol.PreKeySignalMessage); !ok {
		t.Fatalf("first message is %T, want a pre-key message", first)
	}
	if got := receive(t, bob, alice, first); got != "hello bob" {
		t.Fatalf("bob got %q", got)
	}
	if pk, err := bob.PreKeys.GetPreKey(ctx, bundle.PreKeyID().Value); err != nil || pk != nil {
		t.Fatalf("used one-time pre-key still stored: %v, %v", pk, err)
	}
	if got := receive(t, alice, bob, sendTo(t, bob, alice, nil, "hi alice")); got != "hi alice" {
		t.Fatalf("alice got %q", got)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c = NewContainer(db, nil)
	if alice, err = c.GetDevice(ctx, *alice.ID); err != nil || alice == nil {
		t.Fatalf("reload alice: %v", err)
	}
	if bob, err = c.GetDevice(ctx, *bob.ID); err != nil || bob == nil {
		t.Fatalf("reload bob: %v", err)
	}
	for i := range 3 {
		text := fmt.Sprintf("after reopen %d", i)
		if got := receive(t, bob, alice, sendTo(t, alice, bob, nil, text)); got != text {
			t.Fatalf("bob got %q, want %q", got, text)
		}
		if got := receive(t, alice, bob, sendTo(t, bob, alice, nil, text)); got != text {
			t.Fatalf("alice got %q, want %q", got, text)
		}
	}
	trusted, err := alice.Identities.IsTrustedIdentity(ctx, bob.ID.SignalAddress().String(), *bob.IdentityKey.Pub)
	if err != nil || !trusted {
		t.Fatalf("bob's identity at alice: trusted %v, %v", trusted, err)
	}
	if other, _ := alice.Identities.IsTrustedIdentity(ctx, bob.ID.SignalAddress().String(), [32]byte{1}); other {
		t.Fatal("a different identity key is trusted")
	}
}
