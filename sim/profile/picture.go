package profile

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/groups"
	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

const (
	// PictureHost is the host picture URLs name; clients of the simulator route every host to it.
	PictureHost = "pps.whatsapp.net"
	// MaxPicture bounds an uploaded picture (WhatsApp's clients send well under 1 MB).
	MaxPicture = 5 << 20
	// previewSide is the longest side of the preview served for type="preview".
	previewSide = 96
)

// Picture is the current profile picture of an account or group.
type Picture struct {
	ID     string `json:"id"`
	Author string `json:"author"` // phone of who set it
	At     int64  `json:"t"`
}

func (p *Picture) directPath(kind string) string { return "/pp/" + p.ID + "/" + kind }

// PictureOf returns the current picture of an account (phone JID) or group, or nil if none is set.
func (s *Service) PictureOf(owner types.JID) (*Picture, error) {
	var p Picture
	var found bool
	err := s.db.View(func(txn *badger.Txn) (err error) {
		found, err = getJSON(txn, prefixPic+owner.ToNonAD().String(), &p)
		return err
	})
	if err != nil || !found {
		return nil, err
	}
	return &p, nil
}

// PictureID is the id of an account's picture, or "" (for usync's <picture id>). jid may be a phone or LID.
func (s *Service) PictureID(jid types.JID) (string, error) {
	acct, err := s.reg.Resolve(jid)
	if err != nil {
		return "", err
	}
	p, err := s.PictureOf(acct.JID())
	if err != nil || p == nil {
		return "", err
	}
	return p.ID, nil
}

// SetPicture stores jpegData as owner's picture, set by the account author, and notifies who sees it;
// nil jpegData removes the picture. It returns the new picture (nil after a removal). The caller has
// checked that author may change owner's picture.
func (s *Service) SetPicture(ctx context.Context, owner types.JID, author *accounts.Account, jpegData []byte) (*Picture, error) {
	owner = owner.ToNonAD()
	var pic *Picture
	var preview []byte
	if jpegData != nil {
		var err error
		if preview, err = makePreview(jpegData); err != nil {
			return nil, err
		}
		pic = &Picture{ID: newPictureID(), Author: author.Phone, At: time.Now().Unix()}
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		var old Picture
		found, err := getJSON(txn, prefixPic+owner.String(), &old)
		if err != nil {
			return err
		}
		if found {
			for _, k := range []string{"image", "preview"} {
				if err := txn.Delete([]byte(prefixImg + old.ID + "/" + k)); err != nil {
					return err
				}
			}
		}
		if pic == nil {
			return txn.Delete([]byte(prefixPic + owner.String()))
		}
		if err := txn.Set([]byte(prefixImg+pic.ID+"/image"), jpegData); err != nil {
			return err
		}
		if err := txn.Set([]byte(prefixImg+pic.ID+"/preview"), preview); err != nil {
			return err
		}
		return jsonkv.Put(txn, prefixPic+owner.String(), pic)
	})
	if err != nil {
		return nil, fmt.Errorf("profile: set picture of %s: %w", owner, err)
	}
	s.notifyPicture(ctx, owner, author, pic)
	return pic, nil
}

// notifyPicture sends <notification type="picture"> with <set jid id author/> or <delete jid author/>: to
// every member's devices for a group, to other accounts for a person, whose own other devices get an
// account_sync <picture/> instead.
func (s *Service) notifyPicture(ctx context.Context, owner types.JID, author *accounts.Account, pic *Picture) {
	now := time.Now().Unix()
	build := func() *waBinary.Node {
		child := waBinary.Node{Tag: "delete", Attrs: waBinary.Attrs{"jid": owner, "author": author.JID()}}
		if pic != nil {
			child = waBinary.Node{Tag: "set", Attrs: waBinary.Attrs{"jid": owner, "id": pic.ID, "author": author.JID()}}
		}
		return &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"from": owner, "type": "picture",
			"id": s.nextID(), "t": now}, Content: []waBinary.Node{child}}
	}
	if owner.Server == types.GroupServer {
		g, err := s.groups.Get(owner)
		if err != nil {
			s.srv.Logger().Error("sim/profile: picture notification", "group", owner, "err", err)
			return
		}
		s.deliverTo(ctx, g.MemberPhones(), build)
		return
	}
	s.notifyOthers(author, build)
	s.notifyOwnDevices(ctx, author, types.EmptyJID, waBinary.Node{Tag: "picture"})
}

// handlePicture answers w:profile:picture: get (query="url") and set/remove, for accounts and groups.
func (s *Service) handlePicture(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	acct, dev, err := s.actor(iq)
	if err != nil {
		return waBinary.Node{}, err
	}
	switch iq.Type {
	case "get":
		return s.getPicture(iq, acct)
	case "set":
		return s.setPicture(ctx, iq, acct, dev)
	}
	return waBinary.Node{}, server.BadRequest("w:profile:picture iq type %q", iq.Type)
}

// owner resolves an iq's target to the JID pictures are kept under: an account's phone JID or a group.
func (s *Service) owner(target types.JID) (types.JID, *groups.Group, error) {
	if target.Server == types.GroupServer {
		g, err := s.groups.Get(target)
		if err != nil {
			return types.EmptyJID, nil, server.ErrIQNotFound
		}
		return g.JID(), g, nil
	}
	acct, err := s.reg.Resolve(target)
	if errors.Is(err, accounts.ErrNotFound) {
		return types.EmptyJID, nil, server.ErrIQNotFound
	} else if err != nil {
		return types.EmptyJID, nil, err
	}
	return acct.JID(), nil, nil
}

