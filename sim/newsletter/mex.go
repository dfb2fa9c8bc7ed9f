package newsletter

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// The GraphQL query ids whatsmeow sends (web and desktop variants). Desktop's subscribed-list id equals
// web's follow id; the variables tell them apart.
const (
	qFetch, qFetchDesktop           = "6563316087068696", "9779843322044422"
	qSubscribed, qSubscribedDesktop = "6388546374527196", "8621797084555037"
	qCreate, qCreateDesktop         = "6234210096708695", "27527996220149684"
	qFollow, qFollowDesktop         = "9926858900719341", "8621797084555037"
	qUnfollow, qUnfollowDesktop     = "6392786840836363", "8782612271820087"
	qMute, qMuteDesktop             = "6274038279359549", "5971669009605755"
	qUnmute, qUnmuteDesktop         = "6068417879924485", "6104029483058502"
)

type mexVariables struct {
	NewsletterID string `json:"newsletter_id"`
	Input        struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	} `json:"input"`
	FetchViewer     bool `json:"fetch_viewer_metadata"`
	NewsletterInput *struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Picture     []byte `json:"picture"`
	} `json:"newsletter_input"`
}

// handleMex answers <iq xmlns="w:mex"><query query_id>{"variables":…}</query></iq> with
// <result>{"data":…}</result>; failures are GraphQL errors with a code, as whatsmeow reports them.
func (s *Service) handleMex(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	q, ok := iq.Node.GetOptionalChildByTag("query")
	if !ok {
		return waBinary.Node{}, server.BadRequest("w:mex iq without <query>")
	}
	id, _ := q.Attrs["query_id"].(string)
	raw, _ := q.Content.([]byte)
	var body struct {
		Variables mexVariables `json:"variables"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return waBinary.Node{}, server.BadRequest("w:mex query is not JSON: %v", err)
	}
	dev, _ := iq.Session.Device()
	data, err := s.answer(dev.User, id, body.Variables)
	var out []byte
	if err != nil {
		code := 500
		switch {
		case errors.Is(err, ErrNotFound):
			code = 404
		case errors.Is(err, ErrForbidden):
			code = 403
		case errors.Is(err, ErrInvalid):
			code = 400
		default:
			s.srv.Logger().Error("sim/newsletter: mex", "query", id, "err", err)
		}
		out, err = json.Marshal(map[string]any{"data": nil, "errors": []map[string]any{{"message": err.Error(),
			"extensions": map[string]any{"error_code": code, "severity": "CRITICAL"}}}})
	} else {
		out, err = json.Marshal(map[string]any{"data": data})
	}
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "result", Content: out}}}, nil
}

func (s *Service) answer(phone, id string, v mexVariables) (map[string]any, error) {
	jid := func() (types.JID, error) {
		j, err := types.ParseJID(v.NewsletterID)
		if err != nil || j.Server != types.NewsletterServer {
			return types.EmptyJID, errors.Join(ErrInvalid, errors.New("newsletter_id must be a …@newsletter JID"))
		}
		return j, nil
	}
	switch {
	case id == qFetch || id == qFetchDesktop:
		var c *Channel
		var err error
		if v.Input.Type == string(types.NewsletterKeyTypeInvite) {
			c, err = s.ByInvite(v.Input.Key)
		} else {
			var j types.JID
			if j, err = types.ParseJID(v.Input.Key); err == nil {
				c, err = s.Channel(j)
			}
		}
		if err != nil {
			return nil, err
		}
		md, err := s.metadata(c, phone, v.FetchViewer)
		return map[string]any{"xwa2_newsletter": md}, err
	case (id == qSubscribed || id == qSubscribedDesktop) && v.NewsletterID == "":
		chans, err := s.Subscribed(phone)
		if err != nil {
			return nil, err
		}
		list := make([]any, 0, len(chans))
		for _, c := range chans {
			md, err := s.metadata(c, phone, true)
			if err != nil {
				return nil, err
			}
			list = append(list, md)
		}
		return map[string]any{"xwa2_newsletter_subscribed": list}, nil
	case id == qCreate || id == qCreateDesktop:
		in := v.NewsletterInput
		if in == nil {
			return nil, errors.Join(ErrInvalid, errors.New("newsletter_input missing"))
		}
		if len(in.Picture) > 0 {
			return nil, errors.Join(ErrInvalid, errors.New("channel pictures are not supported by the simulator"))
		}
		c, err := s.Create(phone, in.Name, in.Description)
		if err != nil {
			return nil, err
		}
		md, err := s.metadata(c, phone, true)
		return map[string]any{"xwa2_newsletter_create": md}, err
	case id == qFollow || id == qFollowDesktop, id == qUnfollow || id == qUnfollowDesktop,
		id == qMute || id == qMuteDesktop, id == qUnmute || id == qUnmuteDesktop:
		j, err := jid()
		if err != nil {
			return nil, err
		}
		var fn func(*Follow) *Follow
		var key string
		switch id {
		case qFollow, qFollowDesktop:
			key, fn = "xwa2_newsletter_join_v2", func(f *Follow) *Follow {
				if f == nil {
					f = &Follow{Role: "subscriber"}
				}
				return f
			}
		case qUnfollow, qUnfollowDesktop:
			key, fn = "xwa2_newsletter_leave_v2", func(*Follow) *Follow { return nil }
		default:
			mute := id == qMute || id == qMuteDesktop
			key = "xwa2_newsletter_mute_v2"
			var notFollowing bool
			fn = func(f *Follow) *Follow {
				if f == nil {
					notFollowing = true
					return nil
				}
				f.Muted = mute
				return f
			}
			if err := s.SetFollow(j, phone, fn); err != nil {
				return nil, err
			}
			if notFollowing {
				return nil, errors.Join(ErrInvalid, errors.New("mute needs a followed channel"))
			}
			return map[string]any{key: map[string]any{"id": j.String()}}, nil
		}
		if err := s.SetFollow(j, phone, fn); err != nil {
			return nil, err
		}
		return map[string]any{key: map[string]any{"id": j.String()}}, nil
	}
	return nil, errors.Join(ErrInvalid, errors.New("w:mex query "+id+" is not supported by the simulator"))
}

// metadata is the channel in types.NewsletterMetadata's JSON shape; viewer metadata for the asker when
// asked for (role guest when not following).
func (s *Service) metadata(c *Channel, phone string, viewer bool) (map[string]any, error) {
	followers, err := s.Followers(c.ID)
	if err != nil {
		return nil, err
	}
	text := func(t string) map[string]any {
		return map[string]any{"text": t, "id": c.ID, "update_time": strconv.FormatInt(c.Updated, 10)}
	}
	md := map[string]any{
		"id":    c.JID().String(),
		"state": map[string]any{"type": "ACTIVE"},
		"thread_metadata": map[string]any{
			"creation_time":     strconv.FormatInt(c.Created, 10),
			"invite":            c.Invite,
			"name":              text(c.Name),
			"description":       text(c.Description),
			"subscribers_count": strconv.Itoa(len(followers)),
			"verification":      "UNVERIFIED",
			"picture":           nil,
			"preview":           map[string]any{},
			"settings":          map[string]any{"reaction_codes": map[string]any{"value": "ALL"}},
		},
		"viewer_metadata": nil,
	}
	if viewer {
		vm := map[string]any{"mute": "OFF", "role": "GUEST"}
		if f, ok := followers[phone]; ok {
			vm["role"] = f.Role
			if f.Muted {
				vm["mute"] = "ON"
			}
		}
		md["viewer_metadata"] = vm
	}
	return md, nil
}
