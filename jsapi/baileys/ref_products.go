package baileys

import (
	"context"
	"strconv"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// bizSet sends a catalog change the way Baileys does and returns the child
// of the answer named like the request.
func bizSet(ctx context.Context, s *protocol.Session, req waBinary.Node) (waBinary.Node, error) {
	res, err := serverIQ(ctx, s, "w:biz:catalog", "set", req)
	if err != nil {
		return waBinary.Node{}, err
	}
	child, _ := res.GetOptionalChildByTag(req.Tag)
	return child, nil
}

// productNode is Baileys' toProductNode: the fields given, images uploaded
// first (a Buffer) or taken as they are ({ url } already on WhatsApp's media
// hosts).
func productNode(ctx context.Context, s *protocol.Session, id string, p *jsval.Object, path string) (waBinary.Node, error) {
	var content []waBinary.Node
	if id != "" {
		content = append(content, textNode("id", id))
	}
	for _, f := range []struct{ key, tag string }{{"name", "name"}, {"description", "description"}, {"retailerId", "retailer_id"}, {"url", "url"}} {
		v := field(p, f.key)
		if absent(v) {
			continue
		}
		text, err := str(v, path+"."+f.key)
		if err != nil {
			return waBinary.Node{}, err
		}
		content = append(content, textNode(f.tag, text))
	}
	if v := field(p, "images"); !absent(v) {
		imgs, ok := v.(jsval.Array)
		if !ok {
			return waBinary.Node{}, errs.BadField(path+".images", "array of Buffer or { url } expected")
		}
		media := waBinary.Node{Tag: "media"}
		var nodes []waBinary.Node
		for i, img := range imgs {
			url, err := productImage(ctx, s, img, path+".images["+itoa(i)+"]")
			if err != nil {
				return waBinary.Node{}, err
			}
			nodes = append(nodes, waBinary.Node{Tag: "image", Content: []waBinary.Node{textNode("url", url)}})
		}
		media.Content = nodes
		content = append(content, media)
	}
	if v := field(p, "price"); !absent(v) {
		price, ok := v.(int64)
		if !ok || price < 0 {
			return waBinary.Node{}, errs.BadField(path+".price", "a whole number ≥ 0 (thousandths of the currency) expected")
		}
		content = append(content, textNode("price", strconv.FormatInt(price, 10)))
	}
	if v := field(p, "currency"); !absent(v) {
		cur, err := str(v, path+".currency")
		if err != nil {
			return waBinary.Node{}, err
		}
		content = append(content, textNode("currency", cur))
	}
	if !absent(field(p, "originCountryCode")) {
		return waBinary.Node{}, errs.New(501, path+".originCountryCode (compliance info) is not implemented by botrt")
	}
	attrs := waBinary.Attrs{}
	if v := field(p, "isHidden"); !absent(v) {
		hidden, ok := v.(bool)
		if !ok {
			return waBinary.Node{}, errs.BadField(path+".isHidden", "boolean expected")
		}
		attrs["is_hidden"] = strconv.FormatBool(hidden)
	}
	return waBinary.Node{Tag: "product", Attrs: attrs, Content: content}, nil
}

func productImage(ctx context.Context, s *protocol.Session, v jsval.Value, path string) (string, error) {
	switch img := v.(type) {
	case []byte:
		up, err := s.Upload(ctx, img, whatsmeow.MediaImage)
		if err != nil {
			return "", err
		}
		return up.URL, nil
	case *jsval.Object:
		return str(field(img, "url"), path+".url")
	}
	return "", errs.BadField(path, "Buffer or { url } expected, got %s", jsval.KindOf(v))
}

func catalogChange(ctx context.Context, s *protocol.Session, tag, id string, v jsval.Value, path string) (jsval.Value, error) {
	p, ok := v.(*jsval.Object)
	if !ok {
		return nil, errs.BadField(path, "product object expected, got %s", jsval.KindOf(v))
	}
	node, err := productNode(ctx, s, id, p, path)
	if err != nil {
		return nil, err
	}
	res, err := bizSet(ctx, s, waBinary.Node{Tag: tag, Attrs: waBinary.Attrs{"v": "1"},
		Content: []waBinary.Node{node, textNode("width", "100"), textNode("height", "100")}})
	if err != nil {
		return nil, err
	}
	pn, ok := res.GetOptionalChildByTag("product")
	if !ok {
		return nil, errs.New(502, tag+": the server answered without the product")
	}
	return product(pn), nil
}

// productCreate(create) → Product; Baileys sends an empty description when none is given.
func productCreate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	if p, ok := a[0].(*jsval.Object); ok && absent(field(p, "description")) {
		a[0] = p.Set("description", "")
	}
	return catalogChange(ctx, s, "product_catalog_add", "", a[0], "create")
}

func productUpdate(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	id, err := str(a[0], "productId")
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errs.BadField("productId", "must not be empty")
	}
	return catalogChange(ctx, s, "product_catalog_edit", id, a[1], "update")
}

// productDelete(productIds) → { deleted }.
func productDelete(ctx context.Context, _ *botState, s *protocol.Session, a []jsval.Value) (jsval.Value, error) {
	ids, ok := a[0].(jsval.Array)
	if !ok || len(ids) == 0 {
		return nil, errs.BadField("productIds", "non-empty array of product ids expected")
	}
	nodes := make([]waBinary.Node, len(ids))
	for i, v := range ids {
		id, err := str(v, "productIds["+itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		nodes[i] = waBinary.Node{Tag: "product", Content: []waBinary.Node{textNode("id", id)}}
	}
	res, err := bizSet(ctx, s, waBinary.Node{Tag: "product_catalog_delete", Attrs: waBinary.Attrs{"v": "1"}, Content: nodes})
	if err != nil {
		return nil, err
	}
	n, _ := strconv.ParseInt(res.AttrGetter().OptionalString("deleted_count"), 10, 64)
	return jsval.NewObject().Set("deleted", n), nil
}
