package business

import (
	"context"
	"errors"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// handleBiz answers <iq xmlns="w:biz">: get <business_profile><profile jid/>…</business_profile>
// (whatsmeow's GetBusinessProfile, Baileys' getBusinessProfile) and set <business_profile
// mutation_type="delta"> (Baileys' updateBussinesProfile).
func (s *Service) handleBiz(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	req, ok := iq.Node.GetOptionalChildByTag("business_profile")
	if !ok {
		return waBinary.Node{}, server.BadRequest("w:biz iq without <business_profile>")
	}
	switch iq.Type {
	case "get":
		var profiles []waBinary.Node
		for _, pn := range req.GetChildrenByTag("profile") {
			jid, ok := pn.Attrs["jid"].(types.JID)
			if !ok {
				return waBinary.Node{}, server.BadRequest("<profile> without jid")
			}
			node, err := s.profileNode(jid)
			if errors.Is(err, ErrNotBusiness) || errors.Is(err, accounts.ErrNotFound) {
				continue // Baileys reads a missing <profile> as "not a business"
			} else if err != nil {
				return waBinary.Node{}, err
			}
			profiles = append(profiles, node)
		}
		return waBinary.Node{Content: []waBinary.Node{{Tag: "business_profile", Content: profiles}}}, nil
	case "set":
		dev, _ := iq.Session.Device()
		err := s.applyProfileDelta(dev.User, req)
		if errors.Is(err, ErrNotBusiness) {
			return waBinary.Node{}, server.ErrIQForbidden
		} else if errors.Is(err, ErrInvalid) {
			return waBinary.Node{}, server.BadRequest("%s", err.Error())
		} else if err != nil {
			return waBinary.Node{}, err
		}
		return waBinary.Node{}, nil
	}
	return waBinary.Node{}, server.BadRequest("w:biz iq type %q", iq.Type)
}

func (s *Service) profileNode(jid types.JID) (waBinary.Node, error) {
	acct, err := s.reg.Resolve(jid)
	if err != nil {
		return waBinary.Node{}, err
	}
	p, err := s.Profile(acct.Phone)
	if err != nil {
		return waBinary.Node{}, err
	}
	text := func(tag, v string) waBinary.Node { return waBinary.Node{Tag: tag, Content: []byte(v)} }
	content := []waBinary.Node{text("description", p.Description), text("address", p.Address), text("email", p.Email)}
	for _, w := range p.Websites {
		content = append(content, text("website", w))
	}
	var cats []waBinary.Node
	if p.Category != "" {
		cats = append(cats, waBinary.Node{Tag: "category", Attrs: waBinary.Attrs{"id": p.CategoryID}, Content: []byte(p.Category)})
	}
	content = append(content, waBinary.Node{Tag: "categories", Content: cats})
	if p.Hours != nil {
		days := make([]waBinary.Node, 0, len(p.Hours.Days))
		for _, d := range p.Hours.Days {
			attrs := waBinary.Attrs{"day_of_week": d.Day, "mode": d.Mode}
			if d.Mode == "specific_hours" {
				attrs["open_time"], attrs["close_time"] = strconv.Itoa(d.Open), strconv.Itoa(d.Close)
			}
			days = append(days, waBinary.Node{Tag: "business_hours_config", Attrs: attrs})
		}
		content = append(content, waBinary.Node{Tag: "business_hours", Attrs: waBinary.Attrs{"timezone": p.Hours.Timezone}, Content: days})
	}
	return waBinary.Node{Tag: "profile", Attrs: waBinary.Attrs{"jid": acct.JID(), "tag": strconv.FormatInt(acct.Created.Unix(), 10)},
		Content: content}, nil
}

// applyProfileDelta applies Baileys' updateBussinesProfile fields: those present replace the stored ones.
func (s *Service) applyProfileDelta(phone string, req waBinary.Node) error {
	var websites []string
	var hours *Hours
	simple := map[string]string{}
	for _, c := range req.GetChildren() {
		switch c.Tag {
		case "address", "email", "description":
			simple[c.Tag] = nodeText(c)
		case "website":
			websites = append(websites, nodeText(c))
		case "business_hours":
			h := &Hours{Timezone: c.AttrGetter().OptionalString("timezone")}
			for _, d := range c.GetChildrenByTag("business_hours_config") {
				ag := d.AttrGetter()
				day := DayHours{Day: ag.String("day_of_week"), Mode: ag.String("mode"),
					Open: ag.OptionalInt("open_time"), Close: ag.OptionalInt("close_time")}
				if !ag.OK() {
					return ErrInvalid
				}
				h.Days = append(h.Days, day)
			}
			hours = h
		default:
			return errors.Join(ErrInvalid, errors.New("business profile field <"+c.Tag+"> is not supported by the simulator"))
		}
	}
	return s.updateProfile(phone, func(p *Profile) {
		if v, ok := simple["address"]; ok {
			p.Address = v
		}
		if v, ok := simple["email"]; ok {
			p.Email = v
		}
		if v, ok := simple["description"]; ok {
			p.Description = v
		}
		if websites != nil {
			p.Websites = websites
		}
		if hours != nil {
			p.Hours = hours
		}
	})
}

// nodeText is a node's content as text (bytes or a tokenised string).
func nodeText(n waBinary.Node) string {
	switch v := n.Content.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}
