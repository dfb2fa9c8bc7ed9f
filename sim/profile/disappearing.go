package profile

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// prefixDisappearing holds disappearing/<phone> → disappearingEntry: the timer an account's new
// chats start with (WhatsApp's "default message timer").
const prefixDisappearing = "sim/profile/disappearing/"

type disappearingEntry struct {
	Seconds int64 `json:"s"`
	At      int64 `json:"t"` // unix seconds
}

// defaultTimers are the choices WhatsApp offers for the default message timer: off, 24 hours,
// 7 days and 90 days.
var defaultTimers = map[int64]bool{0: true, 24 * 60 * 60: true, 7 * 24 * 60 * 60: true, 90 * 24 * 60 * 60: true}

// DefaultDisappearing returns an account's default message timer and when it was set; zero values
// when it never set one.
func (s *Service) DefaultDisappearing(phone string) (time.Duration, time.Time, error) {
	var e disappearingEntry
	var found bool
	err := s.db.View(func(txn *badger.Txn) (err error) {
		found, err = getJSON(txn, prefixDisappearing+phone, &e)
		return err
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("profile: default timer of %s: %w", phone, err)
	}
	if !found {
		return 0, time.Time{}, nil
	}
	return time.Duration(e.Seconds) * time.Second, time.Unix(e.At, 0), nil
}

// handleDisappearing answers <iq xmlns="disappearing_mode" type="set"><disappearing_mode
// duration="seconds"/></iq> (whatsmeow's SetDefaultDisappearingTimer, Baileys'
// updateDefaultDisappearingMode): it stores the account's default timer and tells the account's
// other devices through account_sync, as Baileys reads it (creds accountSettings).
func (s *Service) handleDisappearing(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	if iq.Type != "set" {
		return waBinary.Node{}, server.BadRequest("disappearing_mode iq type %q", iq.Type)
	}
	acct, dev, err := s.actor(iq)
	if err != nil {
		return waBinary.Node{}, err
	}
	req, ok := iq.Node.GetOptionalChildByTag("disappearing_mode")
	if !ok {
		return waBinary.Node{}, server.BadRequest("disappearing_mode iq without <disappearing_mode>")
	}
	raw, _ := req.Attrs["duration"].(string)
	secs, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || !defaultTimers[secs] {
		return waBinary.Node{}, server.BadRequest("disappearing_mode duration %q is not 0, 86400, 604800 or 7776000", raw)
	}
	now := time.Now().Unix()
	if err := s.db.Update(func(txn *badger.Txn) error {
		return jsonkv.Put(txn, prefixDisappearing+acct.Phone, disappearingEntry{Seconds: secs, At: now})
	}); err != nil {
		return waBinary.Node{}, fmt.Errorf("profile: set default timer of %s: %w", acct.Phone, err)
	}
	s.notifyOwnDevices(ctx, acct, dev, waBinary.Node{Tag: "disappearing_mode",
		Attrs: waBinary.Attrs{"duration": strconv.FormatInt(secs, 10), "t": strconv.FormatInt(now, 10)}})
	return waBinary.Node{}, nil
}
