package business

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// maxPage bounds one catalog page.
const maxPage = 100

// handleCatalog answers <iq xmlns="w:biz:catalog">: product_catalog and collections (get),
// product_catalog_add / _edit / _delete (set), as Baileys' getCatalog, getCollections, productCreate,
// productUpdate and productDelete send them.
func (s *Service) handleCatalog(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	children := iq.Node.GetChildren()
	if len(children) != 1 {
		return waBinary.Node{}, server.BadRequest("w:biz:catalog iq needs exactly one child")
	}
	req := children[0]
	dev, _ := iq.Session.Device()
	var result waBinary.Node
	var err error
	switch req.Tag {
	case "product_catalog":
		result, err = s.catalogPage(dev.User, req)
	case "collections":
		result, err = s.collectionsNode(dev.User, req)
	case "product_catalog_add", "product_catalog_edit":
		result, err = s.saveProduct(dev.User, req)
	case "product_catalog_delete":
		result, err = s.deleteProducts(dev.User, req)
	default:
		return waBinary.Node{}, server.BadRequest("w:biz:catalog <%s> is not supported by the simulator", req.Tag)
	}
	switch {
	case errors.Is(err, ErrNotBusiness), errors.Is(err, accounts.ErrNotFound), errors.Is(err, ErrNoProduct):
		return waBinary.Node{}, server.ErrIQNotFound
	case errors.Is(err, ErrInvalid):
		return waBinary.Node{}, server.BadRequest("%s", err.Error())
	case err != nil:
		return waBinary.Node{}, err
	}
	return waBinary.Node{Content: []waBinary.Node{result}}, nil
}

// owner resolves the business a request names (attribute attr), defaulting to the asker.
func (s *Service) owner(asker string, req waBinary.Node, attr string) (string, error) {
	jid, ok := req.Attrs[attr].(types.JID)
	if !ok {
		return asker, nil
	}
	acct, err := s.reg.Resolve(jid)
	if err != nil {
		return "", err
	}
	return acct.Phone, nil
}

func childInt(req waBinary.Node, tag string, def int) int {
	c, ok := req.GetOptionalChildByTag(tag)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(nodeText(c))
	if err != nil || n <= 0 {
		return def
	}
	return min(n, maxPage)
}

func (s *Service) catalogPage(asker string, req waBinary.Node) (waBinary.Node, error) {
	phone, err := s.owner(asker, req, "jid")
	if err != nil {
		return waBinary.Node{}, err
	}
	products, err := s.Products(phone, phone == asker)
	if err != nil {
		return waBinary.Node{}, err
	}
	start := 0
	if after, ok := req.GetOptionalChildByTag("after"); ok {
		id, err := base64.RawURLEncoding.DecodeString(nodeText(after))
		if err != nil {
			return waBinary.Node{}, errors.Join(ErrInvalid, errors.New("bad catalog cursor"))
		}
		for i, p := range products {
			if p.ID == string(id) {
				start = i + 1
			}
		}
	}
	end := min(len(products), start+childInt(req, "limit", 10))
	var content []waBinary.Node
	for _, p := range products[start:end] {
		content = append(content, productNode(p))
	}
	if end < len(products) {
		cursor := base64.RawURLEncoding.EncodeToString([]byte(products[end-1].ID))
		content = append(content, waBinary.Node{Tag: "paging", Content: []waBinary.Node{{Tag: "after", Content: []byte(cursor)}}})
	}
	return waBinary.Node{Tag: "product_catalog", Content: content}, nil
}

func (s *Service) collectionsNode(asker string, req waBinary.Node) (waBinary.Node, error) {
	phone, err := s.owner(asker, req, "biz_jid")
	if err != nil {
		return waBinary.Node{}, err
	}
	cols, err := s.Collections(phone)
	if err != nil {
		return waBinary.Node{}, err
	}
	products, err := s.Products(phone, phone == asker)
	if err != nil {
		return waBinary.Node{}, err
	}
	byID := make(map[string]Product, len(products))
	for _, p := range products {
		byID[p.ID] = p
	}
	colLimit, itemLimit := childInt(req, "collection_limit", 51), childInt(req, "item_limit", 51)
	var out []waBinary.Node
	for _, c := range cols[:min(len(cols), colLimit)] {
		content := []waBinary.Node{{Tag: "id", Content: []byte(c.ID)}, {Tag: "name", Content: []byte(c.Name)}, statusInfo()}
		n := 0
		for _, id := range c.Products {
			if p, ok := byID[id]; ok && n < itemLimit {
				content = append(content, productNode(p))
				n++
			}
		}
		out = append(out, waBinary.Node{Tag: "collection", Content: content})
	}
	return waBinary.Node{Tag: "collections", Content: out}, nil
}

