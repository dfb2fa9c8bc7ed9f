package people

import (
	"context"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
)

// CreateGroup has the person creator create a group named subject with these participants (JIDs or
// phone numbers; people, bots or any account) and returns its JID.
func (s *Service) CreateGroup(ctx context.Context, creator, subject string, participants []string) (types.JID, error) {
	p, err := s.person(creator)
	if err != nil {
		return types.EmptyJID, err
	}
	if subject == "" {
		return types.EmptyJID, fmt.Errorf("%w: a group needs a subject", ErrBadRequest)
	}
	jids := make([]types.JID, 0, len(participants))
	for _, part := range participants {
		jid, err := ParseJID(part)
		if err != nil {
			return types.EmptyJID, fmt.Errorf("participant: %w", err)
		}
		if jid.Server != types.DefaultUserServer && jid.Server != types.HiddenUserServer {
			return types.EmptyJID, fmt.Errorf("%w: participant %s is not a user", ErrBadRequest, jid)
		}
		jids = append(jids, jid.ToNonAD())
	}
	if err := p.waitLoggedIn(ctx); err != nil {
		return types.EmptyJID, err
	}
	info, err := p.cli.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: subject, Participants: jids})
	if err != nil {
		return types.EmptyJID, fmt.Errorf("people: %s creates group: %w", creator, err)
	}
	return info.JID, nil
}
