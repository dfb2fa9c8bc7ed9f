// Package relay moves end-to-end encrypted messages and their receipts between devices. The server never
// decrypts: a client's <message> lists one <enc> per target device, and the relay hands each device its
// own envelope (with the sender's identity attributes), acks the sender, and forwards receipts back.
// Persistence, dedupe and offline delivery come from server.Deliver.
package relay

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/directory"
	"github.com/botrt/botrt/sim/server"
)

// Relay routes messages and receipts on a server.
type Relay struct {
	srv     *server.Server
	blocked atomic.Pointer[func(recipient, sender string) bool]
}

// SetBlockCheck makes the relay drop messages whose recipient account has blocked the sender account
// (both phone numbers); the sender still gets its ack, as on WhatsApp. sim/profile provides it.
func (r *Relay) SetBlockCheck(fn func(recipient, sender string) bool) { r.blocked.Store(&fn) }

// New installs message and receipt handling on srv.
func New(srv *server.Server) *Relay {
	r := &Relay{srv: srv}
	srv.HandleStanza("message", r.handleMessage)
	srv.HandleStanza("receipt", r.handleReceipt)
	return r
}

func (r *Relay) handleMessage(ctx context.Context, sess *server.Session, msg *waBinary.Node) error {
	ag := msg.AttrGetter()
	id := ag.OptionalString("id")
	to, ok := msg.Attrs["to"].(types.JID)
	if id == "" || !ok {
		return fmt.Errorf("%w: message needs id and a JID to", server.ErrBadRequest)
	}
	// Chats on other servers (groups) are routed by their own packages through server.HandleStanzaTo.
	if to.Server != types.DefaultUserServer && to.Server != types.HiddenUserServer {
		return fmt.Errorf("%w: messages to %s are not supported by the simulator", server.ErrBadRequest, to.Server)
	}
	if err := r.relayDirect(ctx, sess, to, msg); err != nil {
		return err
	}
	phash := ""
	if !isPeer(msg) { // a peer message goes to the phone alone: there is no device list to compare
		phash = r.participantHash(sess, to)
	}
	return sess.Send(Ack(msg, to, phash))
}

// isPeer reports whether msg is a peer message: one a device sends its own account's phone (app-state
// key requests, history and placeholder resend requests).
func isPeer(msg *waBinary.Node) bool {
	category, _ := msg.Attrs["category"].(string)
	return category == "peer"
}

// Ack is the server's <ack class="message"> for a client's message; SendMessage returns when it arrives.
// phash may be empty.
func Ack(msg *waBinary.Node, chat types.JID, phash string) *waBinary.Node {
	attrs := waBinary.Attrs{"class": "message", "id": msg.Attrs["id"], "from": chat, "t": time.Now().Unix()}
	if phash != "" {
		attrs["phash"] = phash
	}
	return &waBinary.Node{Tag: "ack", Attrs: attrs}
}

// relayDirect delivers a 1:1 message: one envelope per <participants><to jid> entry, or the message's
// own <enc> children when it is addressed to a single device: a retry resend names that device, and a
// peer message names the sender's own account, whose phone (device 0) is its only recipient, as on
// WhatsApp (whatsmeow's and Baileys' peer sends encrypt for device 0 alone).
func (r *Relay) relayDirect(ctx context.Context, sess *server.Session, to types.JID, msg *waBinary.Node) error {
	sender, _ := sess.Device()
	extra := passthroughChildren(msg)
	participants, hasParticipants := msg.GetOptionalChildByTag("participants")
	if !hasParticipants {
		if to.Device == 0 && !r.ownAccount(sender, to) {
			return fmt.Errorf("%w: message to another account's %s without participants must name a device", server.ErrBadRequest, to)
		}
		encs := msg.GetChildrenByTag("enc")
		if len(encs) == 0 {
			return fmt.Errorf("%w: message without enc", server.ErrBadRequest)
		}
		return r.deliverEnvelope(ctx, sess, sender, to, to.ToNonAD(), msg, encs, extra)
	}
	for _, target := range participants.GetChildren() {
		dev, ok := target.Attrs["jid"].(types.JID)
		if target.Tag != "to" || !ok {
			return fmt.Errorf("%w: participants may only hold <to jid>", server.ErrBadRequest)
		}
		if err := r.deliverEnvelope(ctx, sess, sender, dev, to, msg, target.GetChildrenByTag("enc"), extra); err != nil {
			return err
		}
	}
	return nil
}

