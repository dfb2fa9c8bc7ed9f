package baileys_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// mediaBot downloads every media message a person sends it, with
// downloadMediaMessage and downloadContentFromMessage (logging "MEDIA <id>
// <content type> <sha256> <ptt> <mimetype> <sha256>") and keeps it for the
// commands "!<cmd> <id>" that a person sends; each command logs its steps as
// refBot's step() does, then "DONE <cmd>".
const mediaBot = `
const { default: makeWASocket, useMultiFileAuthState, downloadMediaMessage, downloadContentFromMessage, getContentType } = require('@whiskeysockets/baileys')
const crypto = require('crypto')
const hash = (b) => crypto.createHash('sha256').update(b).digest('hex')
const payload = (kind) => Buffer.from(kind + '-bytes-'.repeat(500))
const logger = { info: (o, m) => console.log('LOG ' + m), debug() {}, warn() {}, error() {}, trace() {}, child() { return logger } }
async function step(name, fn) {
  try {
    const r = await fn()
    console.log('R ' + name + ' ' + JSON.stringify(r === undefined ? null : r))
  } catch (e) {
    console.log('E ' + name + ' ' + (e.output ? e.output.statusCode : e.name) + ' ' + e.message)
  }
}
const media = {}
let sentImage
async function command(sock, m, cmd, id) {
  const jid = m.key.remoteJid
  const msg = media[id]
  const kind = msg && getContentType(msg.message)
  const before = msg && msg.message[kind].directPath
  switch (cmd) {
    case '!plain':
      return step('plain', () => downloadMediaMessage(msg, 'buffer').then(hash))
    case '!again':
      return step('again', () => downloadMediaMessage(msg, 'buffer', {}, { reuploadRequest: sock.updateMediaMessage, logger })
        .then((b) => hash(b) + ' ' + (msg.message[kind].directPath !== before)))
    case '!update':
      return step('update', async () => {
        const r = await sock.updateMediaMessage(msg)
        const c = r.message[kind]
        return [r === msg, c.directPath !== before, c.url === 'https://mmg.whatsapp.net' + c.directPath, hash(await downloadMediaMessage(r, 'buffer'))]
      })
    case '!gone':
      return step('gone', () => sock.updateMediaMessage({ key: Object.assign({}, msg.key, { id: '3EB0NOSUCHMEDIA' }), message: msg.message }))
    case '!notmedia':
      return step('notmedia', () => sock.updateMediaMessage(m))
    case '!send':
      for (const [name, content] of [
        ['image', { image: payload('image'), mimetype: 'image/jpeg', caption: 'i' }],
        ['video', { video: payload('video'), mimetype: 'video/mp4', caption: 'v' }],
        ['audio', { audio: payload('audio'), mimetype: 'audio/mp4' }],
        ['ptt', { audio: payload('ptt'), mimetype: 'audio/ogg; codecs=opus', ptt: true }],
        ['document', { document: payload('document'), mimetype: 'application/pdf', fileName: 'd.pdf' }],
        ['sticker', { sticker: payload('sticker') }],
      ]) {
        const sent = await sock.sendMessage(jid, content)
        if (name === 'image') sentImage = sent
        console.log('SENT ' + name + ' ' + sent.key.id + ' ' + (sent.message.audioMessage ? sent.message.audioMessage.ptt === true : '-'))
      }
      return
    case '!own':
      return step('own', () => sock.updateMediaMessage(sentImage))
  }
}
async function start() {
  const { state } = await useMultiFileAuthState('auth_info')
  const sock = makeWASocket({ auth: state, defaultQueryTimeoutMs: 1500 })
  sock.ev.on('connection.update', ({ connection }) => { if (connection === 'open') console.log('OPEN') })
  sock.ev.on('messages.update', (ups) => { for (const u of ups) if (u.update.message) console.log('UPDATED ' + u.key.id) })
  sock.ev.on('messages.upsert', async ({ messages, type }) => {
    for (const m of messages) {
      if (type !== 'notify' || m.key.fromMe || !m.message) continue
      const kind = getContentType(m.message)
      if (kind === 'conversation') {
        const [cmd, id] = m.message.conversation.split(' ')
        await command(sock, m, cmd, id)
        console.log('DONE ' + cmd)
      } else if (kind) {
        media[m.key.id] = m
        const c = m.message[kind]
        const b = await downloadMediaMessage(m, 'buffer')
        const chunks = []
        for await (const chunk of await downloadContentFromMessage(c, kind.replace('Message', ''))) chunks.push(chunk)
        console.log('MEDIA ' + m.key.id + ' ' + kind + ' ' + hash(b) + ' ' + (c.ptt === true) + ' ' + c.mimetype + ' ' + hash(Buffer.concat(chunks)))
      }
    }
  })
}
start()
`

