package groups

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

type createRequest struct {
	subject      string
	key          string
	participants []types.JID
	announce     bool
	locked       bool
	ephemeral    uint32
}

func (s *Service) parseCreate(req *waBinary.Node) (createRequest, error) {
	ag := req.AttrGetter()
	cr := createRequest{subject: ag.OptionalString("subject"), key: ag.OptionalString("key")}
	for _, c := range req.GetChildren() {
		switch c.Tag {
		case "participant":
			jid, ok := c.Attrs["jid"].(types.JID)
			if !ok {
				return cr, badRequest("create: participant without jid")
			}
			cr.participants = append(cr.participants, jid)
		case "announcement":
			cr.announce = true
		case "locked":
			cr.locked = true
		case "ephemeral":
			cr.ephemeral = uint32(c.AttrGetter().OptionalInt("expiration"))
		case "parent", "linked_parent":
			return cr, notImplemented("communities")
		case "membership_approval_mode":
			return cr, notImplemented("membership approval")
		}
	}
	return cr, nil
}

// create stores a new group and sends the create notification to its members.
func (s *Service) create(ctx context.Context, actor *accounts.Account, cr createRequest) (*Group, error) {
	if cr.subject == "" {
		return nil, badRequest("create: empty subject")
	}
	if len([]rune(cr.subject)) > maxSubject {
		return nil, server.ErrIQNotAcceptable
	}
	if cr.ephemeral != 0 && !validTimers[uint64(cr.ephemeral)] {
		return nil, badRequest("create: ephemeral expiration %d is not 24h, 7d or 90d", cr.ephemeral)
	}
	now := time.Now().Unix()
	g := &Group{
		Subject: cr.subject, SubjectTime: now, SubjectOwner: actor.Phone, Creator: actor.Phone, Created: now,
		Announce: cr.announce, Locked: cr.locked, Ephemeral: cr.ephemeral, AddMode: AddModeAdmin,
		InviteCode:   newInviteCode(),
		Participants: []Participant{{Phone: actor.Phone, Role: RoleSuperAdmin}},
	}
	for _, jid := range cr.participants {
		acct, err := s.acc.Resolve(jid)
		if errors.Is(err, accounts.ErrNotFound) {
			return nil, badRequest("create: %s is not on WhatsApp", jid)
		} else if err != nil {
			return nil, err
		}
		if _, dup := g.member(acct.Phone); !dup {
			g.Participants = append(g.Participants, Participant{Phone: acct.Phone})
		}
	}
	s.mu.Lock()
	err := s.db.Update(func(txn *badger.Txn) error {
		for {
			// WhatsApp group ids are 18 digits starting 120363; retry the rare collision.
			g.ID = "120363" + randomDigits(12)
			if _, err := loadGroup(txn, g.ID); errors.Is(err, ErrNotFound) {
				break
			} else if err != nil {
				return err
			}
		}
		return saveGroup(txn, nil, g)
	})
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("groups: create: %w", err)
	}
	gn, err := s.groupNode(g)
	if err != nil {
		return nil, err
	}
	attrs := waBinary.Attrs{"type": "new"}
	if cr.key != "" {
		attrs["key"] = cr.key
	}
	if err := s.notify(ctx, g, g.MemberPhones(), actor, waBinary.Node{Tag: "create", Attrs: attrs, Content: []waBinary.Node{gn}}); err != nil {
		s.srv.Logger().Error("groups: create notification", "group", g.ID, "err", err)
	}
	return g, nil
}
