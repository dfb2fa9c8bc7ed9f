package groups

import (
	"context"
	"errors"
	"slices"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
)

// Per-participant error codes in participant change results.
const (
	codeForbidden = 403
	codeNotFound  = 404
	codeConflict  = 409
)

// participantResult is one participant of a change request and what became of it.
type participantResult struct {
	jid   types.JID // as the client named it
	phone string    // empty when the JID is not an account
	code  int       // 0 on success
}

// changeParticipants handles add, remove, promote and demote. Each participant succeeds or fails on its
// own; the result lists every one with an error code where it failed, and members are notified of the
// successful ones.
func (s *Service) changeParticipants(ctx context.Context, actor *accounts.Account, to types.JID, req *waBinary.Node) (waBinary.Node, error) {
	var results []participantResult
	for _, c := range req.GetChildrenByTag("participant") {
		jid, ok := c.Attrs["jid"].(types.JID)
		if !ok {
			return waBinary.Node{}, badRequest("%s: participant without jid", req.Tag)
		}
		r := participantResult{jid: jid, code: codeNotFound}
		if acct, err := s.acc.Resolve(jid); err == nil {
			r.phone, r.code = acct.Phone, 0
		} else if !errors.Is(err, accounts.ErrNotFound) {
			return waBinary.Node{}, err
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		return waBinary.Node{}, badRequest("%s: no participants", req.Tag)
	}

	var promoted string // set when the change left the group without an admin
	prev, g, err := s.mutate(to.User, func(g *Group) error {
		me, ok := g.member(actor.Phone)
		if !ok {
			return errForbidden
		}
		if !me.IsAdmin() && !(req.Tag == "add" && g.AddMode == AddModeAllMember) {
			return errForbidden
		}
		for i := range results {
			r := &results[i]
			if r.code != 0 {
				continue
			}
			p, isMember := g.member(r.phone)
			switch {
			case req.Tag == "add" && isMember:
				r.code = codeConflict
			case req.Tag == "add":
				g.Participants = append(g.Participants, Participant{Phone: r.phone})
			case !isMember:
				r.code = codeNotFound
			case p.Role == RoleSuperAdmin && r.phone != actor.Phone:
				r.code = codeForbidden // only the creator may demote or remove themself
			case req.Tag == "remove":
				g.removeMember(r.phone)
			case req.Tag == "promote":
				g.setRole(r.phone, RoleAdmin)
			case req.Tag == "demote":
				g.setRole(r.phone, RoleMember)
			}
		}
		promoted = ensureAdmin(g)
		return nil
	})
	if err != nil {
		return waBinary.Node{}, mapGroupErr(err)
	}

	var done []string
	resultList := make([]waBinary.Node, len(results))
	for i, r := range results {
		attrs := waBinary.Attrs{"jid": r.jid}
		if r.code != 0 {
			attrs["error"] = r.code
		} else {
			done = append(done, r.phone)
		}
		resultList[i] = waBinary.Node{Tag: "participant", Attrs: attrs}
	}
	if len(done) > 0 {
		s.notifyParticipants(ctx, g, union(prev.MemberPhones(), g.MemberPhones()), actor, req.Tag, "", done)
	}
	if promoted != "" {
		s.notifyParticipants(ctx, g, g.MemberPhones(), actor, "promote", "", []string{promoted})
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: req.Tag, Content: resultList}}}, nil
}

// ensureAdmin promotes the longest-standing member when nobody is admin any more, as WhatsApp does when
// the last admin leaves. It returns the promoted phone or "".
func ensureAdmin(g *Group) string {
	if len(g.Participants) == 0 || slices.ContainsFunc(g.Participants, Participant.IsAdmin) {
		return ""
	}
	g.Participants[0].Role = RoleAdmin
	return g.Participants[0].Phone
}

func (s *Service) notifyParticipants(ctx context.Context, g *Group, to []string, actor *accounts.Account, tag, reason string, phones []string) {
	child, err := s.participantsChild(tag, reason, phones)
	if err == nil {
		err = s.notify(ctx, g, to, actor, child)
	}
	if err != nil {
		s.srv.Logger().Error("groups: participant notification", "group", g.ID, "change", tag, "err", err)
	}
}

// leave removes the actor from every group listed in <leave><group id/>…</leave>.
func (s *Service) leave(ctx context.Context, actor *accounts.Account, req *waBinary.Node) (waBinary.Node, error) {
	groups := req.GetChildrenByTag("group")
	if len(groups) == 0 {
		return waBinary.Node{}, badRequest("leave: no group")
	}
	for _, gn := range groups {
		jid, ok := gn.Attrs["id"].(types.JID)
		if !ok || jid.Server != types.GroupServer {
			return waBinary.Node{}, badRequest("leave: group id %v", gn.Attrs["id"])
		}
		var promoted string
		prev, g, err := s.mutate(jid.User, func(g *Group) error {
			if _, ok := g.member(actor.Phone); !ok {
				return errForbidden
			}
			g.removeMember(actor.Phone)
			promoted = ensureAdmin(g)
			return nil
		})
		if err != nil {
			return waBinary.Node{}, mapGroupErr(err)
		}
		s.notifyParticipants(ctx, g, prev.MemberPhones(), actor, "remove", "", []string{actor.Phone})
		if promoted != "" {
			s.notifyParticipants(ctx, g, g.MemberPhones(), actor, "promote", "", []string{promoted})
		}
	}
	return waBinary.Node{}, nil
}

// joinWithLink adds the actor to the group of an invite code (<invite code/> set to g.us).
func (s *Service) joinWithLink(ctx context.Context, actor *accounts.Account, req *waBinary.Node) (waBinary.Node, error) {
	g, err := s.groupOfCode(req)
	if err != nil {
		return waBinary.Node{}, err
	}
	joined := false
	_, g, err = s.mutate(g.ID, func(g *Group) error {
		if _, ok := g.member(actor.Phone); !ok {
			g.Participants = append(g.Participants, Participant{Phone: actor.Phone})
			joined = true
		}
		return nil
	})
	if err != nil {
		return waBinary.Node{}, mapGroupErr(err)
	}
	if joined {
		s.notifyParticipants(ctx, g, g.MemberPhones(), actor, "add", "invite", []string{actor.Phone})
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "group", Attrs: waBinary.Attrs{"jid": g.JID()}}}}, nil
}

// mapGroupErr turns a missing group into the iq error clients expect.
func mapGroupErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return errNoGroup
	}
	return err
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
