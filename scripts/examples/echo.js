// Echo bot: repeats every text it receives. Plain Baileys style, so the same
// file runs on Node with @whiskeysockets/baileys and on botrt unchanged.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
const pino = require('pino')

async function start() {
    const { state, saveCreds } = await useMultiFileAuthState('auth_echo')
    const sock = makeWASocket({ auth: state, logger: pino({ level: 'warn' }), printQRInTerminal: true })

    sock.ev.on('creds.update', saveCreds)
    sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
        if (connection === 'open') console.log('echo bot online as', sock.user?.id)
        if (connection === 'close') {
            const code = lastDisconnect?.error?.output?.statusCode
            if (code !== DisconnectReason.loggedOut) start()
        }
    })
    sock.ev.on('messages.upsert', async ({ messages, type }) => {
        if (type !== 'notify') return
        for (const m of messages) {
            if (!m.message || m.key.fromMe) continue
            const text = m.message.conversation || m.message.extendedTextMessage?.text
            if (text) await sock.sendMessage(m.key.remoteJid, { text }, { quoted: m })
        }
    })
}

start()
