package groups

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// requireInfoEditor checks that the actor may change the group's info: any member, or only admins while
// the group is locked.
func requireInfoEditor(g *Group, phone string) error {
	p, ok := g.member(phone)
	if !ok {
		return errForbidden
	}
	if g.Locked && !p.IsAdmin() {
		return errForbidden
	}
	return nil
}

func requireAdmin(g *Group, phone string) error {
	p, ok := g.member(phone)
	if !ok {
		return errForbidden
	}
	if !p.IsAdmin() {
		return errForbidden
	}
	return nil
}

// change applies fn to a group after check and broadcasts the notification child fn returns.
func (s *Service) change(ctx context.Context, actor *accounts.Account, to types.JID, check func(*Group, string) error,
	fn func(g *Group) (waBinary.Node, error)) error {
	var child waBinary.Node
	_, g, err := s.mutate(to.User, func(g *Group) error {
		if err := check(g, actor.Phone); err != nil {
			return err
		}
		var err error
		child, err = fn(g)
		return err
	})
	if err != nil {
		return mapGroupErr(err)
	}
	if err := s.notify(ctx, g, g.MemberPhones(), actor, child); err != nil {
		s.srv.Logger().Error("groups: notification", "group", g.ID, "change", child.Tag, "err", err)
	}
	return nil
}

func (s *Service) setSubject(ctx context.Context, actor *accounts.Account, to types.JID, req *waBinary.Node) error {
	subject := textContent(req)
	if strings.TrimSpace(subject) == "" {
		return badRequest("subject: empty")
	}
	if len([]rune(subject)) > maxSubject {
		return server.ErrIQNotAcceptable
	}
	return s.change(ctx, actor, to, requireInfoEditor, func(g *Group) (waBinary.Node, error) {
		g.Subject, g.SubjectTime, g.SubjectOwner = subject, time.Now().Unix(), actor.Phone
		return waBinary.Node{Tag: "subject", Attrs: waBinary.Attrs{
			"subject": subject, "s_t": g.SubjectTime, "s_o": actor.JID()}}, nil
	})
}

// setDescription handles <description id prev [delete="true"]><body>…</body></description>. A prev that
// is not the current description's id means the client edited a stale version: 409, as WhatsApp does.
func (s *Service) setDescription(ctx context.Context, actor *accounts.Account, to types.JID, req *waBinary.Node) error {
	ag := req.AttrGetter()
	id, prev := ag.OptionalString("id"), ag.OptionalString("prev")
	if id == "" {
		id = randomID()
	}
	body := ""
	if b, ok := req.GetOptionalChildByTag("body"); ok {
		body = textContent(&b)
	}
	deleting := ag.OptionalString("delete") == "true" || body == ""
	if len([]rune(body)) > maxDescription {
		return server.ErrIQNotAcceptable
	}
	return s.change(ctx, actor, to, requireInfoEditor, func(g *Group) (waBinary.Node, error) {
		if prev != "" && g.Description != nil && g.Description.ID != prev {
			return waBinary.Node{}, errConflict
		}
		n := waBinary.Node{Tag: "description", Attrs: waBinary.Attrs{"id": id}}
		if deleting {
			g.Description = nil
			n.Content = []waBinary.Node{{Tag: "delete"}}
		} else {
			g.Description = &Description{ID: id, Body: body, Phone: actor.Phone, Time: time.Now().Unix()}
			n.Content = []waBinary.Node{{Tag: "body", Content: []byte(body)}}
		}
		return n, nil
	})
}

// setFlag handles announcement/not_announcement (only admins may send) and locked/unlocked (only admins
// may edit info).
func (s *Service) setFlag(ctx context.Context, actor *accounts.Account, to types.JID, tag string) error {
	return s.change(ctx, actor, to, requireAdmin, func(g *Group) (waBinary.Node, error) {
		n := waBinary.Node{Tag: tag}
		switch tag {
		case "announcement", "not_announcement":
			g.Announce = tag == "announcement"
			// whatsmeow requires a version id on announcement changes.
			n.Attrs = waBinary.Attrs{"v_id": strconv.FormatInt(g.Version+1, 10)}
		case "locked", "unlocked":
			g.Locked = tag == "locked"
		}
		return n, nil
	})
}

// validTimers are the disappearing-message durations WhatsApp offers (24 hours, 7 days, 90 days).
var validTimers = map[uint64]bool{24 * 3600: true, 7 * 24 * 3600: true, 90 * 24 * 3600: true}

func (s *Service) setEphemeral(ctx context.Context, actor *accounts.Account, to types.JID, req *waBinary.Node) error {
	var expiration uint32
	if req.Tag == "ephemeral" {
		v, ok := req.AttrGetter().GetUint64("expiration", true)
		if !ok || !validTimers[v] {
			// whatsmeow reports 400 here as ErrInvalidDisappearingTimer.
			return badRequest("ephemeral: expiration %v is not 24h, 7d or 90d", req.Attrs["expiration"])
		}
		expiration = uint32(v)
	}
	return s.change(ctx, actor, to, requireInfoEditor, func(g *Group) (waBinary.Node, error) {
		g.Ephemeral = expiration
		if expiration == 0 {
			return waBinary.Node{Tag: "not_ephemeral"}, nil
		}
		return waBinary.Node{Tag: "ephemeral", Attrs: waBinary.Attrs{"expiration": expiration}}, nil
	})
}

func (s *Service) setAddMode(ctx context.Context, actor *accounts.Account, to types.JID, req *waBinary.Node) error {
	mode := textContent(req)
	if mode != AddModeAdmin && mode != AddModeAllMember {
		return badRequest("member_add_mode: %q", mode)
	}
	return s.change(ctx, actor, to, requireAdmin, func(g *Group) (waBinary.Node, error) {
		g.AddMode = mode
		return waBinary.Node{Tag: "member_add_mode", Content: []byte(mode)}, nil
	})
}

// invite returns the group's invite code, replacing it first when reset. Only admins see it: whatsmeow
// maps 401 to ErrGroupInviteLinkUnauthorized and 403 to ErrNotInGroup.
func (s *Service) invite(ctx context.Context, actor *accounts.Account, to types.JID, reset bool) (waBinary.Node, error) {
	check := func(g *Group, phone string) error {
		p, ok := g.member(phone)
		if !ok {
			return errForbidden
		}
		if !p.IsAdmin() {
			return server.ErrIQNotAuthorized
		}
		return nil
	}
	var code string
	var err error
	if reset {
		err = s.change(ctx, actor, to, check, func(g *Group) (waBinary.Node, error) {
			g.InviteCode = newInviteCode()
			code = g.InviteCode
			return waBinary.Node{Tag: "invite", Attrs: waBinary.Attrs{"code": code}}, nil
		})
	} else {
		var g *Group
		if g, err = s.Get(to); err == nil {
			code, err = g.InviteCode, check(g, actor.Phone)
		}
	}
	if err != nil {
		return waBinary.Node{}, mapGroupErr(err)
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "invite", Attrs: waBinary.Attrs{"code": code}}}}, nil
}

// groupOfCode finds the group of <invite code/>; unknown codes get 406 (whatsmeow: ErrInviteLinkInvalid).
func (s *Service) groupOfCode(req *waBinary.Node) (*Group, error) {
	code := req.AttrGetter().OptionalString("code")
	if code == "" {
		return nil, badRequest("invite: no code")
	}
	var g *Group
	err := s.db.View(func(txn *badger.Txn) error {
		id, err := groupOfInvite(txn, code)
		if err != nil {
			return err
		}
		g, err = loadGroup(txn, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, server.ErrIQNotAcceptable
	}
	return g, err
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}
