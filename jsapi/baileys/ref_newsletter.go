package baileys

import (
	"context"
	"errors"
	"maps"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	follow := method{[]string{"jid"}, newsletterFollow}
	unfollow := method{[]string{"jid"}, newsletterUnfollow}
	maps.Copy(methods, map[string]method{
		"newsletterMetadata": {[]string{"type", "key"}, newsletterMetadata},
		"newsletterFollow":   follow,
		"newsletterUnfollow": unfollow,
		// The socket reference's names for the same calls.
		"subscribeToNewsLetter":   follow,
		"unsubscribeToNewsLetter": unfollow,
	})
}

func newsletterJID(v jsval.Value) (types.JID, error) {
	j, err := jidArg(v, "jid")
	if err != nil {
		return types.JID{}, err
	}
	if j.Server != types.NewsletterServer {
		return types.JID{}, errs.BadField("jid", "%s is not a newsletter (…@newsletter)", j)
	}
	return j, nil
}

// newsletterMetadata resolves to Baileys 7's NewsletterMetadata, or null
// when no channel has that invite or JID.
func newsletterMetadata(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	kind, err := str(a[0], "type")
	if err != nil {
		return nil, err
	}
	var fetch func(context.Context, *whatsmeow.Client) (*types.NewsletterMetadata, error)
	switch kind {
	case "invite":
		key, err := str(a[1], "key")
		if err != nil {
			return nil, err
		}
		fetch = func(ctx context.Context, cli *whatsmeow.Client) (*types.NewsletterMetadata, error) {
			return cli.GetNewsletterInfoWithInvite(ctx, key)
		}
	case "jid":
		j, err := newsletterJID(a[1])
		if err != nil {
			return nil, errs.BadField("key", "%s", errMessage(err))
		}
		fetch = func(ctx context.Context, cli *whatsmeow.Client) (*types.NewsletterMetadata, error) {
			return cli.GetNewsletterInfo(ctx, j)
		}
	default:
		return nil, errs.BadField("type", "%q is not 'invite' or 'jid'", kind)
	}
	var md *types.NewsletterMetadata
	err = s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		var err error
		md, err = fetch(ctx, cli)
		return err
	})
	if notFound(err) || err == nil && md == nil {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return newsletterObject(md), nil
}

func newsletterObject(md *types.NewsletterMetadata) *jsval.Object {
	tm := md.ThreadMeta
	out := jsval.NewObject().
		Set("id", md.ID.String()).
		Set("state", string(md.State.Type)).
		Set("name", tm.Name.Text).
		Set("description", tm.Description.Text).
		Set("invite", tm.InviteCode).
		Set("creation_time", tm.CreationTime.Unix()).
		Set("subscribers", int64(tm.SubscriberCount)).
		Set("verification", string(tm.VerificationState))
	if tm.Picture != nil && tm.Picture.URL != "" {
		out.Set("picture", jsval.NewObject().Set("url", tm.Picture.URL).Set("directPath", tm.Picture.DirectPath).Set("id", tm.Picture.ID))
	}
	if md.ViewerMeta != nil {
		out.Set("mute_state", string(md.ViewerMeta.Mute)).
			Set("viewer_metadata", jsval.NewObject().Set("mute", string(md.ViewerMeta.Mute)).Set("role", string(md.ViewerMeta.Role)))
	}
	return out
}

func newsletterFollow(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	return newsletterSubscription(ctx, s, a, (*whatsmeow.Client).FollowNewsletter)
}

func newsletterUnfollow(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	return newsletterSubscription(ctx, s, a, (*whatsmeow.Client).UnfollowNewsletter)
}

func newsletterSubscription(ctx context.Context, s *protocol.Session, a []jsval.Value, call func(*whatsmeow.Client, context.Context, types.JID) error) (jsval.Value, error) {
	j, err := newsletterJID(a[0])
	if err != nil {
		return nil, err
	}
	return jsval.Undefined, s.Do(ctx, func(ctx context.Context, cli *whatsmeow.Client) error {
		return call(cli, ctx, j)
	})
}

// notFound tells a GraphQL "no such channel" (error code 404) from other
// failures; whatsmeow wraps it, and Baileys resolves null for it.
func notFound(err error) bool {
	var gql types.GraphQLError
	return errors.As(err, &gql) && gql.Extensions.ErrorCode == 404
}
