package baileys

import (
	"context"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol"
)

// serverIQ sends a raw query ("get" or "set") to the server in namespace, for the stanzas whatsmeow
// has no typed call for (business profiles and catalogs, the full privacy list, usync's status
// with its set time); they go as the stanzas Baileys sends.
func serverIQ(ctx context.Context, s *protocol.Session, namespace string, typ whatsmeow.DangerousInfoQueryType, content waBinary.Node) (*waBinary.Node, error) {
	var res *waBinary.Node
	err := s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		var err error
		res, err = cli.DangerousInternals().SendIQ(ctx, whatsmeow.DangerousInfoQuery{
			Namespace: namespace, Type: typ, To: types.ServerJID, Content: []waBinary.Node{content},
		})
		return err
	})
	return res, err
}