// mediaPayload is the bytes mediaBot's payload(kind) makes.
func mediaPayload(kind string) []byte { return []byte(kind + strings.Repeat("-bytes-", 500)) }

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestMediaEndToEnd: a bot receives and downloads every media type a person
// sends, sends every type that the person downloads, and gets expired media
// uploaded again by the person's phone (updateMediaMessage and
// downloadMediaMessage's reuploadRequest), with Baileys' errors when that
// cannot work.
func TestMediaEndToEnd(t *testing.T) {
	w := newWorld(t, map[string]string{"bot.js": mediaBot})
	s := w.session(t, "auth_info")
	w.link(t, s, "Bot")
	w.waitLog(t, "OPEN")
	ctx, cancel := context.WithTimeout(context.Background(), 4*testkit.Timeout)
	defer cancel()
	const phone = "15550909090"
	person, err := w.srv.People.Create(ctx, phone, "Pia")
	if err != nil {
		t.Fatal(err)
	}
	bot := s.Status().Me.ID.ToNonAD()

	// Person → bot, every type.
	ids := map[string]string{}
	for _, c := range []struct {
		kind, content, ptt, mime string
		out                      people.Outgoing
	}{
		{"image", "imageMessage", "false", "image/jpeg", people.Outgoing{Image: mediaPayload("image"), Mimetype: "image/jpeg"}},
		{"video", "videoMessage", "false", "video/mp4", people.Outgoing{Video: mediaPayload("video"), Mimetype: "video/mp4"}},
		{"audio", "audioMessage", "false", "audio/mp4", people.Outgoing{Audio: mediaPayload("audio"), Mimetype: "audio/mp4"}},
		{"ptt", "audioMessage", "true", "audio/ogg;", people.Outgoing{Audio: mediaPayload("ptt"), PTT: true, Mimetype: "audio/ogg; codecs=opus"}},
		{"document", "documentMessage", "false", "application/pdf", people.Outgoing{Document: mediaPayload("document"), Mimetype: "application/pdf", FileName: "a.pdf"}},
		{"sticker", "stickerMessage", "false", "image/webp", people.Outgoing{Sticker: mediaPayload("sticker"), Mimetype: "image/webp"}},
	} {
		c.out.To = bot.String()
		id, err := w.srv.People.Send(ctx, phone, c.out)
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		ids[c.kind] = id
		w.waitLog(t, "MEDIA "+id+" "+c.content+" "+sha(mediaPayload(c.kind))+" "+c.ptt+" "+c.mime, " "+sha(mediaPayload(c.kind))+" bot=")
	}
	cmd := func(text string) {
		t.Helper()
		if _, err := w.srv.People.Send(ctx, phone, people.Outgoing{To: bot.String(), Text: text}); err != nil {
			t.Fatal(err)
		}
		w.waitLog(t, "DONE "+strings.Fields(text)[0])
	}
	expire := func(kind string) {
		t.Helper()
		msg, err := s.GetMessage(ctx, person.String(), ids[kind])
		if err != nil {
			t.Fatal(err)
		}
		path := msg.GetImageMessage().GetDirectPath() + msg.GetVideoMessage().GetDirectPath()
		if err := w.srv.Media.Expire(path); err != nil {
			t.Fatalf("expire %s %q: %v", kind, path, err)
		}
	}

	// Expired media: a plain download fails as Baileys' does (410), one with
	// reuploadRequest asks the person's phone and gets the bytes.
	expire("image")
	cmd("!plain " + ids["image"])
	w.waitLog(t, "E plain 410 ")
	cmd("!again " + ids["image"])
	w.waitLog(t, "LOG sending reupload media request...")
	w.waitLog(t, `R again "`+sha(mediaPayload("image"))+` true"`)
	w.waitLog(t, "UPDATED "+ids["image"])
	expire("video")
	cmd("!update " + ids["video"])
	w.waitLog(t, `R update [true,true,true,"`+sha(mediaPayload("video"))+`"]`)

	// The phone does not know the message: 404; not media: 400.
	cmd("!gone " + ids["image"])
	w.waitLog(t, "E gone 404 Failed to re-upload media (2)")
	cmd("!notmedia")
	w.waitLog(t, "E notmedia 400 ")

	// Bot → person, every type; the person downloads each and it matches.
	cmd("!send")
	for kind, ptt := range map[string]string{"image": "-", "video": "-", "audio": "false", "ptt": "true", "document": "-", "sticker": "-"} {
		line := w.waitLog(t, "SENT "+kind+" ")
		f := strings.Fields(line[strings.Index(line, "SENT "):])
		if len(f) < 4 || f[3] != ptt {
			t.Fatalf("sent %s: %q", kind, line)
		}
		if _, err := w.srv.People.Wait(ctx, phone, "", func(m people.Message) bool { return m.ID == f[2] }); err != nil {
			t.Fatal(err)
		}
		meta, data, err := w.srv.People.MediaOf(phone, f[2])
		if err != nil || !bytes.Equal(data, mediaPayload(kind)) {
			t.Fatalf("%s as the person downloaded it: %+v, %v", kind, meta, err)
		}
	}

	// The bot's own message: its account's phone is not a person and never
	// answers, so the wait ends with defaultQueryTimeoutMs (408).
	cmd("!own")
	w.waitLog(t, "E own 408 ")
	w.settle(t)
}