func statusInfo() waBinary.Node {
	return waBinary.Node{Tag: "status_info", Content: []waBinary.Node{{Tag: "status", Content: []byte("APPROVED")},
		{Tag: "can_appeal", Content: []byte("false")}}}
}

// productNode is a product as catalogs list it.
func productNode(p Product) waBinary.Node {
	text := func(tag, v string) waBinary.Node { return waBinary.Node{Tag: tag, Content: []byte(v)} }
	content := []waBinary.Node{text("id", p.ID), text("name", p.Name), text("description", p.Description),
		text("retailer_id", p.RetailerID), text("url", p.URL), text("price", strconv.FormatInt(p.Price, 10)),
		text("currency", p.Currency)}
	var images []waBinary.Node
	for _, u := range p.Images {
		images = append(images, waBinary.Node{Tag: "image", Content: []waBinary.Node{text("request_image_url", u), text("original_image_url", u)}})
	}
	content = append(content, waBinary.Node{Tag: "media", Content: images}, statusInfo())
	return waBinary.Node{Tag: "product", Attrs: waBinary.Attrs{"is_hidden": strconv.FormatBool(p.Hidden)}, Content: content}
}

// saveProduct handles product_catalog_add and product_catalog_edit: fields present in <product> are set.
func (s *Service) saveProduct(asker string, req waBinary.Node) (waBinary.Node, error) {
	pn, ok := req.GetOptionalChildByTag("product")
	if !ok {
		return waBinary.Node{}, errors.Join(ErrInvalid, errors.New("<"+req.Tag+"> without <product>"))
	}
	var parseErr error
	apply := func(p *Product) {
		if v, ok := pn.Attrs["is_hidden"]; ok {
			p.Hidden = v == "true"
		}
		for _, c := range pn.GetChildren() {
			switch c.Tag {
			case "name":
				p.Name = nodeText(c)
			case "description":
				p.Description = nodeText(c)
			case "retailer_id":
				p.RetailerID = nodeText(c)
			case "url":
				p.URL = nodeText(c)
			case "currency":
				p.Currency = nodeText(c)
			case "price":
				n, err := strconv.ParseInt(nodeText(c), 10, 64)
				if err != nil || n < 0 {
					parseErr = errors.Join(ErrInvalid, errors.New("price must be a non-negative integer"))
				}
				p.Price = n
			case "media":
				p.Images = nil
				for _, img := range c.GetChildrenByTag("image") {
					if u, ok := img.GetOptionalChildByTag("url"); ok {
						p.Images = append(p.Images, nodeText(u))
					}
				}
			}
		}
	}
	var p Product
	apply(&p) // also validates, before anything is stored
	if parseErr != nil {
		return waBinary.Node{}, parseErr
	}
	var err error
	if req.Tag == "product_catalog_add" {
		p, err = s.AddProduct(asker, p)
	} else {
		idNode, ok := pn.GetOptionalChildByTag("id")
		if !ok {
			return waBinary.Node{}, errors.Join(ErrInvalid, errors.New("product edit without <id>"))
		}
		if _, err := s.business(asker); err != nil {
			return waBinary.Node{}, err
		}
		p, err = s.EditProduct(asker, nodeText(idNode), apply)
	}
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Tag: req.Tag, Content: []waBinary.Node{productNode(p)}}, nil
}

func (s *Service) deleteProducts(asker string, req waBinary.Node) (waBinary.Node, error) {
	if _, err := s.business(asker); err != nil {
		return waBinary.Node{}, err
	}
	var ids []string
	for _, pn := range req.GetChildrenByTag("product") {
		if id, ok := pn.GetOptionalChildByTag("id"); ok {
			ids = append(ids, nodeText(id))
		}
	}
	n, err := s.DeleteProducts(asker, ids)
	if err != nil {
		return waBinary.Node{}, err
	}
	return waBinary.Node{Tag: "product_catalog_delete", Attrs: waBinary.Attrs{"deleted_count": strconv.Itoa(n)}}, nil
}
