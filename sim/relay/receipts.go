package relay

import (
	"context"
	"fmt"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// handleReceipt forwards a client's 1:1 receipt (delivered, read, played, retry, ...) to the device(s)
// that sent the message, and acks it: "to" names the sender device (delivery) or the sender user (read
// receipts from MarkRead). Group receipts are routed to the groups package by server.HandleStanzaTo.
func (r *Relay) handleReceipt(ctx context.Context, sess *server.Session, rc *waBinary.Node) error {
	reader, _ := sess.Device()
	id, _ := rc.Attrs["id"].(string)
	to, ok := rc.Attrs["to"].(types.JID)
	if id == "" || !ok {
		return fmt.Errorf("%w: receipt needs id and a JID to", server.ErrBadRequest)
	}
	attrs := waBinary.Attrs{"id": id, "t": time.Now().Unix()}
	for _, k := range []string{"type", "recipient"} {
		if v, ok := rc.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	if to.Server != types.DefaultUserServer && to.Server != types.HiddenUserServer {
		return fmt.Errorf("%w: receipts to %s are not supported by the simulator", server.ErrBadRequest, to.Server)
	}
	attrs["from"] = reader
	targets := []types.JID{to}
	switch typ, _ := rc.Attrs["type"].(string); {
	case to.User == reader.User && (typ == "peer_msg" || typ == "hist_sync"):
		// Receipts for the phone's own peer messages go back to the phone (device 0).
		targets = []types.JID{types.JID{User: reader.User, Server: types.DefaultUserServer}}
	case typ == "read-self":
		// Read without telling the sender (read receipts off): only the reader's other devices
		// learn of it, with the chat as recipient.
		attrs["recipient"] = to
		targets = r.companions(reader.ToNonAD(), reader)
	case to.Device == 0:
		targets = r.companions(to, reader)
	}
	for _, target := range targets {
		node := &waBinary.Node{Tag: "receipt", Attrs: attrs, Content: rc.Content}
		if err := r.srv.Deliver(ctx, target, node); err != nil {
			r.srv.Logger().Debug("sim: receipt not delivered", "to", target, "err", err)
		}
	}
	ack := waBinary.Attrs{"class": "receipt", "id": id, "from": to}
	if t, ok := rc.Attrs["type"]; ok {
		ack["type"] = t
	}
	return sess.Send(&waBinary.Node{Tag: "ack", Attrs: ack})
}

// companions lists the companion devices of user's account except the one that sent the receipt.
func (r *Relay) companions(user, except types.JID) []types.JID {
	acct, err := r.srv.Accounts().Resolve(user)
	if err != nil {
		return nil
	}
	devs, err := r.srv.Accounts().Devices(acct.Phone)
	if err != nil {
		r.srv.Logger().Error("sim: receipt targets", "user", user, "err", err)
		return nil
	}
	var out []types.JID
	for _, d := range devs {
		if d.Virtual() || (d.Phone == except.User && d.ID == except.Device) {
			continue
		}
		out = append(out, d.JID())
	}
	return out
}
