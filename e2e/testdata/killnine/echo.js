// An echo bot built to survive a crash: the handler claims each message id
// in the kv store before its first await (so a repeated delivery is skipped:
// handled exactly once), keeps the answer in an outbox until it is sent, and
// resends the outbox whenever the connection opens (so an answer lost to a
// crash or a closed connection is still given).
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
const { kv } = require('botrt')

let sock

async function deliver(id) {
  const pending = kv.get('out:' + id)
  if (!pending) return
  try {
    await sock.sendMessage(pending.jid, { text: pending.text })
    kv.delete('out:' + id)
  } catch (err) {
    console.log('answer to ' + id + ' kept for the next connection: ' + err.message)
  }
}

async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_echo')
  sock = makeWASocket({ auth: state })
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', async ({ connection, lastDisconnect }) => {
    if (connection === 'open') {
      for (const key of kv.keys('out:')) await deliver(key.slice(4))
    }
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (!m.message || m.key.fromMe) continue
      const text = m.message.conversation || m.message.extendedTextMessage?.text
      if (!text) continue
      const id = m.key.id
      if (kv.get('h:' + id) !== undefined) {
        kv.set('again:' + id, (kv.get('again:' + id) ?? 0) + 1)
        continue
      }
      kv.set('h:' + id, text)
      kv.set('out:' + id, { jid: m.key.remoteJid, text: 'ack ' + text })
      await deliver(id)
    }
  })
}
start()
