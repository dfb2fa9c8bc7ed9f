package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// openTestDB opens a database in a temp dir, closed at cleanup.
func openTestDB(t *testing.T, dir string) *DB {
	t.Helper()
	db, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// pairedDevice makes a new device look paired (JID, LID and account identity set) and saves it.
func pairedDevice(t *testing.T, c *Container, user string, dev uint16) *wastore.Device {
	t.Helper()
	d := c.NewDevice()
	id := types.JID{User: user, Device: dev, Server: types.DefaultUserServer}
	d.ID = &id
	d.LID = types.JID{User: "9" + user, Device: dev, Server: types.HiddenUserServer}
	d.Account = &waAdv.ADVSignedDeviceIdentity{
		Details:             randBytes(40),
		AccountSignature:    randBytes(64),
		AccountSignatureKey: randBytes(32),
		DeviceSignature:     randBytes(64),
	}
	d.Platform, d.PushName = "android", "Test "+user
	if err := c.PutDevice(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func mustEqualBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got %x, want %x", what, got, want)
	}
}

// testTime is a fixed server timestamp for buffered events.
var testTime = time.Unix(1_700_000_000, 0)
