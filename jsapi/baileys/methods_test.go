package baileys_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

const pngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

// methodsBot runs every socket method once when a person sends "!run", and
// logs "R <name> <result>" or "E <name> <status> <message>" for each.
const methodsBot = `
const { default: makeWASocket, useMultiFileAuthState, makeInMemoryStore, downloadMediaMessage, toBuffer } = require('@whiskeysockets/baileys')
const store = makeInMemoryStore({})
const png = Buffer.from('` + pngBase64 + `', 'base64')
async function step(name, fn) {
  try {
    const r = await fn()
    console.log('R ' + name + ' ' + JSON.stringify(r === undefined ? null : r))
    return r
  } catch (e) {
    console.log('E ' + name + ' ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
  }
}
async function run(sock, m) {
  const jid = m.key.remoteJid
  await step('mention', () => sock.sendMessage(jid, { text: 'hi @' + jid.split('@')[0], mentions: [jid] }).then((r) => r.message))
  await step('react', () => sock.sendMessage(jid, { react: { text: '👍', key: m.key } }).then((r) => r.message))
  const sent = await step('toEdit', () => sock.sendMessage(jid, { text: 'draft' }))
  await step('edit', () => sock.sendMessage(jid, { text: 'final', edit: sent.key }).then((r) => r.key.fromMe))
  await step('delete', () => sock.sendMessage(jid, { delete: sent.key }).then((r) => r.key.fromMe))
  const img = await step('image', () => sock.sendMessage(jid, { image: png, caption: 'pic', mimetype: 'image/png' }))
  await step('download', () => downloadMediaMessage(img, 'buffer').then((b) => b.equals(png)))
  await step('downloadStream', () => downloadMediaMessage(img, 'stream').then(toBuffer).then((b) => b.equals(png)))
  await step('fileUrl', () => sock.sendMessage(jid, { image: { url: './pic.png' }, viewOnce: true }).then((r) => Object.keys(r.message)))
  await step('fileOutside', () => sock.sendMessage(jid, { document: { url: '/etc/passwd' }, mimetype: 'text/plain' }))
  await step('privateUrl', () => sock.sendMessage(jid, { image: { url: 'http://127.0.0.1:9/x.png' } }))
  await step('stream', () => sock.sendMessage(jid, { document: { stream: require('fs').createReadStream('pic.png') }, mimetype: 'image/png', fileName: 'p.png' }).then((r) => r.message.documentMessage.fileLength))
  await step('notMedia', () => downloadMediaMessage(m, 'buffer'))
  await step('location', () => sock.sendMessage(jid, { location: { degreesLatitude: 1.5, degreesLongitude: 2.5, name: 'here' } }).then((r) => r.message.locationMessage.name))
  await step('poll', () => sock.sendMessage(jid, { poll: { name: 'lunch?', values: ['yes', 'no'], selectableCount: 1 } }).then((r) => Object.keys(r.message).filter((k) => k.startsWith('poll'))))
  await step('contact', () => sock.sendMessage(jid, { contacts: { displayName: 'Al', contacts: [{ vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Al\nEND:VCARD' }] } }).then((r) => r.message.contactMessage.vcard.includes('FN:Al')))
  await step('forward', () => sock.sendMessage(jid, { forward: m }).then((r) => r.message.extendedTextMessage?.contextInfo?.isForwarded ?? r.message))
  await step('readMessages', () => sock.readMessages([m.key]))
  await step('presenceSubscribe', () => sock.presenceSubscribe(jid))
  await step('composing', () => sock.sendPresenceUpdate('composing', jid))
  await step('badPresence', () => sock.sendPresenceUpdate('dancing', jid))
  await step('onWhatsApp', () => sock.onWhatsApp(jid))
  await step('fetchStatus', () => sock.fetchStatus(jid))
  await step('profilePictureUrl', () => sock.profilePictureUrl(jid, 'image'))
  const g = await step('groupCreate', () => sock.groupCreate('Team', [jid]).then((md) => ({ id: md.id, subject: md.subject, n: md.participants.length })))
  if (g) {
    await step('groupUpdateSubject', () => sock.groupUpdateSubject(g.id, 'Team 2'))
    await step('groupUpdateDescription', () => sock.groupUpdateDescription(g.id, 'about'))
    await step('groupSettingUpdate', () => sock.groupSettingUpdate(g.id, 'announcement'))
    await step('groupMetadata', () => sock.groupMetadata(g.id).then((md) => ({ subject: md.subject, desc: md.desc, announce: md.announce, admins: md.participants.filter((p) => p.admin).length })))
    await step('groupInviteCode', () => sock.groupInviteCode(g.id).then((c) => typeof c === 'string' && c.length > 0 && !c.includes('/')))
    await step('groupParticipantsUpdate', () => sock.groupParticipantsUpdate(g.id, [jid], 'promote'))
    await step('groupFetchAllParticipating', () => sock.groupFetchAllParticipating().then((all) => Object.keys(all).includes(g.id)))
    await step('groupText', () => sock.sendMessage(g.id, { text: 'hello group' }).then((r) => r.key.remoteJid === g.id))
    await step('groupLeave', () => sock.groupLeave(g.id))
  }
  await step('groupAcceptInvite', () => sock.groupAcceptInvite('https://chat.whatsapp.com/NoSuchCode0000'))
  await step('badSetting', () => sock.groupSettingUpdate('1203@g.us', 'loud'))
  await step('storeMemory', async () => !!store.messages[jid].get(m.key.id))
  const fresh = makeInMemoryStore({})
  fresh.bind(sock.ev)
  await step('storeBadger', () => fresh.loadMessage(jid, sent.key.id).then((r) => r.message.extendedTextMessage.text))
  store.writeToFile('./store.json')
  const copy = makeInMemoryStore({})
  copy.readFromFile('./store.json')
  await step('storeFile', async () => copy.messages[jid].get(m.key.id).message.conversation)
  console.log('DONE')
}
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state })
  store.bind(sock.ev)
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) if (type === 'notify' && !m.key.fromMe && m.message?.conversation === '!run') await run(sock, m)
  })
}
start()
`

