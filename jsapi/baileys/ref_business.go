package baileys

import (
	"context"
	"maps"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func init() {
	maps.Copy(methods, map[string]method{
		"getBusinessProfile": {[]string{"jid"}, getBusinessProfile},
		"getCatalog":         {[]string{"options"}, getCatalog},
		"getCollections":     {[]string{"jid", "limit"}, getCollections},
		"productCreate":      {[]string{"create"}, productCreate},
		"productUpdate":      {[]string{"productId", "update"}, productUpdate},
		"productDelete":      {[]string{"productIds"}, productDelete},
	})
}

func childText(n waBinary.Node, tag string) string {
	c, ok := n.GetOptionalChildByTag(tag)
	if !ok {
		return ""
	}
	switch v := c.Content.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

func textNode(tag, text string) waBinary.Node { return waBinary.Node{Tag: tag, Content: []byte(text)} }

// bizJID is the jid argument, the bot's own account when absent.
func bizJID(s *protocol.Session, v jsval.Value, path string) (types.JID, error) {
	if absent(v) {
		return s.Status().Me.ID.ToNonAD(), nil
	}
	j, err := jidArg(v, path)
	return j.ToNonAD(), err
}

// getBusinessProfile resolves to Baileys' WABusinessProfile, or undefined for
// an account that is not a business.
func getBusinessProfile(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	j, err := jidArg(a[0], "jid")
	if err != nil {
		return nil, err
	}
	res, err := serverIQ(ctx, s, "w:biz", "get", waBinary.Node{Tag: "business_profile", Attrs: waBinary.Attrs{"v": "244"},
		Content: []waBinary.Node{{Tag: "profile", Attrs: waBinary.Attrs{"jid": j.ToNonAD()}}}})
	if err != nil {
		return nil, err
	}
	bp, _ := res.GetOptionalChildByTag("business_profile")
	p, ok := bp.GetOptionalChildByTag("profile")
	if !ok {
		return jsval.Undefined, nil
	}
	website := jsval.Array{}
	if w := childText(p, "website"); w != "" {
		website = append(website, w)
	}
	cats, _ := p.GetOptionalChildByTag("categories")
	hours, hasHours := p.GetOptionalChildByTag("business_hours")
	config := jsval.Array{}
	for _, c := range hours.GetChildrenByTag("business_hours_config") {
		o := jsval.NewObject()
		for k, v := range c.Attrs {
			o.Set(k, v)
		}
		config = append(config, o)
	}
	bh := jsval.NewObject()
	if hasHours {
		bh.Set("timezone", hours.AttrGetter().OptionalString("timezone")).Set("business_config", config)
	}
	return jsval.NewObject().
		Set("wid", p.AttrGetter().OptionalJIDOrEmpty("jid").String()).
		SetIf(childText(p, "address") != "", "address", childText(p, "address")).
		Set("description", childText(p, "description")).
		Set("website", website).
		SetIf(childText(p, "email") != "", "email", childText(p, "email")).
		SetIf(childText(cats, "category") != "", "category", childText(cats, "category")).
		Set("business_hours", bh), nil
}

// product is Baileys' parseProductNode.
func product(n waBinary.Node) *jsval.Object {
	media, _ := n.GetOptionalChildByTag("media")
	img, _ := media.GetOptionalChildByTag("image")
	status, _ := n.GetOptionalChildByTag("status_info")
	price, _ := strconv.ParseFloat(childText(n, "price"), 64)
	return jsval.NewObject().
		Set("id", childText(n, "id")).
		Set("imageUrls", jsval.NewObject().Set("requested", childText(img, "request_image_url")).Set("original", childText(img, "original_image_url"))).
		Set("reviewStatus", jsval.NewObject().Set("whatsapp", childText(status, "status"))).
		Set("availability", "in stock").
		Set("name", childText(n, "name")).
		Set("retailerId", childText(n, "retailer_id")).
		Set("url", childText(n, "url")).
		Set("description", childText(n, "description")).
		Set("price", price).
		Set("currency", childText(n, "currency")).
		Set("isHidden", n.AttrGetter().OptionalString("is_hidden") == "true")
}

func products(n waBinary.Node) jsval.Array {
	out := jsval.Array{}
	for _, p := range n.GetChildrenByTag("product") {
		out = append(out, product(p))
	}
	return out
}

func positiveInt(v jsval.Value, path string, def int64) (int64, error) {
	if absent(v) {
		return def, nil
	}
	n, ok := v.(int64)
	if !ok || n <= 0 {
		return 0, errs.BadField(path, "a whole number > 0 expected")
	}
	return n, nil
}

// getCatalog({ jid, limit = 10, cursor }) → { products, nextPageCursor }.
func getCatalog(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	opts := jsval.NewObject()
	if !absent(a[0]) {
		o, ok := a[0].(*jsval.Object)
		if !ok {
			return nil, errs.BadField("options", "{ jid, limit, cursor } expected, got %s", jsval.KindOf(a[0]))
		}
		opts = o
	}
	j, err := bizJID(s, field(opts, "jid"), "options.jid")
	if err != nil {
		return nil, err
	}
	limit, err := positiveInt(field(opts, "limit"), "options.limit", 10)
	if err != nil {
		return nil, err
	}
	content := []waBinary.Node{textNode("limit", itoa(int(limit))), textNode("width", "100"), textNode("height", "100")}
	if c := field(opts, "cursor"); !absent(c) {
		cursor, err := str(c, "options.cursor")
		if err != nil {
			return nil, err
		}
		content = append(content, textNode("after", cursor))
	}
	res, err := serverIQ(ctx, s, "w:biz:catalog", "get", waBinary.Node{Tag: "product_catalog",
		Attrs: waBinary.Attrs{"jid": j, "allow_shop_source": "true"}, Content: content})
	if err != nil {
		return nil, err
	}
	cat, _ := res.GetOptionalChildByTag("product_catalog")
	out := jsval.NewObject().Set("products", products(cat))
	if paging, ok := cat.GetOptionalChildByTag("paging"); ok {
		out.Set("nextPageCursor", childText(paging, "after"))
	}
	return out, nil
}

// getCollections(jid, limit = 51) → { collections: [{ id, name, products, status }] }.
func getCollections(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	j, err := bizJID(s, a[0], "jid")
	if err != nil {
		return nil, err
	}
	limit, err := positiveInt(a[1], "limit", 51)
	if err != nil {
		return nil, err
	}
	n := itoa(int(limit))
	res, err := serverIQ(ctx, s, "w:biz:catalog", "get", waBinary.Node{Tag: "collections", Attrs: waBinary.Attrs{"biz_jid": j},
		Content: []waBinary.Node{textNode("collection_limit", n), textNode("item_limit", n), textNode("width", "100"), textNode("height", "100")}})
	if err != nil {
		return nil, err
	}
	cols, _ := res.GetOptionalChildByTag("collections")
	out := jsval.Array{}
	for _, c := range cols.GetChildrenByTag("collection") {
		st, _ := c.GetOptionalChildByTag("status_info")
		out = append(out, jsval.NewObject().
			Set("id", childText(c, "id")).
			Set("name", childText(c, "name")).
			Set("products", products(c)).
			Set("status", jsval.NewObject().Set("status", childText(st, "status")).Set("canAppeal", childText(st, "can_appeal") == "true")))
	}
	return jsval.NewObject().Set("collections", out), nil
}
