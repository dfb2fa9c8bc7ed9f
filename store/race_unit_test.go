package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/botrt/botrt/internal/leaktest"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// TestCachesUnderConcurrentTransactions drives the cached parts (contacts, LID map, migrated PNs)
// from many goroutines at once, some inside DoDecryptionTxn and some of those rolled back, and then
// checks that the caches agree with what a fresh container reads from the database.
func TestCachesUnderConcurrentTransactions(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	db := openTestDB(t, t.TempDir())
	c := NewContainer(db, nil)
	devs := []*wastore.Device{pairedDevice(t, c, "100", 0), pairedDevice(t, c, "200", 0)}
	rollback := errors.New("rolled back on purpose")

	const workers, rounds = 4, 30
	var wg sync.WaitGroup
	errs := make(chan error, workers*len(devs))
	for di, dev := range devs {
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				contact := types.NewJID(fmt.Sprintf("5%d%d", di, w), types.DefaultUserServer)
				lid := types.NewJID(fmt.Sprintf("9%d%d", di, w), types.HiddenUserServer)
				for r := range rounds {
					var err error
					switch r % 3 {
					case 0:
						_, _, err = dev.Contacts.PutPushName(ctx, contact, fmt.Sprintf("n%d", r))
					case 1: // committed transaction
						err = dev.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
							if _, _, err := dev.Contacts.PutPushName(ctx, contact, fmt.Sprintf("n%d", r)); err != nil {
								return err
							}
							if err := c.LIDMap.PutLIDMapping(ctx, lid, contact); err != nil {
								return err
							}
							return dev.Sessions.MigratePNToLID(ctx, contact, lid)
						})
					case 2: // rolled-back transaction: must leave no trace
						err = dev.EventBuffer.DoDecryptionTxn(ctx, func(ctx context.Context) error {
							if _, _, err := dev.Contacts.PutPushName(ctx, contact, "never"); err != nil {
								return err
							}
							if err := c.LIDMap.PutLIDMapping(ctx, types.NewJID("1"+lid.User, types.HiddenUserServer), contact); err != nil {
								return err
							}
							return rollback
						})
						if errors.Is(err, rollback) {
							err = nil
						}
					}
					if err == nil {
						_, err = dev.Contacts.GetContact(ctx, contact)
					}
					if err == nil {
						_, err = c.LIDMap.GetLIDForPN(ctx, contact)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	fresh := NewContainer(db, nil)
	for di, dev := range devs {
		reloaded, err := fresh.GetDevice(ctx, *dev.ID)
		if err != nil {
			t.Fatal(err)
		}
		for w := range workers {
			contact := types.NewJID(fmt.Sprintf("5%d%d", di, w), types.DefaultUserServer)
			cached, _ := dev.Contacts.GetContact(ctx, contact)
			stored, _ := reloaded.Contacts.GetContact(ctx, contact)
			if cached != stored || stored.PushName != fmt.Sprintf("n%d", rounds-2) {
				t.Errorf("contact %s: cached %+v, stored %+v", contact, cached, stored)
			}
			cachedLID, _ := c.LIDMap.GetLIDForPN(ctx, contact)
			storedLID, _ := fresh.LIDMap.GetLIDForPN(ctx, contact)
			if cachedLID != storedLID || storedLID.User != fmt.Sprintf("9%d%d", di, w) {
				t.Errorf("LID of %s: cached %v, stored %v", contact, cachedLID, storedLID)
			}
		}
	}
}
