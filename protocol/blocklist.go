package protocol

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
)

// UpdateBlockStatus blocks or unblocks jid (Baileys' updateBlockStatus) and queues the
// blocklist.update scripts expect on this device too. The server tells the account's other
// devices through an account_sync notification, which arrives as the same event there; the device
// that made the change learns of it only from the answer, so the session queues the event itself.
func (s *Session) UpdateBlockStatus(ctx context.Context, jid types.JID, action wmevents.BlocklistChangeAction) error {
	if _, err := s.UpdateBlocklist(ctx, jid, action); err != nil {
		return err
	}
	evs := s.tr.Translate(ctx, &wmevents.Blocklist{
		Changes: []wmevents.BlocklistChange{{JID: jid, Action: action}}})
	if err := s.queueEvents(ctx, evs...); err != nil {
		return fmt.Errorf("protocol: %s %s done, but its blocklist.update was not queued: %w", action, jid, err)
	}
	return nil
}
