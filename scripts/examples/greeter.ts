// TypeScript bot: greets people by name and counts how often each one wrote.
// Runs with no build step on botrt; on Node use tsx or ts-node.
import makeWASocket, { DisconnectReason, useMultiFileAuthState, type WAMessage } from '@whiskeysockets/baileys'
import pino from 'pino'

const seen = new Map<string, number>()

function textOf(m: WAMessage): string | undefined {
    return m.message?.conversation ?? m.message?.extendedTextMessage?.text ?? undefined
}

async function start(): Promise<void> {
    const { state, saveCreds } = await useMultiFileAuthState('auth_greeter')
    const sock = makeWASocket({ auth: state, logger: pino({ level: 'warn' }) })
    sock.ev.on('creds.update', saveCreds)
    sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
        const code = (lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode
        if (connection === 'close' && code !== DisconnectReason.loggedOut) void start()
    })
    sock.ev.on('messages.upsert', async ({ messages, type }) => {
        if (type !== 'notify') return
        for (const m of messages) {
            const text = textOf(m)
            if (!text || m.key.fromMe || !m.key.remoteJid) continue
            if (!/^(hi|hello|hey)\b/i.test(text)) continue
            const who = m.key.participant ?? m.key.remoteJid
            const count = (seen.get(who) ?? 0) + 1
            seen.set(who, count)
            const name = m.pushName ?? 'there'
            await sock.sendMessage(m.key.remoteJid, { text: `Hello ${name}! (${count})` }, { quoted: m })
        }
    })
}

void start()
