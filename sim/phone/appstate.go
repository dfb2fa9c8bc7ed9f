package phone

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mau.fi/whatsmeow/appstate"
	wastore "go.mau.fi/whatsmeow/store"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/botrt/botrt/sim/accounts"
	simappstate "github.com/botrt/botrt/sim/appstate"
)

// UseAppState lets the phones write their own app state into the account's collections; without it
// they write none. The phones then also fill any collection a device asks for while it is still
// empty.
func (p *Phones) UseAppState(a *simappstate.Service) {
	p.appState = a
	a.SetInitialState(p.initialStateOnFetch)
}

// seedAppState writes the phone's initial state into every collection of the account that is still
// empty, encrypted with the account's app-state key, before the phone shares that key: on WhatsApp
// every collection of an account has a version of at least 1, because the phone wrote it. A
// companion's first fetch of a collection that finds nothing leaves it at version 0, and whatsmeow then
// takes the fetch of the first real change as its full sync and reports no event for it.
func (p *Phones) seedAppState(ctx context.Context, acct *accounts.Account) error {
	if p.appState == nil {
		return nil
	}
	for _, name := range appstate.AllPatchNames {
		if err := p.seedCollection(ctx, acct, name); err != nil {
			return fmt.Errorf("sim phone: initial %s: %w", name, err)
		}
	}
	return nil
}

// initialStateOnFetch fills an empty collection a device asks for, if the phone has shared the
// account's key already: accounts of a simulator database written before the phones seeded their
// collections get their initial state on the next sync request. Without a key no companion could read
// it; the key share seeds then.
func (p *Phones) initialStateOnFetch(ctx context.Context, phone, name string) error {
	if !slices.Contains(appstate.AllPatchNames[:], appstate.WAPatchName(name)) {
		return nil // a collection the phone keeps nothing in
	}
	has, err := p.hasAppStateKey(phone)
	if err != nil || !has {
		return err
	}
	acct, err := p.srv.Accounts().Account(phone)
	if err != nil {
		return err
	}
	return p.seedCollection(ctx, acct, appstate.WAPatchName(name))
}

// seedCollection writes the phone's initial state of one collection as its version 1, unless the
// collection has a version already (a companion or an earlier seed wrote it: that state stands).
func (p *Phones) seedCollection(ctx context.Context, acct *accounts.Account, name appstate.WAPatchName) error {
	if v, err := p.appState.Version(acct.Phone, string(name)); err != nil || v > 0 {
		return err
	}
	keyID, keyData, ts, err := p.appStateKey(acct.Phone)
	if err != nil {
		return err
	}
	p.mu.Lock()
	patch, err := p.encodeInitialState(ctx, acct, name, keyID, keyData, ts)
	p.mu.Unlock()
	if err != nil {
		return err
	}
	err = p.appState.Append(ctx, acct.DeviceJID(accounts.PhoneDevice), string(name), 0, patch)
	if errors.Is(err, simappstate.ErrConflict) {
		return nil // written meanwhile
	}
	return err
}

// initialState is what a phone's collection holds before anyone changes anything: the account's push
// name (setting_pushName) in critical_block, since companions learn their own name only from there and
// neither whatsmeow nor Baileys sends presence without one; nothing elsewhere. An empty patch still
// carries the MACs of the version it makes, which companions verify.
func initialState(acct *accounts.Account, name appstate.WAPatchName) appstate.PatchInfo {
	if name == appstate.WAPatchCriticalBlock && acct.Name != "" {
		return appstate.BuildSettingPushName(acct.Name)
	}
	return appstate.PatchInfo{Type: name}
}

// encodeInitialState encodes the initial patch of a collection against its empty state with
// whatsmeow's app-state processor over the phone's own device store, which is given the account's key
// for it. p.mu must be held.
func (p *Phones) encodeInitialState(ctx context.Context, acct *accounts.Account, name appstate.WAPatchName, keyID, keyData []byte, ts int64) ([]byte, error) {
	dev, err := p.device(ctx, acct)
	if err != nil {
		return nil, err
	}
	if err := dev.AppStateKeys.PutAppStateSyncKey(ctx, keyID, wastore.AppStateSyncKey{Data: keyData, Timestamp: ts}); err != nil {
		return nil, err
	}
	proc := appstate.NewProcessor(dev, waLog.Noop)
	return proc.EncodePatch(ctx, keyID, appstate.HashState{}, initialState(acct, name))
}
