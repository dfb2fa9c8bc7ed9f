// peer.mjs runs one real Baileys client (from npm, unmodified) against the botrt simulator for the Go
// tests in this folder. It speaks JSON lines: events on stdout, commands on stdin, logs on stderr.
//
// Environment: SIM_WS (ws://127.0.0.1:PORT/ws/chat), AUTH_DIR (Baileys' multi-file auth state),
// BAILEYS (the package to import: @whiskeysockets/baileys, default, or the alias baileys6), LOG_LEVEL (pino level, default silent),
// MEDIA_HOST (host:port of the simulator's HTTPS media front, trusted through NODE_EXTRA_CA_CERTS; Baileys'
// own customUploadHosts and download host options point it there).
//
// Events: {ev:"qr",qr}, {ev:"open",id,lid,dict} (dict: the token dictionary this Baileys speaks), {ev:"close",code,reconnect}, {ev:"message",...},
// {ev:"reply",req,...} for each command and {ev:"fatal",error} before a non-zero exit.
// Commands: {req,op:"send",jid,content,options} (as sendMessage's arguments; {image:{base64}} becomes a Buffer),
// {req,op:"groupCreate",subject,participants}, {req,op:"exit"}.
import https from 'node:https'
import { createInterface } from 'node:readline'
import tls from 'node:tls'
import pino from 'pino'

const env = (name) => {
	const v = process.env[name]
	if (!v) fatal(`environment variable ${name} is not set`)
	return v
}

function emit(obj) {
	process.stdout.write(JSON.stringify(obj) + '\n')
}

function fatal(error) {
	emit({ ev: 'fatal', error: String(error?.stack || error) })
	process.exit(1)
}

process.on('unhandledRejection', fatal)
process.on('uncaughtException', fatal)

const wsURL = env('SIM_WS')
const authDir = env('AUTH_DIR')
const pkg = process.env.BAILEYS || '@whiskeysockets/baileys'
const baileys = await import(pkg)
const makeWASocket = baileys.makeWASocket || baileys.default?.default || baileys.default
const { useMultiFileAuthState, DisconnectReason, downloadMediaMessage } = baileys
const mediaHost = process.env.MEDIA_HOST
// Baileys 6 has no download host option: it fetches media from the URL in the message
// (https://mmg.whatsapp.net/...) with axios, so this agent, given as axios' httpsAgent, connects every
// such request to MEDIA_HOST instead (its certificate names mmg.whatsapp.net). Baileys 7 uses `host`.
const mediaAgent = new https.Agent()
if (mediaHost) {
	const [host, port] = [mediaHost.slice(0, mediaHost.lastIndexOf(':')), Number(mediaHost.slice(mediaHost.lastIndexOf(':') + 1))]
	mediaAgent.createConnection = (opts, cb) => tls.connect({ ...opts, host, port, servername: opts.servername || opts.host }, cb)
}
const logger = pino({ level: process.env.LOG_LEVEL || 'silent' }, pino.destination(2))

const { state, saveCreds } = await useMultiFileAuthState(authDir)
let sock
let saving = Promise.resolve()

// messageEvent flattens what a test asserts on from one WAMessage.
async function messageEvent(m) {
	const msg = m.message || {}
	const out = {
		ev: 'message',
		id: m.key.id,
		chat: m.key.remoteJid,
		participant: m.key.participant || undefined,
		fromMe: !!m.key.fromMe,
		pushName: m.pushName || undefined,
		types: Object.keys(msg),
	}
	const text = msg.conversation || msg.extendedTextMessage?.text
	if (text !== undefined) out.text = text
	const quoted = msg.extendedTextMessage?.contextInfo?.stanzaId
	if (quoted) out.quotedId = quoted
	if (msg.reactionMessage) {
		out.reaction = { text: msg.reactionMessage.text, id: msg.reactionMessage.key?.id }
	}
	if (msg.imageMessage) {
		out.image = { caption: msg.imageMessage.caption || '', mimetype: msg.imageMessage.mimetype }
		try {
			const buf = await downloadMediaMessage(m, 'buffer', { host: mediaHost, options: { httpsAgent: mediaAgent } }, { logger, reuploadRequest: sock.updateMediaMessage })
			out.image.base64 = buf.toString('base64')
		} catch (err) {
			out.image.error = String(err?.message || err)
		}
	}
	return out
}

function connect() {
	sock = makeWASocket({
		waWebSocketUrl: wsURL,
		auth: state,
		logger,
		printQRInTerminal: false,
		markOnlineOnConnect: false,
		syncFullHistory: false,
		connectTimeoutMs: 20_000,
		customUploadHosts: mediaHost ? [{ hostname: mediaHost, maxContentLengthBytes: 48 << 20 }] : [],
		defaultQueryTimeoutMs: 20_000,
	})
	// Saves are chained so that shutdown can wait for the last one: a process exit in the middle of
	// writing creds.json would leave it empty, and the next start would have to pair again.
	sock.ev.on('creds.update', () => {
		saving = saving.then(saveCreds).catch((err) => emit({ ev: 'fatal', error: `saving creds: ${err}` }))
	})
	sock.ev.on('connection.update', (u) => {
		if (u.qr) emit({ ev: 'qr', qr: u.qr })
		if (u.connection === 'open') emit({ ev: 'open', id: sock.user?.id, lid: sock.user?.lid, dict: baileys.DICT_VERSION })
		if (u.connection === 'close') {
			const code = u.lastDisconnect?.error?.output?.statusCode
			// Like every bot: reconnect unless logged out (515 after pairing is the common case).
			const reconnect = code !== DisconnectReason.loggedOut && !exiting
			emit({ ev: 'close', code, reconnect, error: String(u.lastDisconnect?.error?.message || '') })
			if (reconnect) connect()
		}
	})
	sock.ev.on('messages.upsert', async ({ messages, type }) => {
		for (const m of messages) {
			const e = await messageEvent(m)
			e.upsert = type
			emit(e)
		}
	})
}

async function run(cmd) {
	switch (cmd.op) {
		case 'send': {
			const content = { ...cmd.content }
			if (content.image?.base64) content.image = Buffer.from(content.image.base64, 'base64')
			const sent = await sock.sendMessage(cmd.jid, content, cmd.options || {})
			return { id: sent.key.id }
		}
		case 'groupCreate': {
			const g = await sock.groupCreate(cmd.subject, cmd.participants)
			return { id: g.id, subject: g.subject }
		}
		case 'exit':
			shutdown()
			return {}
		default:
			throw new Error(`peer.mjs: unknown op ${JSON.stringify(cmd.op)}`)
	}
}

createInterface({ input: process.stdin }).on('line', async (line) => {
	let cmd
	try {
		cmd = JSON.parse(line)
	} catch (err) {
		emit({ ev: 'reply', error: `bad command line: ${err.message}` })
		return
	}
	try {
		emit({ ev: 'reply', req: cmd.req, ...(await run(cmd)) })
	} catch (err) {
		emit({ ev: 'reply', req: cmd.req, error: String(err?.stack || err) })
	}
}).on('close', () => {
	// The Go test closed our stdin (or died): leave rather than linger as an orphan.
	shutdown()
})

let exiting = false

// shutdown closes the socket and exits once the auth state is saved.
async function shutdown() {
	if (exiting) return
	exiting = true
	sock.end(undefined)
	await new Promise((resolve) => setImmediate(resolve)) // let the close's own creds updates queue up
	await saving
	process.exit(0)
}

connect()
