// Media bot: send it an image and it sends the image back with a caption;
// send "!sticker" as the caption and it answers with a sticker instead.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason, downloadMediaMessage, getContentType } = require('@whiskeysockets/baileys')
const pino = require('pino')

const logger = pino({ level: 'warn' })

async function start() {
    const { state, saveCreds } = await useMultiFileAuthState('auth_media')
    const sock = makeWASocket({ auth: state, logger })
    sock.ev.on('creds.update', saveCreds)
    sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
        if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
    })
    sock.ev.on('messages.upsert', async ({ messages, type }) => {
        if (type !== 'notify') return
        for (const m of messages) {
            if (!m.message || m.key.fromMe) continue
            if (getContentType(m.message) !== 'imageMessage') continue
            const image = await downloadMediaMessage(m, 'buffer', {}, { logger, reuploadRequest: sock.updateMediaMessage })
            const caption = (m.message.imageMessage.caption || '').trim()
            if (caption === '!sticker') {
                await sock.sendMessage(m.key.remoteJid, { sticker: image }, { quoted: m })
            } else {
                await sock.sendMessage(m.key.remoteJid, { image, caption: `got ${image.length} bytes` }, { quoted: m })
            }
        }
    })
}

start()
