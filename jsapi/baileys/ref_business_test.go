package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/business"
	"github.com/botrt/botrt/sim/testkit"
)

func TestBusinessMethods(t *testing.T) {
	runtimetest.NoLeaks(t)
	w, alice, me := refRun(t, `
  if (cmd === '!run') return
  const shop = cmd.split(' ')[1]
  await step('profile', () => sock.getBusinessProfile(shop).then((p) => [p.wid === shop, p.description, p.website, p.email, p.category, p.business_hours.timezone]))
  await step('personal', () => sock.getBusinessProfile(jid))
  const page = await step('page1', () => sock.getCatalog({ jid: shop, limit: 2 }).then((c) => ({ names: c.products.map((p) => p.name + ':' + p.price + ':' + p.currency), cursor: c.nextPageCursor })))
  await step('page2', () => sock.getCatalog({ jid: shop, limit: 2, cursor: page.cursor }).then((c) => c.products.map((p) => p.name)))
  await step('collections', () => sock.getCollections(shop).then((r) => r.collections.map((c) => c.name + ':' + c.products.length)))
  await step('badLimit', () => sock.getCatalog({ jid: shop, limit: -1 }))
`, nil)
	const phone = "15550004243"
	if _, err := w.srv.Server.Accounts().CreateAccount(accounts.NewAccount{Phone: phone, Name: "Bakery", Business: true}); err != nil {
		t.Fatal(err)
	}
	shop := testkit.NewClient(t, w.srv, testkit.Phone(phone))
	if err := w.srv.Business.SetProfile(phone, business.Profile{Description: "Fresh bread", Email: "hi@bakery.test",
		Websites: []string{"https://bakery.test"}, CategoryID: "1", Category: "Bakery",
		Hours: &business.Hours{Timezone: "Europe/Berlin"}}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"Bread", "Bun", "Pretzel"} {
		p, err := w.srv.Business.AddProduct(phone, business.Product{Name: name, Price: 2500, Currency: "EUR"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := w.srv.Business.AddCollection(phone, "Breads", ids[:2]); err != nil {
		t.Fatal(err)
	}
	w.command(t, alice, me, "!biz "+shop.UserJID().String())
	for _, want := range [][]string{
		{`R profile [true,"Fresh bread",["https://bakery.test"],"hi@bakery.test","Bakery","Europe/Berlin"]`},
		{"R personal null"}, {`R page1 {"names":["`, `:2500:EUR"`, `"cursor":"`}, {"R page2 ["}, {`R collections ["Breads:2"]`},
		{"E badLimit 400", "options.limit"}} {
		w.waitLog(t, want...)
	}
	w.settle(t, alice, shop)
}
