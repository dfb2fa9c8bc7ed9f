// sim_probe.cjs runs one real Baileys 7 socket against the simulator and reports, as JSON lines on
// stdout, what the sim_*_test.go files check about the simulator's Baileys-specific support: the
// connection milestones with the time since the process started, history sync, app-state results and
// the key shapes of received messages. Baileys' own log lines (pino, at LOG_LEVEL, default info) go to
// stderr, each with "ms" on the same clock.
//
// It is CommonJS so that it finds Baileys through NODE_PATH as well as through a node_modules folder
// next to it. Environment: SIM_WS (ws://HOST:PORT/ws/chat), AUTH_DIR (multi-file auth state),
// LOG_LEVEL.
//
// Events: {ev:"qr",qr}, {ev:"open",id,lid,ms}, {ev:"close",code},
// {ev:"pending",ms} (receivedPendingNotifications), {ev:"history",syncType,chats,contacts,messages,ms}
// (messaging-history.set), {ev:"chat",chat,archived,pinned,mute} (chats.update), {ev:"name",name}
// (creds.update of the account's push name),
// {ev:"message",id,chat,key,text,ms}; {ev:"fatal",error} before a non-zero exit. Stdin's end exits.
const started = performance.now()
const pino = require('pino')
const { default: makeWASocket, useMultiFileAuthState, DisconnectReason } = require('@whiskeysockets/baileys')

const ms = () => Math.round(performance.now() - started)
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const fatal = (err) => {
	emit({ ev: 'fatal', error: String(err?.stack || err) })
	process.exit(1)
}
process.on('unhandledRejection', fatal)
process.on('uncaughtException', fatal)
for (const name of ['SIM_WS', 'AUTH_DIR']) {
	if (!process.env[name]) fatal(`environment variable ${name} is not set`)
}

// Baileys' log lines go to stderr as pino writes them, with the same clock as the events ("ms").
const logger = pino({ level: process.env.LOG_LEVEL || 'info', timestamp: () => `,"ms":${ms()}` }, process.stderr)

let sock
let exiting = false
let saving = Promise.resolve()

async function start() {
	const { state, saveCreds } = await useMultiFileAuthState(process.env.AUTH_DIR)
	sock = makeWASocket({ waWebSocketUrl: process.env.SIM_WS, auth: state, logger, printQRInTerminal: false, markOnlineOnConnect: false })
	sock.ev.on('creds.update', (u) => {
		if (u.me?.name) emit({ ev: 'name', name: u.me.name })
		saving = saving.then(saveCreds).catch(fatal)
	})
	sock.ev.on('connection.update', (u) => {
		if (u.qr) emit({ ev: 'qr', qr: u.qr })
		if (u.receivedPendingNotifications) emit({ ev: 'pending', ms: ms() })
		if (u.connection === 'open') emit({ ev: 'open', id: sock.user?.id, lid: sock.user?.lid, ms: ms() })
		if (u.connection === 'close') {
			const code = u.lastDisconnect?.error?.output?.statusCode
			emit({ ev: 'close', code })
			if (code !== DisconnectReason.loggedOut && !exiting) start().catch(fatal)
		}
	})
	sock.ev.on('messaging-history.set', (h) => {
		emit({ ev: 'history', syncType: h.syncType, chats: h.chats.length, contacts: h.contacts.length, messages: h.messages.length, ms: ms() })
	})
	sock.ev.on('chats.update', (updates) => {
		for (const c of updates) {
			emit({ ev: 'chat', chat: c.id, archived: c.archived, pinned: c.pinned, mute: c.muteEndTime })
		}
	})
	sock.ev.on('messages.upsert', ({ messages, type }) => {
		for (const m of messages) {
			const text = m.message?.conversation || m.message?.extendedTextMessage?.text
			emit({ ev: 'message', upsert: type, id: m.key.id, chat: m.key.remoteJid, key: m.key, text, ms: ms() })
		}
	})
}

require('node:readline')
	.createInterface({ input: process.stdin })
	.on('close', async () => {
		// The Go side closed stdin: exit once the auth state is saved, so a restart can log in with it.
		exiting = true
		sock?.end(undefined)
		await new Promise((resolve) => setImmediate(resolve))
		await saving
		process.exit(0)
	})

start().catch(fatal)
