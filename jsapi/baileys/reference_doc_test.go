package baileys_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/testkit"
)

// repoRoot is the repository's root, seen from this package's folder (where go test runs).
const repoRoot = "../.."

// issueNames are the names issue 6 lists, by the section of docs/socket-reference.md
// that must have a row for each, written as the table writes them.
var issueNames = map[string][]string{
	"Connection": {"connect()", "end(error?)", "logout()", "sock.isOnline", "sock.msgCount", "sock.config",
		"sock.ws.config", "sock.ws", "sock.ev", "sock.authState", "sock.user",
		"config.connectTimeoutMs", "config.keepAliveIntervalMs", "config.browser", "config.printQRInTerminal",
		"config.emitOwnEvents", "config.syncFullHistory", "config.markOnlineOnConnect", "config.logger",
		"config.waWebSocketUrl", "config.getMessage", "config.cachedGroupMetadata", "config.patchMessageBeforeSending",
		"config.shouldSyncHistoryMessage", "config.shouldIgnoreJid", "config.retryRequestDelayMs",
		"config.maxMsgRetryCount", "config.fireInitQueries", "config.generateHighQualityLinkPreview",
		"config.userDevicesCache", "config.msgRetryCounterCache", "config.mediaCache"},
	"Authentication": {"requestPairingCode(phoneNumber)", "requestRegistrationCode(options)"},
	"Messages": {"sendMessage(jid, content, options?)", "sendPresenceUpdate('available')",
		"sendPresenceUpdate('unavailable')", "sendPresenceUpdate('composing', jid)",
		"sendPresenceUpdate('recording', jid)", "sendPresenceUpdate('paused', jid)", "readMessages(keys)",
		"sendReceipt(jid, participant, messageIds, type)"},
	"Chats": {"chatModify({ archive })", "chatModify({ pin })", "chatModify({ mute })", "chatModify({ markRead })",
		"chatModify({ delete })", "chatModify({ clear })", "chatModify({ star })", "'chats.update'", "'chats.delete'"},
	"Profile": {"updateProfilePicture(jid, content)", "updateProfileStatus(status)", "updateProfileName(name)",
		"profilePictureUrl(jid, type?)", "removeProfilePicture(jid)"},
	"Contacts": {"onWhatsApp(...numbers)", "fetchStatus(jid)", "fetchBlocklist()", "updateBlockStatus(jid, action)",
		"'blocklist.update'"},
	"Business": {"getBusinessProfile(jid)", "getCatalog({ jid, limit, cursor })", "getCollections(jid?, limit?)",
		"productCreate(create)", "productUpdate(productId, update)", "productDelete(productIds)"},
	"Newsletters": {"subscribeToNewsLetter(jid)", "unsubscribeToNewsLetter(jid)", "newsletterFollow(jid)",
		"newsletterUnfollow(jid)", "newsletterMetadata(type, key)", "channel posts as `messages.upsert`"},
	"Privacy and calls": {"fetchPrivacySettings(force?)", "updateLastSeenPrivacy(value)", "updateOnlinePrivacy(value)",
		"updateProfilePicturePrivacy(value)", "updateStatusPrivacy(value)", "updateReadReceiptsPrivacy(value)",
		"updateGroupsAddPrivacy(value)", "updateCallPrivacy(value)", "updateMessagesPrivacy(value)",
		"updateDefaultDisappearingMode(duration)", "rejectCall(callId, callFrom)", "'call'"},
	"Media":  {"image", "video", "audio", "document", "sticker", "updateMediaMessage(message)"},
	"Errors": {"403", "404", "408", "428"},
	"Events": {"'connection.update'", "'creds.update'", "'messaging-history.set'", "'chats.upsert'",
		"'presence.update'", "'contacts.upsert'", "'contacts.update'", "'messages.delete'", "'messages.update'",
		"'messages.media-update'", "'messages.upsert'", "'messages.reaction'", "'message-receipt.update'",
		"'groups.upsert'", "'groups.update'", "'group-participants.update'", "'group.join-request'",
		"'blocklist.set'", "'labels.edit'", "'labels.association'"},
}

// refRow is one row of a table in docs/socket-reference.md.
type refRow struct {
	section, name, status string
	tests                 []string // "folder/file_test.go:TestName"
	line                  int
}

// The kinds of name a row can have (see "How to read a row" in the doc).
var (
	methodName   = regexp.MustCompile(`^([a-zA-Z]\w*)\(.*\)$`)
	exportName   = regexp.MustCompile(`^baileys\.([a-zA-Z]\w*)\(.*\)$`)
	propertyName = regexp.MustCompile(`^sock\.([\w.]+)$`)
	configName   = regexp.MustCompile(`^config\.(\w+)$`)
	eventName    = regexp.MustCompile(`^'([\w.-]+)'$`)
	testRef      = regexp.MustCompile("`([\\w./-]+_test\\.go):((?:Test|Benchmark)\\w+)`")
	statusForm   = regexp.MustCompile(`^(done|(partial|no): \S.*)$`)
)

