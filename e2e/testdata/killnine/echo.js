// An echo bot that keeps a ledger of handled message ids in its kv store, so
// a delivery repeated after a crash is recognised and not handled again.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
const { kv } = require('botrt')

async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_echo')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (!m.message || m.key.fromMe) continue
      const text = m.message.conversation || m.message.extendedTextMessage?.text
      if (!text) continue
      const seen = 'h:' + m.key.id
      if (kv.get(seen) !== undefined) {
        kv.set('again:' + m.key.id, (kv.get('again:' + m.key.id) ?? 0) + 1)
        continue
      }
      await sock.sendMessage(m.key.remoteJid, { text: 'ack ' + text })
      kv.set(seen, text)
    }
  })
}
start()
