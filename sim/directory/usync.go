package directory

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/libsignal/ecc"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waVnameCert"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// maxUsyncUsers bounds one query, as WhatsApp does.
const maxUsyncUsers = 1000

// handleUsync answers <usync><query>…</query><list><user …/>…</list></usync> with one <user> per asked
// user carrying the requested facets.
func (d *Directory) handleUsync(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	usync, ok := iq.Node.GetOptionalChildByTag("usync")
	if !ok {
		return waBinary.Node{}, server.BadRequest("usync iq without <usync>")
	}
	queryNode, listNode := usync.GetChildByTag("query"), usync.GetChildByTag("list")
	query, users := queryNode.GetChildren(), listNode.GetChildren()
	if len(users) > maxUsyncUsers {
		return waBinary.Node{}, server.BadRequest("at most %d users per usync", maxUsyncUsers)
	}
	asker, _ := iq.Session.Device()
	out := make([]waBinary.Node, 0, len(users))
	for _, u := range users {
		if u.Tag != "user" {
			continue
		}
		node, err := d.usyncUser(asker, u, query)
		if err != nil {
			return waBinary.Node{}, err
		}
		out = append(out, node)
	}
	attrs := waBinary.Attrs{}
	for _, k := range []string{"sid", "mode", "context", "index", "last"} {
		if v, ok := usync.Attrs[k]; ok {
			attrs[k] = v
		}
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "usync", Attrs: attrs,
		Content: []waBinary.Node{{Tag: "result"}, {Tag: "list", Content: out}}}}}, nil
}

// usyncUser resolves one <user>: by jid (phone or LID) or by <contact>+number</contact>.
func (d *Directory) usyncUser(asker types.JID, u waBinary.Node, query []waBinary.Node) (waBinary.Node, error) {
	jid, hasJID := u.Attrs["jid"].(types.JID)
	var contactEcho []byte
	if contact, ok := u.GetOptionalChildByTag("contact"); ok {
		contactEcho = contentBytes(contact.Content)
		if !hasJID {
			phone := strings.TrimPrefix(strings.SplitN(string(contactEcho), "@", 2)[0], "+")
			if _, err := strconv.ParseUint(phone, 10, 64); err != nil {
				return waBinary.Node{}, server.BadRequest("usync contact %q is not a phone number", contactEcho)
			}
			jid, hasJID = types.NewJID(phone, types.DefaultUserServer), true
		}
	}
	if !hasJID {
		return waBinary.Node{}, server.BadRequest("usync user without jid or contact")
	}
	jid = jid.ToNonAD()
	acct, err := d.reg.Resolve(jid)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return waBinary.Node{}, err
	}
	var children []waBinary.Node
	for _, q := range query {
		switch q.Tag {
		case "devices":
			devs, err := d.deviceList(asker, acct)
			if err != nil {
				return waBinary.Node{}, err
			}
			if acct != nil {
				if err := d.watchers.add(asker.User, acct.Phone); err != nil {
					return waBinary.Node{}, err
				}
			}
			children = append(children, devs)
		case "lid":
			if acct != nil {
				children = append(children, waBinary.Node{Tag: "lid", Attrs: waBinary.Attrs{"val": acct.LIDJID()}})
			} else {
				children = append(children, waBinary.Node{Tag: "lid"})
			}
		case "contact":
			typ := "out"
			if acct != nil {
				typ = "in"
			}
			children = append(children, waBinary.Node{Tag: "contact", Attrs: waBinary.Attrs{"type": typ}, Content: contactEcho})
		case "status", "picture":
			node, err := d.profileFacet(q.Tag, acct)
			if err != nil {
				return waBinary.Node{}, err
			}
			children = append(children, node)
		case "disappearing_mode":
			node, err := d.disappearingFacet(acct)
			if err != nil {
				return waBinary.Node{}, err
			}
			children = append(children, node)
		case "business":
			if acct != nil && acct.Business {
				vn, err := verifiedName(acct)
				if err != nil {
					return waBinary.Node{}, err
				}
				children = append(children, vn)
			}
		}
	}
	return waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid}, Content: children}, nil
}

