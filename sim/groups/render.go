package groups

import (
	"fmt"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
)

// addressingMode is how this simulator addresses group members (see doc.go).
const addressingMode = "pn"

func phoneJID(phone string) types.JID { return types.NewJID(phone, types.DefaultUserServer) }

// participantNode is <participant jid=PN lid=LID [type=role]/>.
func (s *Service) participantNode(phone, role string) (waBinary.Node, error) {
	acct, err := s.acc.Account(phone)
	if err != nil {
		return waBinary.Node{}, fmt.Errorf("groups: member %s: %w", phone, err)
	}
	attrs := waBinary.Attrs{"jid": acct.JID(), "lid": acct.LIDJID()}
	if role != RoleMember {
		attrs["type"] = role
	}
	return waBinary.Node{Tag: "participant", Attrs: attrs}, nil
}

// groupNode renders the <group> element of create results, metadata and participating lists.
func (s *Service) groupNode(g *Group) (waBinary.Node, error) {
	attrs := waBinary.Attrs{
		"id":              g.ID,
		"subject":         g.Subject,
		"s_t":             g.SubjectTime,
		"creation":        g.Created,
		"creator":         phoneJID(g.Creator),
		"addressing_mode": addressingMode,
		"size":            len(g.Participants),
		"p_v_id":          strconv.FormatInt(g.Version, 10),
	}
	if g.SubjectOwner != "" {
		attrs["s_o"] = phoneJID(g.SubjectOwner)
	}
	content := make([]waBinary.Node, 0, len(g.Participants)+5)
	for _, p := range g.Participants {
		n, err := s.participantNode(p.Phone, p.Role)
		if err != nil {
			return waBinary.Node{}, err
		}
		content = append(content, n)
	}
	if d := g.Description; d != nil {
		content = append(content, waBinary.Node{Tag: "description",
			Attrs:   waBinary.Attrs{"id": d.ID, "t": d.Time, "participant": phoneJID(d.Phone)},
			Content: []waBinary.Node{{Tag: "body", Content: []byte(d.Body)}}})
	}
	if g.Announce {
		content = append(content, waBinary.Node{Tag: "announcement"})
	}
	if g.Locked {
		content = append(content, waBinary.Node{Tag: "locked"})
	}
	if g.Ephemeral > 0 {
		content = append(content, waBinary.Node{Tag: "ephemeral", Attrs: waBinary.Attrs{"expiration": g.Ephemeral}})
	}
	content = append(content, waBinary.Node{Tag: "member_add_mode", Content: []byte(g.AddMode)})
	return waBinary.Node{Tag: "group", Attrs: attrs, Content: content}, nil
}
