package baileys

import (
	"context"
	"maps"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	maps.Copy(methods, map[string]method{
		"fetchBlocklist":    {nil, fetchBlocklist},
		"updateBlockStatus": {[]string{"jid", "action"}, updateBlockStatus},
		"rejectCall":        {[]string{"callId", "callFrom"}, rejectCall},
	})
}

// fetchBlocklist resolves to the blocked JIDs as strings, as Baileys does.
func fetchBlocklist(ctx context.Context, _ *botState, s *protocol.Session, _ []jsval.Value) (jsval.Value, error) {
	var list *types.Blocklist
	err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		var err error
		list, err = cli.GetBlocklist(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make(jsval.Array, len(list.JIDs))
	for i, j := range list.JIDs {
		out[i] = j.String()
	}
	return out, nil
}

// updateBlockStatus blocks or unblocks; the blocklist.update event comes
// from the server's account_sync notification like any other change.
func updateBlockStatus(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	j, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	action, err := str(a[1], "action")
	if err != nil {
		return nil, err
	}
	if action != string(wmevents.BlocklistChangeActionBlock) && action != string(wmevents.BlocklistChangeActionUnblock) {
		return nil, errs.BadField("action", "%q is not 'block' or 'unblock'", action)
	}
	_, err = s.UpdateBlocklist(ctx, j.ToNonAD(), wmevents.BlocklistChangeAction(action))
	return jsval.Undefined, err
}

func rejectCall(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	id, err := str(a[0], "callId")
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errs.BadField("callId", "the call id must not be empty")
	}
	from, err := jidArg(a[1], "callFrom")
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return cli.RejectCall(ctx, from, id)
	})
}
