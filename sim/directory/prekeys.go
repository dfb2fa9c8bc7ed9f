package directory

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

const (
	// lowPreKeyCount is when the server asks a device to upload more one-time pre-keys; whatsmeow
	// uploads when told a count below its MinPreKeyCount (5).
	lowPreKeyCount = 5
	// maxPreKeysPerUpload bounds one upload (whatsmeow sends 812 the first time).
	maxPreKeysPerUpload = 2000
)

func (d *Directory) handleEncrypt(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	dev, _ := iq.Session.Device()
	switch {
	case iq.Type == "get" && hasChild(iq.Node, "count"):
		n, err := d.reg.PreKeyCount(dev)
		if err != nil {
			return waBinary.Node{}, err
		}
		return waBinary.Node{Content: []waBinary.Node{{Tag: "count", Attrs: waBinary.Attrs{"value": n}}}}, nil
	case iq.Type == "get" && hasChild(iq.Node, "key"):
		return d.bundles(ctx, iq.Node.GetChildByTag("key"))
	case iq.Type == "get" && hasChild(iq.Node, "digest"):
		return d.digest(dev)
	case iq.Type == "set" && hasChild(iq.Node, "list"):
		return waBinary.Node{}, d.upload(dev, iq.Node)
	default:
		return waBinary.Node{}, server.ErrIQNotImplemented
	}
}

// upload stores a device's pre-keys: <registration/><type/><identity/><list><key>…</key></list><skey/>.
func (d *Directory) upload(dev types.JID, node *waBinary.Node) error {
	regID, _ := node.GetChildByTag("registration").Content.([]byte)
	identity, _ := node.GetChildByTag("identity").Content.([]byte)
	if len(regID) != 4 || len(identity) != 32 {
		return server.BadRequest("pre-key upload needs a 4-byte registration id and a 32-byte identity")
	}
	skeyNode := node.GetChildByTag("skey")
	skey, err := parseKey(skeyNode, true)
	if err != nil {
		return err
	}
	listNode := node.GetChildByTag("list")
	list := listNode.GetChildren()
	if len(list) > maxPreKeysPerUpload {
		return server.BadRequest("at most %d pre-keys per upload", maxPreKeysPerUpload)
	}
	up := accounts.KeyUpload{RegistrationID: binary.BigEndian.Uint32(regID), IdentityPub: identity,
		SignedPreKey: accounts.SignedPreKey{ID: skey.id, Public: skey.pub, Signature: skey.sig}}
	for _, kn := range list {
		k, err := parseKey(kn, false)
		if err != nil {
			return err
		}
		up.PreKeys = append(up.PreKeys, accounts.PreKey{ID: k.id, Public: k.pub})
	}
	if err := d.reg.UploadKeys(dev, up); err != nil {
		if errors.Is(err, accounts.ErrIdentityChanged) {
			return server.ErrIQNotAcceptable
		}
		return err
	}
	return nil
}

// bundles answers a pre-key fetch, consuming one one-time key per device, and asks devices that run low
// to upload more.
func (d *Directory) bundles(ctx context.Context, keyNode waBinary.Node) (waBinary.Node, error) {
	var users []waBinary.Node
	for _, u := range keyNode.GetChildren() {
		jid, ok := u.Attrs["jid"].(types.JID)
		if u.Tag != "user" || !ok {
			return waBinary.Node{}, server.BadRequest("pre-key request needs <user jid>")
		}
		users = append(users, d.bundle(ctx, jid))
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "list", Content: users}}}, nil
}

func (d *Directory) bundle(ctx context.Context, jid types.JID) waBinary.Node {
	dev, err := d.reg.Device(jid)
	if err != nil {
		code, text := 500, "internal-server-error"
		if errors.Is(err, accounts.ErrNotFound) {
			code, text = 404, "item-not-found"
		} else {
			d.srv.Logger().Error("sim: pre-key bundle", "device", jid, "err", err)
		}
		return waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid},
			Content: []waBinary.Node{{Tag: "error", Attrs: waBinary.Attrs{"code": code, "text": text}}}}
	}
	children := []waBinary.Node{
		{Tag: "registration", Content: binary.BigEndian.AppendUint32(nil, dev.RegistrationID)},
		{Tag: "type", Content: []byte{5}},
		{Tag: "identity", Content: dev.IdentityPub},
	}
	if !dev.Virtual() {
		pk, err := d.reg.TakePreKey(jid)
		if err != nil {
			d.srv.Logger().Error("sim: take pre-key", "device", jid, "err", err)
		} else if pk != nil {
			children = append(children, keyNode("key", pk.ID, pk.Public, nil))
		}
		d.maybeAskForPreKeys(ctx, dev.JID())
	}
	children = append(children, keyNode("skey", dev.SignedPreKey.ID, dev.SignedPreKey.Public, dev.SignedPreKey.Signature))
	return waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid}, Content: children}
}

