package accounts

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func newRegistry(t *testing.T) *Registry {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return New(db)
}

func TestAccountsDevicesAndPreKeys(t *testing.T) {
	r := newRegistry(t)
	a, err := r.CreateAccount(NewAccount{Phone: "15550001111", Name: "Alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateAccount(NewAccount{Phone: "15550001111"}); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate phone: %v", err)
	}
	if _, err := r.CreateAccount(NewAccount{Phone: "12ab"}); err == nil {
		t.Fatal("non-digit phone accepted")
	}
	byLID, err := r.Resolve(a.LIDJID())
	if err != nil || byLID.Phone != a.Phone {
		t.Fatalf("resolve LID: %v %v", byLID, err)
	}
	devs, _ := r.Devices(a.Phone)
	if len(devs) != 1 || !devs[0].Virtual() || len(devs[0].SignedPreKey.Signature) != 64 {
		t.Fatalf("new account devices: %+v", devs)
	}
	d1, err := r.AddDevice(Device{Phone: a.Phone, IdentityPub: make([]byte, 32)})
	if err != nil || d1.ID != 1 {
		t.Fatalf("add device: %+v %v", d1, err)
	}
	if err := r.RemoveDevice(d1.JID()); err != nil {
		t.Fatal(err)
	}
	d2, _ := r.AddDevice(Device{Phone: a.Phone, IdentityPub: make([]byte, 32)})
	if d2.ID != 2 {
		t.Fatalf("device numbers must not be reused: got %d", d2.ID)
	}
	if err := r.RemoveDevice(a.DeviceJID(PhoneDevice)); err == nil {
		t.Fatal("the phone was removed")
	}

	up := KeyUpload{RegistrationID: 7, IdentityPub: make([]byte, 32), SignedPreKey: SignedPreKey{ID: 1, Public: make([]byte, 32), Signature: make([]byte, 64)},
		PreKeys: []PreKey{{ID: 3, Public: []byte{3}}, {ID: 1, Public: []byte{1}}, {ID: 2, Public: []byte{2}}}}
	if err := r.UploadKeys(a.DeviceLID(d2.ID), up); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.PreKeyCount(d2.JID()); n != 3 {
		t.Fatalf("count %d", n)
	}
	pk, err := r.TakePreKey(d2.JID())
	if err != nil || pk.ID != 1 {
		t.Fatalf("take: %+v %v", pk, err)
	}
	if n, _ := r.PreKeyCount(d2.JID()); n != 2 {
		t.Fatalf("count after take %d", n)
	}
	up.IdentityPub = append([]byte{1}, make([]byte, 31)...)
	if err := r.UploadKeys(d2.JID(), up); !errors.Is(err, ErrIdentityChanged) {
		t.Fatalf("identity change: %v", err)
	}
	if err := r.RemoveDevice(d2.JID()); err != nil {
		t.Fatal(err)
	}
	if pk, err := r.TakePreKey(d2.JID()); err != nil || pk != nil {
		t.Fatalf("pre-keys survived device removal: %+v %v", pk, err)
	}
}
