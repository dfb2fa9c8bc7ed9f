package baileys

import (
	"context"
	"maps"
	"strconv"
	"time"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	maps.Copy(methods, map[string]method{
		"fetchStatus":       {[]string{"...jids"}, fetchStatus},
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

// updateBlockStatus blocks or unblocks; blocklist.update follows on this
// device and, through the server, on the account's other devices.
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
	return jsval.Undefined, s.UpdateBlockStatus(ctx, j.ToNonAD(), wmevents.BlocklistChangeAction(action))
}

// fetchStatus(...jids) resolves to Baileys' usync result list,
// [{ id, status: { status, setAt } }]: the about text (null when unset, the
// empty string when hidden from the bot) and when it was set. whatsmeow's GetUserInfo
// drops the time, so this is the raw usync query Baileys sends.
func fetchStatus(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	list := a[0].(jsval.Array)
	if len(list) == 0 {
		return nil, errs.BadField("jids", "at least one jid expected")
	}
	users := make([]waBinary.Node, len(list))
	for i, v := range list {
		j, err := jidArg(v, "jids["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		users[i] = waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": j.ToNonAD()}}
	}
	res, err := serverIQ(ctx, s, "usync", "get", waBinary.Node{Tag: "usync",
		Attrs:   waBinary.Attrs{"sid": strconv.FormatInt(time.Now().UnixNano(), 36), "mode": "query", "last": "true", "index": "0", "context": "interactive"},
		Content: []waBinary.Node{{Tag: "query", Content: []waBinary.Node{{Tag: "status"}}}, {Tag: "list", Content: users}}})
	if err != nil {
		return nil, err
	}
	usync, _ := res.GetOptionalChildByTag("usync")
	listed := usync.GetChildByTag("list")
	users = listed.GetChildrenByTag("user")
	out := jsval.Array{}
	for _, u := range users {
		st, ok := u.GetOptionalChildByTag("status")
		if !ok {
			continue
		}
		ag := st.AttrGetter()
		var text jsval.Value
		if b, _ := st.Content.([]byte); len(b) > 0 {
			text = string(b)
		} else if ag.OptionalInt("code") == 401 {
			text = ""
		}
		setAt := ag.OptionalUnixTime("t")
		if setAt.IsZero() {
			setAt = time.Unix(0, 0) // Baileys: new Date(0) when the server gives no time
		}
		out = append(out, jsval.NewObject().Set("id", u.AttrGetter().OptionalJIDOrEmpty("jid").String()).
			Set("status", jsval.NewObject().Set("status", text).Set("setAt", setAt)))
	}
	return out, nil
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
