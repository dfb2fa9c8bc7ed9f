package baileys_test

import (
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

func TestProductMethods(t *testing.T) {
	runtimetest.NoLeaks(t)
	const phone = "15550004244"
	w, alice, me := refRunAs(t, phone, `
  if (cmd === '!run') return
  const p = await step('create', () => sock.productCreate({ name: 'Bread', price: 2500, currency: 'EUR', images: [{ url: './pic.png' }], isHidden: false })
    .then((p) => ({ id: p.id, name: p.name, price: p.price, description: p.description, image: p.imageUrls.original.startsWith('http') })))
  await step('update', () => sock.productUpdate(p.id, { name: 'Rye bread', price: 3000, currency: 'EUR' }).then((p) => p.name + ':' + p.price))
  await step('catalog', () => sock.getCatalog({}).then((c) => c.products.map((p) => p.name)))
  await step('badPrice', () => sock.productCreate({ name: 'x', price: -1, currency: 'EUR' }))
  await step('unknown', () => sock.productUpdate('nope', { name: 'y' }))
  await step('delete', () => sock.productDelete([p.id]))
  await step('badDelete', () => sock.productDelete([]))
`, map[string]string{"pic.png": mustPNG(t)})
	w.command(t, alice, me, "!products")
	for _, want := range [][]string{{`R create {"id":"`, `"name":"Bread","price":2500,"description":"","image":true}`},
		{`R update "Rye bread:3000"`}, {`R catalog ["Rye bread"]`}, {"E badPrice 400", "create.price"}, {"E unknown 404"},
		{`R delete {"deleted":1}`}, {"E badDelete 400", "productIds"}} {
		w.waitLog(t, want...)
	}
	// The simulator's catalog, the one every customer is served, is empty again.
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		left, err := w.srv.Business.Products(phone, true)
		return err == nil && len(left) == 0
	}, "the catalog is empty after productDelete")
	w.settle(t, alice)
}