// maybeAskForPreKeys sends <notification type="encrypt"><count value/></notification> when a device's
// one-time pre-keys run low; it is delivered through the offline queue so it reaches the device later.
func (d *Directory) maybeAskForPreKeys(ctx context.Context, dev types.JID) {
	n, err := d.reg.PreKeyCount(dev)
	if err != nil || n >= lowPreKeyCount {
		return
	}
	err = d.srv.Deliver(ctx, dev, &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": types.ServerJID, "type": "encrypt", "id": d.nextID(), "t": time.Now().Unix()},
		Content: []waBinary.Node{{Tag: "count", Attrs: waBinary.Attrs{"value": n}}}})
	if err != nil {
		d.srv.Logger().Error("sim: pre-key low notification", "device", dev, "err", err)
	}
}

// digest describes the key bundle the server holds for the asking device (WhatsApp Web's digest job;
// Baileys re-uploads its pre-keys when the answer has no <digest>). The hash is SHA-1 over the identity,
// the signed pre-key and its signature, and the one-time pre-keys in id order: clients known to ask
// only check that the digest is there.
func (d *Directory) digest(jid types.JID) (waBinary.Node, error) {
	dev, err := d.reg.Device(jid)
	if err != nil {
		return waBinary.Node{}, err
	}
	pks, err := d.reg.PreKeys(jid)
	if err != nil {
		return waBinary.Node{}, err
	}
	h := sha1.New()
	h.Write(dev.IdentityPub)
	h.Write(dev.SignedPreKey.Public)
	h.Write(dev.SignedPreKey.Signature)
	ids := make([]waBinary.Node, len(pks))
	for i, pk := range pks {
		h.Write(pk.Public)
		ids[i] = waBinary.Node{Tag: "id", Content: []byte{byte(pk.ID >> 16), byte(pk.ID >> 8), byte(pk.ID)}}
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "digest", Content: []waBinary.Node{
		{Tag: "registration", Content: binary.BigEndian.AppendUint32(nil, dev.RegistrationID)},
		{Tag: "type", Content: []byte{5}},
		{Tag: "identity", Content: dev.IdentityPub},
		keyNode("skey", dev.SignedPreKey.ID, dev.SignedPreKey.Public, dev.SignedPreKey.Signature),
		{Tag: "list", Content: ids},
		{Tag: "hash", Content: h.Sum(nil)},
	}}}}, nil
}

type parsedKey struct {
	id       uint32
	pub, sig []byte
}

func parseKey(n waBinary.Node, signed bool) (parsedKey, error) {
	id, _ := n.GetChildByTag("id").Content.([]byte)
	pub, _ := n.GetChildByTag("value").Content.([]byte)
	var k parsedKey
	if len(id) != 3 || len(pub) != 32 {
		return k, server.BadRequest("%s needs a 3-byte id and a 32-byte value", n.Tag)
	}
	k.id, k.pub = uint32(id[0])<<16|uint32(id[1])<<8|uint32(id[2]), pub
	if signed {
		k.sig, _ = n.GetChildByTag("signature").Content.([]byte)
		if len(k.sig) != 64 {
			return k, server.BadRequest("skey needs a 64-byte signature")
		}
	}
	return k, nil
}

func keyNode(tag string, id uint32, pub, sig []byte) waBinary.Node {
	children := []waBinary.Node{
		{Tag: "id", Content: []byte{byte(id >> 16), byte(id >> 8), byte(id)}},
		{Tag: "value", Content: pub},
	}
	if sig != nil {
		children = append(children, waBinary.Node{Tag: "signature", Content: sig})
	}
	return waBinary.Node{Tag: tag, Content: children}
}

func hasChild(n *waBinary.Node, tag string) bool {
	_, ok := n.GetOptionalChildByTag(tag)
	return ok
}
