package baileys

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"

	"github.com/botrt/botrt/protocol"
)

// sendAppState brings the patch's collection up to date and then sends the patch, as Baileys' appPatch
// resyncs a collection before it encodes a change. whatsmeow encodes a patch against the version it has
// stored and sends it without holding its sync lock (FetchAppState takes it, so this waits for a sync
// that is running): a send while the session's first sync of the collection runs (it starts when the
// phone's key arrives) goes out against version 0, and the server's 409 carries the patches that sync
// is storing; whatsmeow applies them over its stale state, finds their entries' MACs already stored as
// earlier values, and fails the LTHash check.
func sendAppState(ctx context.Context, s *protocol.Session, p appstate.PatchInfo) error {
	return s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		if err := cli.FetchAppState(ctx, p.Type, false, false); err != nil {
			return fmt.Errorf("sync %s before changing it: %w", p.Type, err)
		}
		return cli.SendAppState(ctx, p)
	})
}