func (s *Service) getPicture(iq *server.IQ, asker *accounts.Account) (waBinary.Node, error) {
	target, ok := iq.Node.Attrs["target"].(types.JID)
	if !ok {
		return waBinary.Node{}, server.BadRequest("picture get needs a target JID")
	}
	req, ok := iq.Node.GetOptionalChildByTag("picture")
	if !ok {
		return waBinary.Node{}, server.BadRequest("picture get without <picture>")
	}
	rag := req.AttrGetter()
	kind := rag.OptionalString("type")
	if kind == "" {
		kind = "image"
	}
	if kind != "image" && kind != "preview" {
		return waBinary.Node{}, server.BadRequest("picture type %q, want image or preview", kind)
	}
	owner, g, err := s.owner(target)
	if err != nil {
		return waBinary.Node{}, err
	}
	if err := s.mayView(asker, owner, g, rag.OptionalString("invite")); err != nil {
		return waBinary.Node{}, err
	}
	pic, err := s.PictureOf(owner)
	if err != nil {
		return waBinary.Node{}, err
	}
	if pic == nil {
		return waBinary.Node{}, server.ErrIQNotFound
	}
	if rag.OptionalString("id") == pic.ID {
		// The asker's cached picture is current.
		return waBinary.Node{Content: []waBinary.Node{{Tag: "picture", Attrs: waBinary.Attrs{"status": "304"}}}}, nil
	}
	path := pic.directPath(kind)
	return waBinary.Node{Content: []waBinary.Node{{Tag: "picture", Attrs: waBinary.Attrs{
		"id": pic.ID, "type": kind, "direct_path": path, "url": "https://" + PictureHost + path}}}}, nil
}

// mayView is nil when asker may see owner's picture: group members (or holders of the invite code) for
// groups; for accounts, anyone unless the owner's profile privacy is "none" (the simulator keeps no
// address books, so "contacts" admits everyone).
func (s *Service) mayView(asker *accounts.Account, owner types.JID, g *groups.Group, invite string) error {
	if g != nil {
		if g.HasMember(asker.Phone) || (invite != "" && invite == g.InviteCode) {
			return nil
		}
		return server.ErrIQNotAuthorized
	}
	if owner.User == asker.Phone {
		return nil
	}
	settings, err := s.Privacy(owner.User)
	if err != nil {
		return err
	}
	if settings[PrivacyProfile] == "none" {
		return server.ErrIQNotAuthorized
	}
	return nil
}

func (s *Service) setPicture(ctx context.Context, iq *server.IQ, acct *accounts.Account, dev types.JID) (waBinary.Node, error) {
	owner := acct.JID()
	if target, ok := iq.Node.Attrs["target"].(types.JID); ok {
		o, g, err := s.owner(target)
		if err != nil {
			return waBinary.Node{}, err
		}
		if g != nil && !isAdmin(g, acct.Phone) {
			return waBinary.Node{}, server.ErrIQForbidden
		}
		if g == nil && o != owner {
			return waBinary.Node{}, server.ErrIQForbidden // nobody sets another person's picture
		}
		owner = o
	}
	var data []byte
	if req, ok := iq.Node.GetOptionalChildByTag("picture"); ok {
		if data, ok = req.Content.([]byte); !ok || len(data) == 0 {
			return waBinary.Node{}, server.BadRequest("<picture> must hold the JPEG bytes")
		}
		if len(data) > MaxPicture {
			return waBinary.Node{}, server.ErrIQNotAcceptable
		}
	}
	pic, err := s.SetPicture(ctx, owner, acct, data)
	if errors.Is(err, errNotJPEG) {
		return waBinary.Node{}, server.ErrIQNotAcceptable
	} else if err != nil {
		return waBinary.Node{}, err
	}
	if pic == nil {
		return waBinary.Node{}, nil
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "picture", Attrs: waBinary.Attrs{"id": pic.ID}}}}, nil
}

func isAdmin(g *groups.Group, phone string) bool {
	for _, p := range g.Participants {
		if p.Phone == phone {
			return p.IsAdmin()
		}
	}
	return false
}

// servePicture is GET /pp/<id>/<image|preview>.
func (s *Service) servePicture(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	if kind != "image" && kind != "preview" {
		http.Error(w, "unknown picture kind", http.StatusNotFound)
		return
	}
	var data []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefixImg + r.PathValue("id") + "/" + kind))
		if err != nil {
			return err
		}
		data, err = item.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		http.Error(w, "no such picture", http.StatusNotFound)
		return
	} else if err != nil {
		s.srv.Logger().Error("sim/profile: serve picture", "err", err)
		http.Error(w, "could not read the picture", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// errNotJPEG marks pictures that are not decodable JPEGs (WhatsApp answers 406).
var errNotJPEG = errors.New("profile: picture is not a JPEG")

// makePreview decodes the JPEG and returns a copy whose longest side is at most previewSide pixels.
func makePreview(data []byte) ([]byte, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotJPEG, err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return nil, fmt.Errorf("%w: empty image", errNotJPEG)
	}
	pw, ph := w, h
	if w >= h && w > previewSide {
		pw, ph = previewSide, max(1, h*previewSide/w)
	} else if h > w && h > previewSide {
		pw, ph = max(1, w*previewSide/h), previewSide
	}
	small := image.NewRGBA(image.Rect(0, 0, pw, ph))
	for y := range ph {
		for x := range pw { // nearest neighbour is enough for a thumbnail
			small.Set(x, y, img.At(b.Min.X+x*w/pw, b.Min.Y+y*h/ph))
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, small, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("profile: encode preview: %w", err)
	}
	return out.Bytes(), nil
}

// newPictureID is a random decimal id, the form WhatsApp's picture ids take.
func newPictureID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strconv.FormatUint(binary.BigEndian.Uint64(b[:])>>1, 10)
}
