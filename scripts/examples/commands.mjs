// Command bot: !ping, !menu, and group admin commands (!promote, !demote,
// !kick, !subject). ESM, plain Baileys style.
import makeWASocket, { useMultiFileAuthState, DisconnectReason, isJidGroup, jidNormalizedUser } from '@whiskeysockets/baileys'
import pino from 'pino'

const menu = [
    '*Commands*',
    '!ping - answers pong',
    '!menu - this list',
    '!subject <text> - rename the group (admins)',
    '!promote @user / !demote @user / !kick @user (admins)',
].join('\n')

async function start() {
    const { state, saveCreds } = await useMultiFileAuthState('auth_commands')
    const sock = makeWASocket({ auth: state, logger: pino({ level: 'warn' }) })
    sock.ev.on('creds.update', saveCreds)
    sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
        if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) start()
    })

    sock.ev.on('group-participants.update', async ({ id, participants, action }) => {
        if (action !== 'add') return
        const names = participants.map((p) => '@' + (typeof p === 'string' ? p : p.id).split('@')[0])
        const mentions = participants.map((p) => (typeof p === 'string' ? p : p.id))
        await sock.sendMessage(id, { text: `Welcome ${names.join(', ')}! Send !menu for commands.`, mentions })
    })

    sock.ev.on('messages.upsert', async ({ messages, type }) => {
        if (type !== 'notify') return
        for (const m of messages) {
            if (!m.message || m.key.fromMe) continue
            const text = (m.message.conversation || m.message.extendedTextMessage?.text || '').trim()
            if (!text.startsWith('!')) continue
            const [cmd, ...rest] = text.slice(1).split(/\s+/)
            const chat = m.key.remoteJid
            const reply = (t) => sock.sendMessage(chat, { text: t }, { quoted: m })
            try {
                await handle(sock, m, chat, cmd.toLowerCase(), rest, reply)
            } catch (err) {
                await reply(`Failed: ${err?.output?.statusCode ?? ''} ${err.message}`)
            }
        }
    })
}

async function handle(sock, m, chat, cmd, args, reply) {
    switch (cmd) {
    case 'ping':
        return reply('pong')
    case 'menu':
        return reply(menu)
    case 'subject':
    case 'promote':
    case 'demote':
    case 'kick': {
        if (!isJidGroup(chat)) return reply('That command works in groups only.')
        const meta = await sock.groupMetadata(chat)
        const sender = jidNormalizedUser(m.key.participant)
        const isAdmin = meta.participants.some((p) => jidNormalizedUser(p.id) === sender && p.admin)
        if (!isAdmin) return reply('Only group admins can do that.')
        if (cmd === 'subject') {
            await sock.groupUpdateSubject(chat, args.join(' '))
            return reply('Subject changed.')
        }
        const targets = m.message.extendedTextMessage?.contextInfo?.mentionedJid ?? []
        if (targets.length === 0) return reply(`Mention someone: !${cmd} @user`)
        const action = cmd === 'kick' ? 'remove' : cmd
        await sock.groupParticipantsUpdate(chat, targets, action)
        return reply(`Done: ${action}`)
    }
    default:
        return reply(`Unknown command !${cmd}. Send !menu.`)
    }
}

start()
