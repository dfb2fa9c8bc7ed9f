package baileys_test

import (
	"encoding/json"
	"testing"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// registerBot registers a new number the way a Baileys 6.5 script did: requestRegistrationCode,
// then register with the code the person types in (here: the test writes it to code.txt).
const registerBot = `
const fs = require('fs')
const { default: makeWASocket, useMultiFileAuthState } = require('@whiskeysockets/baileys')
async function step(name, fn) {
  try {
    const r = await fn()
    console.log('R ' + name + ' ' + JSON.stringify(r === undefined ? null : r))
    return r
  } catch (e) {
    console.log('E ' + name + ' ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
  }
}
const typed = () => new Promise((resolve) => {
  const poll = () => fs.existsSync('code.txt') ? resolve(fs.readFileSync('code.txt', 'utf8').split(',')) : setTimeout(poll, 20)
  poll()
})
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN ' + sock.user.id) })
  sock.ev.on('messages.upsert', ({ messages }) => { for (const m of messages) if (!m.key.fromMe) console.log('MSG ' + m.message?.conversation) })
  const opts = { phoneNumberCountryCode: '+49', phoneNumberNationalNumber: '151 1234-5678', phoneNumberMobileCountryCode: '262', phoneNumberMobileNetworkCode: '01' }
  await step('noNumber', () => sock.requestRegistrationCode({ method: 'sms' }))
  await step('mismatch', () => sock.requestRegistrationCode({ ...opts, phoneNumber: '+4915199999999' }))
  await step('badMethod', () => sock.requestRegistrationCode({ ...opts, method: 'pigeon' }))
  await step('early', () => sock.register('123456'))
  await step('request', () => sock.requestRegistrationCode({ ...opts, method: 'voice' }))
  const [wrong, right] = await typed()
  await step('wrongCode', () => sock.register(wrong))
  await step('register', () => sock.register(right))
  console.log('REGISTERED ' + state.creds.registered + ' ' + sock.user.id)
  await step('again', () => sock.requestRegistrationCode({ ...opts, method: 'sms' }))
}
start()
`

// TestRequestRegistrationCode: a script registers a new number on the simulator with the code shown
// by GET /api/registrations and is logged in as it; a person messages the new number and a whatsmeow
// client links to it as a second device. Bad options, a wrong code and a second registration on a
// logged-in socket are refused with Boom errors.
func TestRequestRegistrationCode(t *testing.T) {
	runtimetest.NoLeaks(t)
	const phone = "4915112345678"
	w := newWorld(t, map[string]string{"bot.js": registerBot})
	for _, want := range [][]string{{"E noNumber 400", "phoneNumberNationalNumber"}, {"E mismatch 400", "registrationOptions.phoneNumber"},
		{"E badMethod 400", "pigeon"}, {"E early 400", "requestRegistrationCode first"},
		{`R request {"status":"sent","login":"` + phone + `","method":"voice","length":6,"voice_length":6,"voice_wait":0}`}} {
		w.waitLog(t, want...)
	}
	// The person reads the code the simulator "sent" and types it in.
	code, body := w.srv.API(t, "GET", "/api/registrations", nil)
	var pending []struct{ Phone, Method, Code string }
	if code != 200 || json.Unmarshal(body, &pending) != nil || len(pending) != 1 || pending[0].Phone != phone || pending[0].Method != "voice" {
		t.Fatalf("pending registrations: %d %s", code, body)
	}
	right := pending[0].Code
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	w.env.Write("code.txt", wrong+","+right[:3]+"-"+right[3:])
	w.waitLog(t, "E wrongCode 403")
	w.waitLog(t, `R register {"status":"ok","login":"`+phone+`","lid":"`)
	w.waitLog(t, "OPEN "+phone+":")
	w.waitLog(t, "REGISTERED true "+phone+":")
	w.waitLog(t, "E again 400", "already logged in")
	if _, err := w.srv.Server.Accounts().Account(phone); err != nil {
		t.Fatalf("the registered account: %v", err)
	}

	// The new number is an account like any other: people message it, devices link to it.
	bot := types.NewJID(phone, types.DefaultUserServer)
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, bot, "welcome")
	w.waitLog(t, "MSG welcome")
	second := testkit.NewClient(t, w.srv, testkit.Phone(phone))
	if second.UserJID() != bot {
		t.Fatalf("second device linked to %s, want %s", second.UserJID(), bot)
	}
	w.settle(t, alice, second)
}
