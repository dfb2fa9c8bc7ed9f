// echo.js is an ordinary Baileys bot, run unchanged by Node (real Baileys) and by botrt in the
// differential test. Commands: "!ping" → "pong" quoting it, "!echo <text>" → <text>, "!react" → 👍 on
// it, "!group" → "group: <subject>" from groupMetadata. It prints the QR code and the login as JSON lines.
// WA_URL points Node's Baileys at the simulator; botrt routes sockets itself and needs no URL.
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')
const pino = require('pino')

async function start() {
	const { state, saveCreds } = await useMultiFileAuthState('./auth_info')
	const sock = makeWASocket({
		auth: state,
		logger: pino({ level: 'silent' }),
		printQRInTerminal: false,
		...(process.env.WA_URL ? { waWebSocketUrl: process.env.WA_URL } : {}),
	})
	sock.ev.on('creds.update', saveCreds)
	sock.ev.on('connection.update', ({ connection, lastDisconnect, qr }) => {
		if (qr) console.log(JSON.stringify({ ev: 'qr', qr }))
		if (connection === 'open') console.log(JSON.stringify({ ev: 'open', id: sock.user.id }))
		if (connection === 'close') {
			const code = lastDisconnect?.error?.output?.statusCode
			console.log(JSON.stringify({ ev: 'close', code }))
			if (code !== DisconnectReason.loggedOut) start()
		}
	})
	sock.ev.on('messages.upsert', async ({ messages, type }) => {
		if (type !== 'notify') return
		for (const m of messages) {
			if (!m.message || m.key.fromMe) continue
			const chat = m.key.remoteJid
			const text = m.message.conversation || m.message.extendedTextMessage?.text || ''
			if (text === '!ping') {
				await sock.sendMessage(chat, { text: 'pong' }, { quoted: m })
			} else if (text.startsWith('!echo ')) {
				await sock.sendMessage(chat, { text: text.slice(6) })
			} else if (text === '!react') {
				await sock.sendMessage(chat, { react: { text: '👍', key: m.key } })
			} else if (text === '!group') {
				const meta = await sock.groupMetadata(chat)
				await sock.sendMessage(chat, { text: `group: ${meta.subject} (${meta.participants.length})` })
			}
		}
	})
}
start()
