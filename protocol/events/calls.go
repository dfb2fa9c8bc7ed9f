package events

import (
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/jsval"
)

// call renders a call signal as Baileys' WACallEvent in a one-element 'call'
// payload: {chatId, from, callerPn?, id, date, offline, status, isVideo?,
// isGroup?, groupJid?}. whatsmeow does not tell offline calls apart, so
// offline is false.
func call(evt any) Event {
	var meta types.BasicCallMeta
	var data *waBinary.Node
	status := ""
	isVideo, isGroup := jsval.Value(jsval.Undefined), jsval.Value(jsval.Undefined)
	switch e := evt.(type) {
	case *wmevents.CallOffer:
		meta, data, status = e.BasicCallMeta, e.Data, "offer"
		isVideo, isGroup = hasChild(data, "video"), !e.GroupJID.IsEmpty() || attr(data, "type") == "group"
	case *wmevents.CallOfferNotice:
		meta, data, status = e.BasicCallMeta, e.Data, "offer"
		isVideo, isGroup = e.Media == "video", e.Type == "group" || !e.GroupJID.IsEmpty()
	case *wmevents.CallAccept:
		meta, data, status = e.BasicCallMeta, e.Data, "accept"
	case *wmevents.CallReject:
		meta, data, status = e.BasicCallMeta, e.Data, "reject"
	case *wmevents.CallTerminate:
		meta, data, status = e.BasicCallMeta, e.Data, "terminate"
		if e.Reason == "timeout" {
			status = "timeout"
		}
	}
	from := meta.CallCreator
	if from.IsEmpty() {
		from = meta.From
	}
	c := jsval.NewObject().
		Set("chatId", meta.From.ToNonAD().String()).
		Set("from", from.ToNonAD().String()).
		SetIf(!meta.CallCreatorAlt.IsEmpty() && meta.CallCreatorAlt.Server == types.DefaultUserServer, "callerPn", jidString(meta.CallCreatorAlt)).
		Set("id", meta.CallID).
		Set("date", meta.Timestamp).
		Set("offline", false).
		Set("status", status).
		Set("isVideo", isVideo).
		Set("isGroup", isGroup).
		SetIf(!meta.GroupJID.IsEmpty(), "groupJid", meta.GroupJID.String())
	return Event{"call", jsval.Array{c}}
}

func hasChild(n *waBinary.Node, tag string) bool {
	if n == nil {
		return false
	}
	_, ok := n.GetOptionalChildByTag(tag)
	return ok
}

func attr(n *waBinary.Node, name string) string {
	if n == nil {
		return ""
	}
	s, _ := n.Attrs[name].(string)
	return s
}
