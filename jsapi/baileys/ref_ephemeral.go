package baileys

import (
	"context"
	"math"
	"time"

	"go.mau.fi/whatsmeow"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	methods["groupToggleEphemeral"] = method{[]string{"jid", "ephemeralExpiration"}, groupToggleEphemeral}
}

// groupToggleEphemeral sets a group's disappearing-messages timer in seconds (0 turns it off), as
// Baileys' groupToggleEphemeral; the server accepts 24 h, 7 d and 90 d, and refuses the change
// with 403 when the group is locked and the bot is not an admin.
func groupToggleEphemeral(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	g, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	// Scripts' whole numbers arrive as int64 (jsval's number model).
	secs, ok := a[1].(int64)
	if !ok || secs < 0 || secs > math.MaxUint32 {
		return nil, errs.BadField("ephemeralExpiration", "a whole number of seconds ≥ 0 expected, got %s", jsval.Stringify(a[1]))
	}
	return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return cli.SetDisappearingTimer(ctx, g, time.Duration(secs)*time.Second, time.Now())
	})
}
