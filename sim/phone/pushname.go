package phone

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow/appstate"
	wastore "go.mau.fi/whatsmeow/store"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/botrt/botrt/sim/accounts"
	simappstate "github.com/botrt/botrt/sim/appstate"
)

// UseAppState lets the phones write their own app state (the push name) into the account's
// collections; without it they write none.
func (p *Phones) UseAppState(a *simappstate.Service) { p.appState = a }

// seedPushName puts the account's push name (setting_pushName) into its critical_block collection
// while that is still empty, encrypted with the account's app-state key, as a real phone's app state
// holds it: companions learn their own push name only from there, and neither whatsmeow nor Baileys
// sends presence without one.
func (p *Phones) seedPushName(ctx context.Context, acct *accounts.Account) error {
	if p.appState == nil || acct.Name == "" {
		return nil
	}
	coll := string(appstate.WAPatchCriticalBlock)
	if v, err := p.appState.Version(acct.Phone, coll); err != nil || v > 0 {
		return err // a companion or an earlier seed wrote it
	}
	keyID, keyData, ts, err := p.appStateKey(acct.Phone)
	if err != nil {
		return err
	}
	p.mu.Lock()
	patch, err := p.encodePushName(ctx, acct, keyID, keyData, ts)
	p.mu.Unlock()
	if err != nil {
		return fmt.Errorf("sim phone: push name patch: %w", err)
	}
	err = p.appState.Append(ctx, acct.DeviceJID(accounts.PhoneDevice), coll, 0, patch)
	if errors.Is(err, simappstate.ErrConflict) {
		return nil // a companion wrote the collection first: its state stands
	}
	return err
}

// encodePushName encodes the patch with whatsmeow's app-state processor over the phone's own device
// store, which is given the account's key for it. p.mu must be held.
func (p *Phones) encodePushName(ctx context.Context, acct *accounts.Account, keyID, keyData []byte, ts int64) ([]byte, error) {
	dev, err := p.device(ctx, acct)
	if err != nil {
		return nil, err
	}
	if err := dev.AppStateKeys.PutAppStateSyncKey(ctx, keyID, wastore.AppStateSyncKey{Data: keyData, Timestamp: ts}); err != nil {
		return nil, err
	}
	proc := appstate.NewProcessor(dev, waLog.Noop)
	return proc.EncodePatch(ctx, keyID, appstate.HashState{}, appstate.BuildSettingPushName(acct.Name))
}
