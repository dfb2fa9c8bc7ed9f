export default {
  name: 'say',
  async run({ sock, msg, args }) {
    await sock.sendMessage(msg.key.remoteJid, { text: args.join(' ').toUpperCase() })
  },
}
