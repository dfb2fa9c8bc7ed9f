package store

import (
	"context"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

func TestDeleteDeviceCascadesAndStopsWrites(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	c := NewContainer(db, nil)
	gone := pairedDevice(t, c, "100", 0)
	kept := pairedDevice(t, c, "1000", 0) // shares the prefix "100" textually: must be untouched
	lid, pn := types.NewJID("900", types.HiddenUserServer), types.NewJID("300", types.DefaultUserServer)
	if err := c.LIDMap.PutLIDMapping(ctx, lid, pn); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*wastore.Device{gone, kept} {
		fill := []error{
			d.Sessions.PutSession(ctx, "300:0", []byte("s")),
			d.Identities.PutIdentity(ctx, "300:0", [32]byte{1}),
			d.SenderKeys.PutSenderKey(ctx, "g@g.us", "300:0", []byte("k")),
			d.AppStateKeys.PutAppStateSyncKey(ctx, []byte("kid"), wastore.AppStateSyncKey{Data: []byte("d"), Timestamp: 1}),
			d.AppState.PutAppStateVersion(ctx, "regular", 2, [128]byte{1}),
			d.ChatSettings.PutPinned(ctx, pn, true),
			d.MsgSecrets.PutMessageSecret(ctx, pn, pn, "id", []byte("x")),
			d.PrivacyTokens.PutPrivacyTokens(ctx, wastore.PrivacyToken{User: pn, Token: []byte("t"), Timestamp: testTime}),
			d.EventBuffer.PutBufferedEvent(ctx, [32]byte{9}, []byte("p"), testTime),
		}
		if err := errors.Join(fill...); err != nil {
			t.Fatal(err)
		}
		if _, err := d.PreKeys.GetOrGenPreKeys(ctx, 3); err != nil {
			t.Fatal(err)
		}
		if _, _, err := d.Contacts.PutPushName(ctx, pn, "P"); err != nil {
			t.Fatal(err)
		}
	}
	if err := gone.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if gone.ID != nil {
		t.Fatal("Device.Delete did not clear the JID")
	}

	var leftover []string
	err := db.Badger().View(func(txn *badger.Txn) error {
		return scan(txn, []byte("wa/"), false, func(item *badger.Item) error {
			if k := string(item.Key()); containsDevice(k, "100@s.whatsapp.net") {
				leftover = append(leftover, k)
			}
			return nil
		})
	})
	if err != nil || len(leftover) > 0 {
		t.Fatalf("rows of the deleted device remain: %q, %v", leftover, err)
	}
	if err := gone.Sessions.PutSession(ctx, "300:0", []byte("s")); !errors.Is(err, errDeviceDeleted) {
		t.Errorf("write through a deleted device's store: %v", err)
	}
	if got, _ := kept.Sessions.GetSession(ctx, "300:0"); string(got) != "s" {
		t.Errorf("the other device lost its session: %q", got)
	}
	if n, _ := kept.PreKeys.UploadedPreKeyCount(ctx); n != 0 {
		t.Errorf("kept device pre-keys: %d uploaded", n)
	}
	if got, err := c.LIDMap.GetLIDForPN(ctx, pn); err != nil || got != lid {
		t.Errorf("LID map after device delete: %v, %v", got, err)
	}
	all, err := c.GetAllDevices(ctx)
	if err != nil || len(all) != 1 || *all[0].ID != *kept.ID {
		t.Errorf("devices after delete: %v, %v", all, err)
	}

	// The same JID paired again starts from a clean, writable store.
	again := pairedDevice(t, c, "100", 0)
	if err := again.Sessions.PutSession(ctx, "300:0", []byte("s2")); err != nil {
		t.Errorf("write after re-pairing the JID: %v", err)
	}
}

func containsDevice(key, jid string) bool {
	for i := 0; i+len(jid)+1 <= len(key); i++ {
		if key[i:i+len(jid)] == jid && (i+len(jid) == len(key) || key[i+len(jid)] == sep) {
			return true
		}
	}
	return false
}

func TestCorruptRecordIsAnErrorNotEmpty(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	c := NewContainer(db, nil)
	d := pairedDevice(t, c, "100", 0)
	user := types.NewJID("300", types.DefaultUserServer)
	ds := d.Contacts.(*DeviceStore)
	if err := db.Badger().Update(func(txn *badger.Txn) error {
		return txn.Set(ds.contactKey(user), []byte{recordVersion, 0xff})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Contacts.GetContact(ctx, user); !errors.Is(err, errCorrupt) {
		t.Errorf("corrupt contact: %v, want errCorrupt", err)
	}
	if err := db.Badger().Update(func(txn *badger.Txn) error {
		return txn.Set(deviceKey(d.ID.String()), []byte("garbage"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDevice(ctx, *d.ID); !errors.Is(err, errCorrupt) {
		t.Errorf("corrupt device: %v, want errCorrupt", err)
	}
}

func TestPutDeviceKeepsImmutableFields(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	origNoise := *d.NoiseKey.Priv
	impostor := c.NewDevice() // other keys, same JID
	impostor.ID, impostor.Account = d.ID, d.Account
	impostor.PushName, impostor.LID = "Renamed", types.NewJID("77", types.HiddenUserServer)
	if err := c.PutDevice(ctx, impostor); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetDevice(ctx, *d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got.NoiseKey.Priv != origNoise || got.RegistrationID != d.RegistrationID {
		t.Error("a later save replaced the keys of a JID")
	}
	if got.PushName != "Renamed" || got.LID != impostor.LID {
		t.Errorf("mutable fields not updated: %q %v", got.PushName, got.LID)
	}
}

func TestSeparatorInKeyPartsIsRejected(t *testing.T) {
	ctx := context.Background()
	c := NewContainer(openTestDB(t, t.TempDir()), nil)
	d := pairedDevice(t, c, "100", 0)
	// Without the check, ("g\x00a", "b") and ("g", "a\x00b") would be the same row.
	if err := d.SenderKeys.PutSenderKey(ctx, "g\x00a", "b", []byte("x")); err == nil {
		t.Error("group with a NUL byte accepted")
	}
	if err := d.AppState.PutAppStateVersion(ctx, "reg\x00ular", 1, [128]byte{}); err == nil {
		t.Error("app state name with a NUL byte accepted")
	}
	bad := types.JID{User: "1\x002", Server: types.DefaultUserServer}
	if err := d.MsgSecrets.PutMessageSecret(ctx, bad, bad, "id", []byte("s")); err == nil {
		t.Error("JID with a NUL byte accepted")
	}
	dev := c.NewDevice()
	dev.ID, dev.Account = &bad, d.Account
	if err := c.PutDevice(ctx, dev); err == nil {
		t.Error("device JID with a NUL byte accepted")
	}
}
