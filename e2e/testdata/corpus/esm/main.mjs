// An ES module bot with a plugin folder: every commands/*.js file exports a
// command, loaded at start with fs.readdirSync and a dynamic import (inside
// an async function: botrt has no top-level await).
import makeWASocket, { useMultiFileAuthState, DisconnectReason } from '@whiskeysockets/baileys'
import pino from 'pino'
import fs from 'fs'

const prefix = '.'
const commands = new Map()

async function loadCommands() {
  for (const file of fs.readdirSync('./commands').filter((f) => f.endsWith('.js'))) {
    const { default: cmd } = await import(`./commands/${file}`)
    commands.set(cmd.name, cmd)
  }
  console.log(`loaded ${commands.size} commands`)
}

async function startBot() {
  if (commands.size === 0) await loadCommands()
  const { state, saveCreds } = await useMultiFileAuthState('session')
  const sock = makeWASocket({ auth: state, logger: pino({ level: 'warn' }) })
  sock.ev.on('creds.update', saveCreds)
  sock.ev.on('connection.update', ({ connection, lastDisconnect }) => {
    if (connection === 'close' && lastDisconnect?.error?.output?.statusCode !== DisconnectReason.loggedOut) startBot()
  })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    if (type !== 'notify') return
    const msg = messages[0]
    if (!msg.message || msg.key.fromMe) return
    const text = msg.message.conversation ?? msg.message.extendedTextMessage?.text ?? ''
    if (!text.startsWith(prefix)) return
    const [name, ...args] = text.slice(prefix.length).trim().split(/\s+/)
    const cmd = commands.get(name.toLowerCase())
    if (!cmd) return sock.sendMessage(msg.key.remoteJid, { text: `unknown command ${name}` })
    try {
      await cmd.run({ sock, msg, args })
    } catch (err) {
      await sock.sendMessage(msg.key.remoteJid, { text: `error: ${err.message}` })
    }
  })
}

startBot()