// parseReference reads the doc's tables; a row the format does not allow is an error naming its line.
func parseReference(text string) ([]refRow, error) {
	var rows []refRow
	section := ""
	for i, line := range strings.Split(text, "\n") {
		if s, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(s)
			continue
		}
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| name |") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 4 {
			return nil, fmt.Errorf("line %d: %d cells, want name | status | tests | notes", i+1, len(cells))
		}
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		r := refRow{section: section, name: cells[0], status: cells[1], line: i + 1}
		// A name that is one code span is the code; anything else is a behaviour, kept as written.
		if code, ok := strings.CutPrefix(r.name, "`"); ok && strings.Count(r.name, "`") == 2 && strings.HasSuffix(code, "`") {
			r.name = strings.TrimSuffix(code, "`")
		}
		if !statusForm.MatchString(r.status) {
			return nil, fmt.Errorf("line %d: status %q is not done, partial: <what> or no: <why>", i+1, r.status)
		}
		for _, m := range testRef.FindAllStringSubmatch(cells[2], -1) {
			r.tests = append(r.tests, m[1]+":"+m[2])
		}
		if rest := strings.Trim(testRef.ReplaceAllString(cells[2], ""), " ,—"); rest != "" {
			return nil, fmt.Errorf("line %d: tests cell has %q, which is not a `folder/file_test.go:TestName`", i+1, rest)
		}
		if r.status == "done" && len(r.tests) == 0 {
			return nil, fmt.Errorf("line %d: %s is done but names no test", i+1, r.name)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// socketProbeBot reports, for the names it is given, what a real socket has:
// methods as "fn" (or "stub" for the ones that reject with 501 naming
// themselves), properties as "set" or "missing", module exports as "fn";
// and every method of the socket that is not such a stub.
const socketProbeBot = `
const b = require('@whiskeysockets/baileys')
;(async () => {
  const { state } = await b.useMultiFileAuthState('auth_probe')
  const sock = b.makeWASocket({ auth: state })
  const out = {}
  for (const m of METHODS) {
    const f = sock[m]
    out['method:' + m] = typeof f !== 'function' ? typeof f : String(f).includes('notSupported(') ? 'stub' : 'fn'
  }
  for (const p of PROPERTIES) {
    const path = p.split('.')
    let parent = sock
    for (const k of path.slice(0, -1)) parent = parent == null ? undefined : parent[k]
    out['property:' + p] = parent != null && typeof parent === 'object' && path[path.length - 1] in parent ? 'set' : 'missing'
  }
  for (const e of EXPORTS) {
    let kind
    try { kind = typeof b[e] === 'function' ? 'fn' : typeof b[e] } catch (err) { kind = 'missing' }
    out['export:' + e] = kind
  }
  const working = Object.keys(sock).filter((k) => typeof sock[k] === 'function' && !String(sock[k]).includes('notSupported('))
  console.log('PROBE ' + JSON.stringify({ names: out, working }))
})()
`

// dtsBlock returns the body of `interface name {` in the typings, up to its closing line.
func dtsBlock(t *testing.T, dts, name string) string {
	t.Helper()
	start := strings.Index(dts, "export interface "+name+" {")
	if start < 0 {
		t.Fatalf("types/baileys.d.ts has no interface %s", name)
	}
	body := dts[start:]
	return body[:strings.Index(body, "\n  }\n")]
}

func TestSocketReferenceDoc(t *testing.T) {
	runtimetest.NoLeaks(t)
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs/socket-reference.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := parseReference(string(doc))
	if err != nil {
		t.Fatalf("docs/socket-reference.md: %v", err)
	}

	// Every name of the issue has a row in its section, and no name has two rows.
	seen := map[string]refRow{}
	for _, r := range rows {
		if prev, ok := seen[r.name]; ok {
			t.Errorf("docs/socket-reference.md:%d: %s already has a row at line %d", r.line, r.name, prev.line)
		}
		seen[r.name] = r
	}
	for section, names := range issueNames {
		for _, n := range names {
			if r, ok := seen[n]; !ok || r.section != section {
				t.Errorf("docs/socket-reference.md: no row for %s in section %q", n, section)
			}
		}
	}

	// Every listed test exists in the file named.
	sources := map[string]string{}
	for _, r := range rows {
		for _, ref := range r.tests {
			file, fn, _ := strings.Cut(ref, ":")
			src, ok := sources[file]
			if !ok {
				b, err := os.ReadFile(filepath.Join(repoRoot, file))
				if err != nil {
					t.Errorf("docs/socket-reference.md:%d: %s: %v", r.line, ref, err)
				}
				src = string(b)
				sources[file] = src
			}
			if !strings.Contains(src, "\nfunc "+fn+"(") {
				t.Errorf("docs/socket-reference.md:%d: %s names a test that does not exist", r.line, ref)
			}
		}
	}

	// What done rows claim is on a real socket and declared in the typings.
	dtsBytes, err := os.ReadFile(filepath.Join(repoRoot, "types/baileys.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	dts := string(dtsBytes)
	socket, events, config := dtsBlock(t, dts, "WASocket"), dtsBlock(t, dts, "BaileysEventMap"), dtsBlock(t, dts, "SocketConfig")
	declared := func(block, pattern string) bool { return regexp.MustCompile(pattern).MatchString(block) }
	var methods, properties, exports []string
	for _, r := range rows {
		if r.status != "done" {
			continue
		}
		var ok bool
		var what string
		switch {
		case exportName.MatchString(r.name):
			name := exportName.FindStringSubmatch(r.name)[1]
			exports = append(exports, name)
			ok, what = declared(dts, `(?m)^\s*export function `+name+`\(`), "an export function"
		case methodName.MatchString(r.name):
			name := methodName.FindStringSubmatch(r.name)[1]
			methods = append(methods, name)
			ok, what = declared(socket, `(?m)^\s*`+name+`\(`), "a WASocket method"
		case propertyName.MatchString(r.name):
			path := propertyName.FindStringSubmatch(r.name)[1]
			properties = append(properties, path)
			parts := strings.Split(path, ".")
			ok = declared(socket, `(?m)^\s*(readonly )?`+parts[0]+`:`) && declared(socket, `\b`+parts[len(parts)-1]+`:`)
			what = "a WASocket property"
		case configName.MatchString(r.name):
			ok, what = declared(config, `\b`+configName.FindStringSubmatch(r.name)[1]+`\??:`), "a SocketConfig option"
		case eventName.MatchString(r.name):
			ok, what = declared(events, `'`+regexp.QuoteMeta(eventName.FindStringSubmatch(r.name)[1])+`':`), "a BaileysEventMap event"
		default:
			ok = true // behaviours and status codes: their tests are the claim
		}
		if !ok {
			t.Errorf("docs/socket-reference.md:%d: %s is done but types/baileys.d.ts does not declare it as %s", r.line, r.name, what)
		}
	}

	list := func(names []string) string {
		b, _ := json.Marshal(append([]string{}, names...)) // [] rather than null when empty
		return string(b)
	}
	probe := strings.NewReplacer("METHODS", list(methods), "PROPERTIES", list(properties), "EXPORTS", list(exports)).Replace(socketProbeBot)
	w := newWorld(t, map[string]string{"probe.js": probe})
	line := w.waitLog(t, "PROBE ")
	// Let the probe's connection finish its handshake (a QR code is shown) before the world closes:
	// closing a whatsmeow socket mid-handshake races inside whatsmeow.
	probeSession := w.session(t, "auth_probe")
	runtimetest.Eventually(t, testkit.Timeout, func() bool { return probeSession.Status().QR != "" }, "the probe's QR code")
	var probed struct {
		Names   map[string]string
		Working []string
	}
	if err := json.Unmarshal([]byte(strings.Fields(line[strings.Index(line, "PROBE ")+6:])[0]), &probed); err != nil {
		t.Fatalf("probe output %q: %v", line, err)
	}
	got := probed.Names
	want := map[string]string{}
	for _, m := range methods {
		want["method:"+m] = "fn"
	}
	for _, p := range properties {
		want["property:"+p] = "set"
	}
	for _, e := range exports {
		want["export:"+e] = "fn"
	}
	var wrong []string
	for k, v := range want {
		if got[k] != v {
			wrong = append(wrong, fmt.Sprintf("%s: %s, want %s", k, got[k], v))
		}
	}
	slices.Sort(wrong)
	for _, s := range wrong {
		t.Errorf("docs/socket-reference.md marks it done, but on a real socket %s", s)
	}

	// Every method a socket really has is in the tables, whatever its status.
	rowed := map[string]bool{}
	for _, r := range rows {
		if m := methodName.FindStringSubmatch(r.name); m != nil {
			rowed[m[1]] = true
		}
	}
	for _, m := range probed.Working {
		if !rowed[m] {
			t.Errorf("sock.%s works but has no row in docs/socket-reference.md: add one (its status and its test)", m)
		}
	}
}