func TestSocketMethods(t *testing.T) {
	runtimetest.NoLeaks(t)
	pic, err := base64.StdEncoding.DecodeString(pngBase64)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, map[string]string{"bot.js": methodsBot, "pic.png": string(pic)})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	alice := testkit.NewClient(t, w.srv, testkit.Name("Alice"))
	alice.SendText(t, s.Status().Me.ID.ToNonAD(), "!run")
	w.waitLog(t, "DONE")
	for _, l := range w.env.Logs.Lines() {
		if strings.Contains(l, " R ") || strings.Contains(l, " E ") || strings.HasPrefix(l, "INFO R ") || strings.HasPrefix(l, "INFO E ") {
			t.Log(l)
		}
	}
	aj := alice.UserJID().String()
	want := map[string]string{
		"R mention ":                    `"mentionedJid":["` + aj + `"]`,
		"R react ":                      `"reactionMessage":{"key":`,
		"R edit ":                       "true",
		"R delete ":                     "true",
		"R image ":                      `"pic"`,
		"R location ":                   `"here"`,
		"R contact ":                    "true",
		"R readMessages ":               "null",
		"R composing ":                  "null",
		"E badPresence 400 ":            "type",
		"R onWhatsApp ":                 `[{"jid":"` + aj + `","exists":true}]`,
		"R groupCreate ":                `"subject":"Team","n":2`,
		"R groupMetadata ":              `{"subject":"Team 2","desc":"about","announce":true`,
		"R groupInviteCode ":            "true",
		"R groupText ":                  "true",
		"E badSetting 400 ":             "setting",
		"R groupFetchAllParticipating ": "true",
	}
	for prefix, part := range want {
		w.waitLog(t, prefix, part)
	}
	// The person saw the mention, the reaction, the edit and the revoke (in any
	// order with the rest), then the read receipt and the typing state.
	seen := map[string]bool{}
	testkit.WaitFor(t, alice, func(e *events.Message) bool {
		m := e.Message
		switch {
		case m.GetExtendedTextMessage().GetContextInfo().GetMentionedJID() != nil:
			seen["mention"] = true
		case m.GetReactionMessage().GetText() == "👍":
			seen["react"] = true
		case m.GetProtocolMessage().GetType() == waE2E.ProtocolMessage_MESSAGE_EDIT && m.GetProtocolMessage().GetEditedMessage().GetExtendedTextMessage().GetText() == "final":
			seen["edit"] = true
		case m.GetProtocolMessage() != nil && m.GetProtocolMessage().GetType() == 0:
			seen["revoke"] = true
		}
		return len(seen) == 4
	})
	testkit.WaitFor(t, alice, func(e *events.Receipt) bool { return e.Type == types.ReceiptTypeRead })
	testkit.WaitFor(t, alice, func(e *events.ChatPresence) bool { return e.State == types.ChatPresenceComposing })
}
