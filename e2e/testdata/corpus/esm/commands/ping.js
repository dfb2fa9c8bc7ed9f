export default {
  name: 'ping',
  async run({ sock, msg }) {
    await sock.sendMessage(msg.key.remoteJid, { text: 'pong!' }, { quoted: msg })
  },
}
