package newsletter

import (
	"context"
	"errors"
	"fmt"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// handleMessage takes the owner's <message to=…@newsletter id type><plaintext [mediatype]>proto</plaintext>
// </message>: it stores the post with the next server id, acks with server_id (whatsmeow's
// SendResponse.ServerID) and delivers it to every follower's devices as <message from=channel id
// server_id t type><plaintext/></message>.
func (s *Service) handleMessage(ctx context.Context, sess *server.Session, msg *waBinary.Node) error {
	dev, _ := sess.Device()
	id, _ := msg.Attrs["id"].(string)
	to, ok := msg.Attrs["to"].(types.JID)
	if id == "" || !ok {
		return fmt.Errorf("%w: message needs id and to", server.ErrBadRequest)
	}
	pt, ok := msg.GetOptionalChildByTag("plaintext")
	body, isBytes := pt.Content.([]byte)
	if !ok || !isBytes {
		return fmt.Errorf("%w: newsletter messages carry <plaintext> bytes (reactions and edits are not supported by the simulator)", server.ErrBadRequest)
	}
	typ, _ := msg.Attrs["type"].(string)
	mediaType, _ := pt.Attrs["mediatype"].(string)
	post, err := s.Post(to, dev.User, Post{ID: id, Type: typ, Plaintext: body, MediaType: mediaType})
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
		return fmt.Errorf("%w: %w", server.ErrBadRequest, err)
	} else if err != nil {
		return err
	}
	if err := sess.Send(&waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"class": "message", "id": id, "from": to,
		"t": post.T, "server_id": post.ServerID}}); err != nil {
		return err
	}
	followers, err := s.Followers(to.User)
	if err != nil {
		return err
	}
	for phone := range followers {
		devs, err := s.reg.Devices(phone)
		if err != nil {
			continue
		}
		for _, d := range devs {
			if d.Virtual() || d.JID() == dev {
				continue
			}
			ptAttrs := waBinary.Attrs{}
			if mediaType != "" {
				ptAttrs["mediatype"] = mediaType
			}
			node := &waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{"from": to, "id": id, "server_id": post.ServerID,
				"t": post.T, "type": typ}, Content: []waBinary.Node{{Tag: "plaintext", Attrs: ptAttrs, Content: body}}}
			if err := s.srv.Deliver(ctx, d.JID(), node); err != nil {
				s.srv.Logger().Debug("sim/newsletter: not delivered", "device", d.JID(), "err", err)
			}
		}
	}
	return nil
}
