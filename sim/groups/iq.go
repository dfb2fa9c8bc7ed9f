package groups

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// Limits WhatsApp enforces with 406 not-acceptable.
const (
	maxSubject     = 100
	maxDescription = 2048
)

// whatsmeow matches iq errors by code and text together (IQError.Is), so answers use WhatsApp's texts and
// details go to the log.
var (
	errForbidden = server.ErrIQForbidden
	errNoGroup   = server.ErrIQNotFound
	errConflict  = &server.IQError{Code: 409, Text: "conflict"}
)

// badRequest is a 400 bad-request whose detail stays in the server log.
func badRequest(format string, args ...any) error {
	return fmt.Errorf("groups: %s: %w", fmt.Sprintf(format, args...), server.ErrIQBadRequest)
}

func notImplemented(what string) *server.IQError {
	return &server.IQError{Code: 501, Text: "groups: " + what + " not implemented"}
}

// handleIQ answers w:g2 iqs: those to g.us act on the caller's groups (create, participating, leave,
// invite links); those to a group JID act on that group.
func (s *Service) handleIQ(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	res, err := s.answerIQ(ctx, iq)
	if err != nil {
		s.srv.Logger().Debug("groups: iq refused", "type", iq.Type, "to", iq.Node.Attrs["to"], "err", err)
	}
	return res, err
}

func (s *Service) answerIQ(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	dev, _ := iq.Session.Device()
	actor, err := s.acc.Resolve(dev)
	if err != nil {
		return waBinary.Node{}, fmt.Errorf("groups: caller %s: %w", dev, err)
	}
	children := iq.Node.GetChildren()
	if len(children) != 1 {
		return waBinary.Node{}, badRequest("w:g2 iq needs exactly one child")
	}
	req := children[0]
	to, _ := iq.Node.Attrs["to"].(types.JID)
	if to.Server != types.GroupServer {
		return waBinary.Node{}, badRequest("w:g2 iq to %v", iq.Node.Attrs["to"])
	}
	if to.User == "" {
		return s.handleServerIQ(ctx, iq.Type, actor, &req)
	}
	return s.handleGroupIQ(ctx, iq.Type, actor, to, &req)
}

func (s *Service) handleServerIQ(ctx context.Context, typ string, actor *accounts.Account, req *waBinary.Node) (waBinary.Node, error) {
	switch {
	case req.Tag == "create" && typ == "set":
		cr, err := s.parseCreate(req)
		if err != nil {
			return waBinary.Node{}, err
		}
		g, err := s.create(ctx, actor, cr)
		if err != nil {
			return waBinary.Node{}, err
		}
		return s.resultWithGroup(g)
	case req.Tag == "participating" && typ == "get":
		return s.participating(actor)
	case req.Tag == "leave" && typ == "set":
		return s.leave(ctx, actor, req)
	case req.Tag == "invite" && typ == "get":
		g, err := s.groupOfCode(req)
		if err != nil {
			return waBinary.Node{}, err
		}
		return s.resultWithGroup(g)
	case req.Tag == "invite" && typ == "set":
		return s.joinWithLink(ctx, actor, req)
	}
	return waBinary.Node{}, notImplemented(fmt.Sprintf("%s %s", typ, req.Tag))
}

func (s *Service) handleGroupIQ(ctx context.Context, typ string, actor *accounts.Account, to types.JID, req *waBinary.Node) (waBinary.Node, error) {
	if typ == "get" {
		switch req.Tag {
		case "query":
			if _, ok := req.GetOptionalChildByTag("add_request"); ok {
				return waBinary.Node{}, notImplemented("invite messages (add_request)")
			}
			g, err := s.groupFor(actor, to)
			if err != nil {
				return waBinary.Node{}, err
			}
			return s.resultWithGroup(g)
		case "invite":
			return s.invite(ctx, actor, to, false)
		}
		return waBinary.Node{}, notImplemented("get " + req.Tag)
	}
	switch req.Tag {
	case "add", "remove", "promote", "demote":
		return s.changeParticipants(ctx, actor, to, req)
	case "subject":
		return waBinary.Node{}, s.setSubject(ctx, actor, to, req)
	case "description":
		return waBinary.Node{}, s.setDescription(ctx, actor, to, req)
	case "announcement", "not_announcement", "locked", "unlocked":
		return waBinary.Node{}, s.setFlag(ctx, actor, to, req.Tag)
	case "ephemeral", "not_ephemeral":
		return waBinary.Node{}, s.setEphemeral(ctx, actor, to, req)
	case "member_add_mode":
		return waBinary.Node{}, s.setAddMode(ctx, actor, to, req)
	case "invite":
		return s.invite(ctx, actor, to, true)
	}
	return waBinary.Node{}, notImplemented("set " + req.Tag)
}

// groupFor loads a group the actor belongs to: 404 for unknown groups, 403 for non-members.
func (s *Service) groupFor(actor *accounts.Account, jid types.JID) (*Group, error) {
	g, err := s.Get(jid)
	if errors.Is(err, ErrNotFound) {
		return nil, errNoGroup
	} else if err != nil {
		return nil, err
	}
	if _, ok := g.member(actor.Phone); !ok {
		return nil, errForbidden
	}
	return g, nil
}

func (s *Service) resultWithGroup(g *Group) (waBinary.Node, error) {
	n, err := s.groupNode(g)
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Attrs: waBinary.Attrs{"from": g.JID()}, Content: []waBinary.Node{n}}, nil
}

func (s *Service) participating(actor *accounts.Account) (waBinary.Node, error) {
	var list []waBinary.Node
	var ids []string
	if err := s.db.View(func(txn *badger.Txn) error { ids = groupsOf(txn, actor.Phone); return nil }); err != nil {
		return waBinary.Node{}, err
	}
	for _, id := range ids {
		g, err := s.Get(types.NewJID(id, types.GroupServer))
		if err != nil {
			return waBinary.Node{}, err
		}
		n, err := s.groupNode(g)
		if err != nil {
			return waBinary.Node{}, err
		}
		list = append(list, n)
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "groups", Content: list}}}, nil
}

// textContent reads an element's text, which clients send as bytes but the binary codec may hand us as
// a string when it matches a token.
func textContent(n *waBinary.Node) string {
	switch c := n.Content.(type) {
	case []byte:
		return string(c)
	case string:
		return c
	}
	return ""
}
