// A CommonJS bot in the style most public bots use: pino logger,
// qrcode-terminal for the QR, printQRInTerminal, and a reconnect loop that
// starts over unless logged out.
const {
  default: makeWASocket,
  useMultiFileAuthState,
  DisconnectReason,
  fetchLatestBaileysVersion,
  Browsers,
} = require('@whiskeysockets/baileys')
const pino = require('pino')
const qrcode = require('qrcode-terminal')
const { Boom } = require('@hapi/boom')

const logger = pino({ level: 'silent' })

async function connectToWhatsApp() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_info_baileys')
  const { version } = await fetchLatestBaileysVersion()
  const sock = makeWASocket({
    version,
    logger,
    auth: state,
    printQRInTerminal: true,
    browser: Browsers.macOS('Desktop'),
  })

  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', (update) => {
    const { connection, lastDisconnect, qr } = update
    if (qr) qrcode.generate(qr, { small: true })
    if (connection === 'close') {
      const shouldReconnect = (lastDisconnect.error instanceof Boom)
        ? lastDisconnect.error.output.statusCode !== DisconnectReason.loggedOut
        : true
      console.log('connection closed due to', lastDisconnect.error, ', reconnecting', shouldReconnect)
      if (shouldReconnect) connectToWhatsApp()
    } else if (connection === 'open') {
      console.log('opened connection')
    }
  })

  sock.ev.on('messages.upsert', async (m) => {
    if (m.type !== 'notify') return
    for (const msg of m.messages) {
      if (!msg.message || msg.key.fromMe) continue
      const body = msg.message.conversation || msg.message.extendedTextMessage?.text || ''
      const from = msg.key.remoteJid
      if (body.toLowerCase() === 'hi') {
        await sock.sendMessage(from, { text: `Hello ${msg.pushName || 'there'}!` }, { quoted: msg })
      } else if (body === '!menu') {
        await sock.sendMessage(from, { text: 'Commands: hi, !menu' })
      }
    }
  })
}

connectToWhatsApp()