// ownAccount reports whether user (phone number or LID) is the account of the sending device.
func (r *Relay) ownAccount(sender, user types.JID) bool {
	acct, err := r.srv.Accounts().Resolve(user.ToNonAD())
	return err == nil && acct.Phone == sender.User
}

// deliverEnvelope builds what one target device receives: from is the sending device, sender_lid the
// account's LID without a device, as WhatsApp sends it (receivers add the device of from to pick the
// Signal address; Baileys 7 reports it as the key's remoteJidAlt), notify the push name; copies for the sender's
// own other devices carry recipient=chat.
func (r *Relay) deliverEnvelope(ctx context.Context, sess *server.Session, sender, target, chat types.JID, msg *waBinary.Node, encs, extra []waBinary.Node) error {
	if len(encs) == 0 {
		return fmt.Errorf("%w: <to %s> without enc", server.ErrBadRequest, target)
	}
	acct, err := r.srv.Accounts().Account(sender.User)
	if err != nil {
		return err
	}
	attrs := waBinary.Attrs{"id": msg.Attrs["id"], "from": sender, "t": time.Now().Unix(), "sender_lid": sess.LID().ToNonAD()}
	for _, k := range []string{"type", "edit", "category", "verified_name"} {
		if v, ok := msg.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	if acct.Name != "" {
		attrs["notify"] = acct.Name
	}
	targetAcct, err := r.srv.Accounts().Resolve(target)
	if err != nil {
		r.srv.Logger().Debug("sim: message to unknown device dropped", "to", target)
		return nil
	}
	if blocked := r.blocked.Load(); blocked != nil && targetAcct.Phone != sender.User && (*blocked)(targetAcct.Phone, sender.User) {
		return nil
	}
	if targetAcct.Phone == sender.User {
		if target.Device == sender.Device {
			return nil // never echo a message to the device that sent it
		}
		attrs["recipient"] = chat
	}
	content := make([]waBinary.Node, 0, len(encs)+len(extra))
	content = append(append(content, encs...), extra...)
	err = r.srv.Deliver(ctx, target, &waBinary.Node{Tag: "message", Attrs: attrs, Content: content})
	if err != nil {
		// A device removed since the sender cached the list: skip it, like WhatsApp does.
		r.srv.Logger().Debug("sim: message not delivered", "to", target, "err", err)
	}
	return nil
}

// passthroughChildren are the message children every recipient gets besides its own <enc>.
func passthroughChildren(msg *waBinary.Node) []waBinary.Node {
	var out []waBinary.Node
	for _, c := range msg.GetChildren() {
		switch c.Tag {
		case "participants", "enc", "reporting":
		default:
			out = append(out, c)
		}
	}
	return out
}

// participantHash is the hash of the device list the sender should have encrypted for: every device of
// the peer and the sender's other devices, in the form (phone number or LID) the message was addressed
// by. A client whose cached lists differ learns it from the ack.
func (r *Relay) participantHash(sess *server.Session, to types.JID) string {
	sender, _ := sess.Device()
	reg := r.srv.Accounts()
	seen := map[types.JID]bool{}
	var jids []types.JID
	for _, user := range []types.JID{to, sender} {
		acct, err := reg.Resolve(user.ToNonAD())
		if err != nil {
			return "" // an unknown peer has no list to compare
		}
		devs, err := reg.Devices(acct.Phone)
		if err != nil {
			return ""
		}
		for _, d := range devs {
			if acct.Phone == sender.User && d.ID == sender.Device {
				continue
			}
			j := d.JID()
			if to.Server == types.HiddenUserServer {
				j = acct.DeviceLID(d.ID)
			}
			if !seen[j] {
				seen[j] = true
				jids = append(jids, j)
			}
		}
	}
	return directory.DeviceHash(jids)
}
