// The benchmarks' echo bot: it logs when its handler sees each message and
// when the connection opens (Date.now(), on the same clock as the test), and
// answers every text.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')

async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_bench')
  const sock = makeWASocket({ auth: state })
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'open') console.log('OPEN ' + Date.now())
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    for (const m of messages) {
      if (!m.message || m.key.fromMe) continue
      const text = m.message.conversation || m.message.extendedTextMessage?.text
      if (!text) continue
      console.log('HANDLED ' + text + ' ' + Date.now())
      await sock.sendMessage(m.key.remoteJid, { text: 're ' + text })
    }
  })
}
start()