// profileFacet is <status t>text</status> or <picture id/> for acct; empty when unknown or unset.
func (d *Directory) profileFacet(tag string, acct *accounts.Account) (waBinary.Node, error) {
	empty := waBinary.Node{Tag: tag}
	if acct == nil {
		return empty, nil
	}
	p := d.profiles.Load()
	if p == nil {
		if tag == "status" && acct.Status != "" {
			return waBinary.Node{Tag: "status", Attrs: waBinary.Attrs{"t": acct.Created.Unix()}, Content: []byte(acct.Status)}, nil
		}
		return empty, nil
	}
	if tag == "picture" {
		id, err := (*p).PictureID(acct.JID())
		if err != nil || id == "" {
			return empty, err
		}
		return waBinary.Node{Tag: "picture", Attrs: waBinary.Attrs{"id": id}}, nil
	}
	text, at, err := (*p).About(acct.Phone)
	if err != nil || text == "" {
		return empty, err
	}
	return waBinary.Node{Tag: "status", Attrs: waBinary.Attrs{"t": at.Unix()}, Content: []byte(text)}, nil
}

// disappearingFacet is <disappearing_mode duration t/>, acct's default message timer in seconds and
// when it was set (0 and 0 when it set none); empty for unknown accounts.
func (d *Directory) disappearingFacet(acct *accounts.Account) (waBinary.Node, error) {
	if acct == nil {
		return waBinary.Node{Tag: "disappearing_mode"}, nil
	}
	var timer time.Duration
	var at int64
	if p := d.profiles.Load(); p != nil {
		dur, set, err := (*p).DefaultDisappearing(acct.Phone)
		if err != nil {
			return waBinary.Node{}, err
		}
		if !set.IsZero() {
			timer, at = dur, set.Unix()
		}
	}
	return waBinary.Node{Tag: "disappearing_mode", Attrs: waBinary.Attrs{
		"duration": strconv.FormatInt(int64(timer/time.Second), 10), "t": strconv.FormatInt(at, 10)}}, nil
}

// deviceList is <devices><device-list><device id [key-index]/>…</device-list></devices>, leaving out the
// asking device itself (clients would otherwise encrypt to themselves).
func (d *Directory) deviceList(asker types.JID, acct *accounts.Account) (waBinary.Node, error) {
	var list []waBinary.Node
	if acct != nil {
		devs, err := d.reg.Devices(acct.Phone)
		if err != nil {
			return waBinary.Node{}, err
		}
		for _, dev := range devs {
			if acct.Phone == asker.User && dev.ID == asker.Device {
				continue
			}
			attrs := waBinary.Attrs{"id": int(dev.ID)}
			if !dev.Virtual() {
				// Baileys ignores companions without a key index; ours is the device number.
				attrs["key-index"] = int(dev.ID)
			}
			list = append(list, waBinary.Node{Tag: "device", Attrs: attrs})
		}
	}
	return waBinary.Node{Tag: "devices", Content: []waBinary.Node{{Tag: "device-list", Content: list}}}, nil
}

// contentBytes accepts node content a client sent as bytes or as a (tokenised) string.
func contentBytes(c any) []byte {
	switch v := c.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return nil
}

// verifiedName is a business account's <business><verified_name> certificate naming its push name,
// signed by the account's phone key (clients read the details; none checks WhatsApp's signature).
func verifiedName(acct *accounts.Account) (waBinary.Node, error) {
	details, err := proto.Marshal(&waVnameCert.VerifiedNameCertificate_Details{
		Serial: proto.Uint64(1), Issuer: proto.String("smb:sim"), VerifiedName: proto.String(acct.Name)})
	if err != nil {
		return waBinary.Node{}, err
	}
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey([32]byte(acct.PhoneKey)), details)
	cert, err := proto.Marshal(&waVnameCert.VerifiedNameCertificate{Details: details, Signature: sig[:]})
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Tag: "business", Content: []waBinary.Node{{Tag: "verified_name", Attrs: waBinary.Attrs{"v": "2"}, Content: cert}}}, nil
}
