package business_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"

	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/business"
	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/sim/testkit"
)

// iq sends a raw iq the way Baileys builds it (whatsmeow has no catalog calls) and returns the result.
func iq(t *testing.T, c *testkit.Client, ns, typ string, content waBinary.Node) (*waBinary.Node, error) {
	t.Helper()
	return c.WA.DangerousInternals().SendIQ(testkit.Context(t), whatsmeow.DangerousInfoQuery{Namespace: ns,
		Type: whatsmeow.DangerousInfoQueryType(typ), To: types.ServerJID, Content: []waBinary.Node{content}})
}

func text(tag, v string) waBinary.Node { return waBinary.Node{Tag: tag, Content: []byte(v)} }

func childText(n waBinary.Node, tag string) string {
	b, _ := n.GetChildByTag(tag).Content.([]byte)
	return string(b)
}

// TestBusinessProfileAndCatalog: a business account's profile set through Baileys' delta iq and read by
// whatsmeow's GetBusinessProfile; products created with an uploaded image, edited, paged, grouped in a
// collection and deleted, in Baileys' catalog shapes; hidden products only for the owner.
func TestBusinessProfileAndCatalog(t *testing.T) {
	srv := testkit.NewServer(t)
	if _, err := srv.Server.Accounts().CreateAccount(accounts.NewAccount{Phone: "15550004242", Name: "Bakery", Business: true}); err != nil {
		t.Fatal(err)
	}
	shop := testkit.NewClient(t, srv, testkit.Phone("15550004242"))
	ann := testkit.NewClient(t, srv, testkit.Name("Ann"))

	if err := srv.Business.SetProfile("15550004242", business.Profile{CategoryID: "1", Category: "Bakery"}); err != nil {
		t.Fatal(err)
	}
	_, err := iq(t, shop, "w:biz", "set", waBinary.Node{Tag: "business_profile", Attrs: waBinary.Attrs{"v": "3", "mutation_type": "delta"},
		Content: []waBinary.Node{text("description", "Fresh bread"), text("address", "1 Main St"), text("email", "hi@bakery.test"),
			text("website", "https://bakery.test"),
			{Tag: "business_hours", Attrs: waBinary.Attrs{"timezone": "Europe/Berlin"}, Content: []waBinary.Node{
				{Tag: "business_hours_config", Attrs: waBinary.Attrs{"day_of_week": "mon", "mode": "specific_hours", "open_time": "420", "close_time": "1080"}},
				{Tag: "business_hours_config", Attrs: waBinary.Attrs{"day_of_week": "sun", "mode": "appointment_only"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	bp, err := ann.WA.GetBusinessProfile(testkit.Context(t), shop.UserJID())
	if err != nil {
		t.Fatal(err)
	}
	if bp.JID != shop.UserJID() || bp.Email != "hi@bakery.test" || bp.Address != "1 Main St" || bp.BusinessHoursTimeZone != "Europe/Berlin" ||
		len(bp.BusinessHours) != 2 || bp.BusinessHours[0].OpenTime != "420" || len(bp.Categories) != 1 || bp.Categories[0].Name != "Bakery" {
		t.Fatalf("business profile %+v", bp)
	}
	if _, err := ann.WA.GetBusinessProfile(testkit.Context(t), ann.UserJID()); err == nil {
		t.Fatal("personal account has a business profile")
	}
	if _, err := iq(t, ann, "w:biz", "set", waBinary.Node{Tag: "business_profile", Content: []waBinary.Node{text("email", "x@y")}}); err == nil {
		t.Fatal("personal account changed a business profile")
	}

	up, err := shop.WA.Upload(testkit.Context(t), []byte("pretend jpeg"), whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, name := range []string{"Rye loaf", "Pretzel", "Secret cake"} {
		attrs := waBinary.Attrs{"is_hidden": strconv.FormatBool(name == "Secret cake")}
		res, err := iq(t, shop, "w:biz:catalog", "set", waBinary.Node{Tag: "product_catalog_add", Attrs: waBinary.Attrs{"v": "1"},
			Content: []waBinary.Node{{Tag: "product", Attrs: attrs, Content: []waBinary.Node{text("name", name), text("price", strconv.Itoa(1000*(i+2))),
				text("currency", "EUR"), {Tag: "media", Content: []waBinary.Node{{Tag: "image", Content: []waBinary.Node{text("url", up.URL)}}}}}},
				text("width", "100"), text("height", "100")}})
		if err != nil {
			t.Fatal(err)
		}
		p := res.GetChildByTag("product_catalog_add", "product")
		if childText(p, "name") != name || childText(p, "id") == "" || childText(p.GetChildByTag("media", "image"), "original_image_url") != up.URL {
			t.Fatalf("created product %s", p.XMLString())
		}
		ids = append(ids, childText(p, "id"))
	}
	if _, err := iq(t, shop, "w:biz:catalog", "set", waBinary.Node{Tag: "product_catalog_add", Content: []waBinary.Node{{Tag: "product",
		Content: []waBinary.Node{text("name", "Bad"), text("price", "cheap")}}}}); err == nil {
		t.Fatal("product with a non-numeric price accepted")
	}

	// Ann pages through the visible catalog one product at a time.
	var seen []string
	cursor := ""
	for range 5 {
		q := []waBinary.Node{text("limit", "1"), text("width", "100"), text("height", "100")}
		if cursor != "" {
			q = append(q, text("after", cursor))
		}
		res, err := iq(t, ann, "w:biz:catalog", "get", waBinary.Node{Tag: "product_catalog",
			Attrs: waBinary.Attrs{"jid": shop.UserJID(), "allow_shop_source": "true"}, Content: q})
		if err != nil {
			t.Fatal(err)
		}
		cat := res.GetChildByTag("product_catalog")
		for _, p := range cat.GetChildrenByTag("product") {
			seen = append(seen, childText(p, "name"))
		}
		paging, ok := cat.GetOptionalChildByTag("paging")
		if !ok {
			break
		}
		cursor = childText(paging, "after")
	}
	if len(seen) != 2 || seen[0] != "Rye loaf" || seen[1] != "Pretzel" {
		t.Fatalf("catalog pages %q, want the two visible products in order", seen)
	}
	if own, err := srv.Business.Products("15550004242", true); err != nil || len(own) != 3 {
		t.Fatalf("owner's products %d %v", len(own), err)
	}

	res, err := iq(t, shop, "w:biz:catalog", "set", waBinary.Node{Tag: "product_catalog_edit", Attrs: waBinary.Attrs{"v": "1"},
		Content: []waBinary.Node{{Tag: "product", Content: []waBinary.Node{text("id", ids[1]), text("name", "Giant pretzel"), text("price", "4500")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.GetChildByTag("product_catalog_edit", "product"); childText(p, "name") != "Giant pretzel" || childText(p, "currency") != "EUR" {
		t.Fatalf("edited product %s", p.XMLString())
	}
	if _, err := srv.Business.AddCollection("15550004242", "Breads", ids[:2]); err != nil {
		t.Fatal(err)
	}
	res, err = iq(t, ann, "w:biz:catalog", "get", waBinary.Node{Tag: "collections", Attrs: waBinary.Attrs{"biz_jid": shop.UserJID()},
		Content: []waBinary.Node{text("collection_limit", "51"), text("item_limit", "51")}})
	if err != nil {
		t.Fatal(err)
	}
	col := res.GetChildByTag("collections", "collection")
	if childText(col, "name") != "Breads" || len(col.GetChildrenByTag("product")) != 2 {
		t.Fatalf("collections %s", res.XMLString())
	}

	res, err = iq(t, shop, "w:biz:catalog", "set", waBinary.Node{Tag: "product_catalog_delete", Attrs: waBinary.Attrs{"v": "1"},
		Content: []waBinary.Node{{Tag: "product", Content: []waBinary.Node{text("id", ids[0])}}, {Tag: "product", Content: []waBinary.Node{text("id", "404")}}}})
	if err != nil || res.GetChildByTag("product_catalog_delete").Attrs["deleted_count"] != "1" {
		t.Fatalf("delete: %v %v", res, err)
	}
	if left, _ := srv.Business.Products("15550004242", false); len(left) != 1 || left[0].Name != "Giant pretzel" {
		t.Fatalf("after delete %+v", left)
	}

	// The product image URL is served by the simulator's media host.
	req, _ := http.NewRequestWithContext(testkit.Context(t), http.MethodGet, up.URL, nil)
	resp, err := client.HTTPClient(srv.Addr).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(body) == 0 {
		t.Fatalf("product image: %d, %d bytes", resp.StatusCode, len(body))
	}
}
