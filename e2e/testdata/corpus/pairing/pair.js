// A bot that links with a pairing code instead of a QR: it asks for the
// phone number on stdin through readline, as the README examples do.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
const readline = require('readline')
const pino = require('pino')

const rl = readline.createInterface({ input: process.stdin, output: process.stdout })
const question = (text) => new Promise((resolve) => rl.question(text, resolve))

async function start() {
  const { state, saveCreds } = await useMultiFileAuthState('auth_pair')
  const sock = makeWASocket({ auth: state, logger: pino({ level: 'silent' }), printQRInTerminal: false })
  if (!sock.authState.creds.registered) {
    const number = await question('Enter your phone number: ')
    const code = await sock.requestPairingCode(number.replace(/[^0-9]/g, ''))
    console.log(`Pairing code: ${code}`)
  }
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
  })
  sock.ev.on('messages.upsert', async ({ messages }) => {
    const m = messages[0]
    if (!m.message || m.key.fromMe) return
    const text = m.message.conversation || m.message.extendedTextMessage?.text
    if (text === '!paired') await sock.sendMessage(m.key.remoteJid, { text: 'linked by pairing code' })
  })
}
start()
