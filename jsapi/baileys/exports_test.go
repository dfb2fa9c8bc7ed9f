package baileys_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
)

const exportsBot = `
const b = require('@whiskeysockets/baileys')
const same = require('baileys') === b && require('@adiwajshing/baileys') === b
console.log('EXPORTS ' + JSON.stringify(Object.keys(b).filter((k) => k !== '__esModule' && k !== 'default')))
console.log('INTEROP ' + same + ' ' + (b.default === b.makeWASocket) + ' ' + b.__esModule)
let legacy
try { require('@whiskeysockets/baileys').useSingleFileAuthState } catch (e) { legacy = e.message }
console.log('LEGACY ' + legacy)
console.log('HELPERS ' + JSON.stringify([
  b.jidDecode('1555:3@s.whatsapp.net'), b.jidNormalizedUser('1555:3@s.whatsapp.net'), b.areJidsSameUser('1555:1@s.whatsapp.net', '1555@s.whatsapp.net'),
  b.isJidGroup('1203@g.us'), b.isJidGroup(undefined), b.isJidStatusBroadcast('status@broadcast'),
  b.getContentType({ messageContextInfo: {}, extendedTextMessage: { text: 'x' } }),
  b.normalizeMessageContent({ ephemeralMessage: { message: { conversation: 'hi' } } }),
  b.DisconnectReason.loggedOut, b.DisconnectReason[408], b.Browsers.ubuntu('Chrome'),
  b.proto.WebMessageInfo.Status.PENDING, b.proto.Message.fromObject({ conversation: 'x' }),
]))
let unknown
try { b.makeNoiseHandler } catch (e) { unknown = e.message }
console.log('UNKNOWN ' + unknown + ' ' + (b.notABaileysName === undefined))
const revived = JSON.parse(JSON.stringify({ k: Buffer.from('hi') }, b.BufferJSON.replacer), b.BufferJSON.reviver)
console.log('MORE ' + JSON.stringify([b.WAMessageStubType.GROUP_PARTICIPANT_ADD, b.WAMessageStatus[1], b.getDevice('3EB0ABCDEF0123456789AB'),
  b.extensionForMediaMessage({ imageMessage: { mimetype: 'image/jpeg' } }), Buffer.isBuffer(revived.k) && revived.k.toString(), b.toNumber({ low: 5, high: 0 }),
  b.generateForwardMessageContent({ key: { remoteJid: 'x@s.whatsapp.net', id: 'A', fromMe: false }, message: { conversation: 'fw' } }).extendedTextMessage.contextInfo.forwardingScore]))
b.fetchLatestBaileysVersion().then((v) => console.log('VERSION ' + JSON.stringify(v)))
;(async () => {
  const { state } = await b.useMultiFileAuthState('./auth_x')
  console.log('CREDS ' + state.creds.registered + ' ' + state.creds.me)
  const sock = b.makeWASocket({ auth: { creds: state.creds, keys: b.makeCacheableSignalKeyStore(state.keys) } })
  try { await sock.sendMessage('1555@s.whatsapp.net', { text: 'x' }) } catch (e) {
    console.log('OFFLINE ' + (e instanceof require('@hapi/boom').Boom) + ' ' + e.output.statusCode + ' ' + e.message)
  }
  try { await sock.sendMessage(42, { text: 'x' }) } catch (e) { console.log('BADJID ' + e.output.statusCode + ' ' + e.message) }
  try { b.makeWASocket({ auth: {} }) } catch (e) { console.log('BADAUTH ' + e.name) }
  sock.ws.on('CB:call', () => {})
  try { await sock.fetchMessageHistory(50) } catch (e) { console.log('MISSING ' + e.output.statusCode + ' ' + e.message) }
  // Asked for right away, as bots do: the code comes once the QR stage is reached.
  const code = await sock.requestPairingCode('+15551234567')
  console.log('PAIRCODE ' + code + ' ' + sock.ws.readyState + ' ' + sock.ws.isConnecting)
})()
`

const esmBot = `
import makeWASocket, { useMultiFileAuthState, DisconnectReason } from '@whiskeysockets/baileys'
import pkg from 'baileys'
console.log('ESM ' + (typeof makeWASocket) + ' ' + (pkg.default === makeWASocket) + ' ' + DisconnectReason.restartRequired + ' ' + typeof useMultiFileAuthState)
`

const tsBot = `
import makeWASocket, { DisconnectReason, WAMessage, proto, type GroupMetadata } from '@whiskeysockets/baileys'
const id = (m: WAMessage): string => m.key.id ?? ''
const size = (g?: GroupMetadata): number => g?.participants.length ?? 0
console.log('TS ' + typeof makeWASocket + ' ' + id({ key: { id: 'x' } }) + ' ' + size() + ' ' + DisconnectReason.loggedOut + ' ' + typeof proto.Message.fromObject)
`

func TestExportsAndErrors(t *testing.T) {
	runtimetest.NoLeaks(t)
	w := newWorld(t, map[string]string{"bot.js": exportsBot, "esm.mjs": esmBot, "typed.ts": tsBot})
	w.waitLog(t, "INTEROP true true true")
	w.waitLog(t, "LEGACY @whiskeysockets/baileys: useSingleFileAuthState was removed")
	w.waitLog(t, `HELPERS [{"server":"s.whatsapp.net","user":"1555","domainType":0,"device":3},"1555@s.whatsapp.net",true,true,null,true,"extendedTextMessage",{"conversation":"hi"},401,"timedOut",["Ubuntu","Chrome","22.04.4"],1,{"conversation":"x"}]`)
	w.waitLog(t, `VERSION {"version":[2,3000,1019707846],"isLatest":false}`)
	w.waitLog(t, "CREDS false undefined")
	w.waitLog(t, "MISSING 501 sock.fetchMessageHistory is not supported by botrt")
	w.waitLog(t, "UNKNOWN @whiskeysockets/baileys: makeNoiseHandler is not provided by botrt true")
	w.waitLog(t, `MORE [27,"PENDING","web","jpeg","hi",5,1]`)
	w.waitLog(t, "OFFLINE true 428 Connection Closed")
	w.waitLog(t, "BADJID 400 jid: string expected, got number")
	w.waitLog(t, "BADAUTH TypeError")
	w.waitLog(t, "sock.ws.on('CB:call'): raw protocol frames are not available")
	w.waitLog(t, "ESM function true 515 function")
	w.waitLog(t, "TS function x 0 401 function")
	if line := w.waitLog(t, "PAIRCODE ", " 0 true"); !regexp.MustCompile(`PAIRCODE [A-Z0-9]{8} 0 true`).MatchString(line) {
		t.Fatalf("pairing code not in Baileys' form (8 characters, no dash): %s", line)
	}

	// Every run-time export is declared in types/baileys.d.ts, and every declared value exists.
	line := w.waitLog(t, "EXPORTS ")
	var exported []string
	if err := json.Unmarshal([]byte(strings.Fields(line[strings.Index(line, "EXPORTS ")+8:])[0]), &exported); err != nil {
		t.Fatal(err)
	}
	dts, err := os.ReadFile("../../types/baileys.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	body := string(dts)
	body = body[:strings.Index(body, "declare module 'baileys'")]
	re := regexp.MustCompile(`(?m)^\s*export (?:function|const|enum) (\w+)`)
	var declared []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(declared, m[1]) {
			declared = append(declared, m[1])
		}
	}
	slices.Sort(exported)
	slices.Sort(declared)
	if !slices.Equal(exported, declared) {
		t.Fatalf("exports and typings differ:\nmodule: %v\nd.ts:   %v", exported, declared)
	}
}
