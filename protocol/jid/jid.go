// Package jid implements Baileys' JID string helpers (jidDecode, jidEncode,
// jidNormalizedUser, areJidsSameUser, isJidGroup, ...) with Baileys' exact,
// purely textual semantics, for jsapi to export and for protocol to use where
// scripts' JID strings must be read the way Baileys reads them. whatsmeow's
// types.ParseJID is stricter and is used where a JID goes to the server.
package jid

import (
	"strconv"
	"strings"
)

// Domain types (Baileys' WAJIDDomains).
const (
	DomainWhatsApp  = 0
	DomainLID       = 1
	DomainHosted    = 128
	DomainHostedLID = 129
)

// Well-known JIDs Baileys exports.
const (
	SWhatsAppNet   = "@s.whatsapp.net" // S_WHATSAPP_NET
	OfficialBizJID = "16505361212@c.us"
	ServerJID      = "server@c.us"
	PSAWid         = "0@c.us"
	StoriesJID     = "status@broadcast"
	MetaAIJID      = "13135550002@c.us"
)

// Full is a decoded JID (jidDecode's result). HasDevice tells device 0 apart
// from no device (device: undefined in JS).
type Full struct {
	User       string
	Server     string
	Device     int
	HasDevice  bool
	DomainType int
}

// Decode is jidDecode: ok is false when s has no '@'. "user_agent:device@server"
// splits into its parts; the domain type follows the server (lid, hosted,
// hosted.lid) or else the agent number.
func Decode(s string) (Full, bool) {
	sep := strings.IndexByte(s, '@')
	if sep < 0 {
		return Full{}, false
	}
	f := Full{Server: s[sep+1:]}
	userAgent, device, hasDevice := strings.Cut(s[:sep], ":")
	if i := strings.IndexByte(device, ':'); i >= 0 {
		device = device[:i] // JS split(':') keeps only the second piece
	}
	user, agent, _ := strings.Cut(userAgent, "_")
	if i := strings.IndexByte(agent, '_'); i >= 0 {
		agent = agent[:i]
	}
	f.User = user
	switch f.Server {
	case "lid":
		f.DomainType = DomainLID
	case "hosted":
		f.DomainType = DomainHosted
	case "hosted.lid":
		f.DomainType = DomainHostedLID
	default:
		if agent != "" {
			f.DomainType = parseIntPrefix(agent)
		}
	}
	if hasDevice && device != "" {
		f.Device, f.HasDevice = jsNumber(device)
	}
	return f, true
}

// parseIntPrefix is JS parseInt on a decimal string (0 for no digits, where
// JS gives NaN; a NaN domain type is meaningless to scripts either way).
func parseIntPrefix(s string) int {
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

// jsNumber is JS unary + on a device string; ok is false for NaN.
func jsNumber(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// Encode is jidEncode: user[_agent][:device]@server, zero agent and device
// omitted.
func Encode(user, server string, device, agent int) string {
	var b strings.Builder
	b.WriteString(user)
	if agent != 0 {
		b.WriteString("_" + strconv.Itoa(agent))
	}
	if device != 0 {
		b.WriteString(":" + strconv.Itoa(device))
	}
	b.WriteString("@" + server)
	return b.String()
}

// NormalizedUser is jidNormalizedUser: the JID without agent and device,
// c.us mapped to s.whatsapp.net; "" for a string that is not a JID.
func NormalizedUser(s string) string {
	f, ok := Decode(s)
	if !ok {
		return ""
	}
	server := f.Server
	if server == "c.us" {
		server = "s.whatsapp.net"
	}
	return Encode(f.User, server, 0, 0)
}

// SameUser is areJidsSameUser: the user parts match (two non-JIDs count as
// the same, as undefined === undefined in Baileys).
func SameUser(a, b string) bool {
	fa, oka := Decode(a)
	fb, okb := Decode(b)
	if !oka || !okb {
		return oka == okb
	}
	return fa.User == fb.User
}

// TransferDevice is transferDevice: to's user and server with from's device.
func TransferDevice(from, to string) string {
	f, _ := Decode(from)
	t, _ := Decode(to)
	return Encode(t.User, t.Server, f.Device, 0)
}

// Suffix predicates, as Baileys tests them.
func IsPnUser(s string) bool          { return strings.HasSuffix(s, "@s.whatsapp.net") }
func IsLidUser(s string) bool         { return strings.HasSuffix(s, "@lid") }
func IsBroadcast(s string) bool       { return strings.HasSuffix(s, "@broadcast") }
func IsGroup(s string) bool           { return strings.HasSuffix(s, "@g.us") }
func IsStatusBroadcast(s string) bool { return s == StoriesJID }
func IsNewsletter(s string) bool      { return strings.HasSuffix(s, "@newsletter") }
func IsHostedPnUser(s string) bool    { return strings.HasSuffix(s, "@hosted") }
func IsHostedLidUser(s string) bool   { return strings.HasSuffix(s, "@hosted.lid") }
func IsMetaAI(s string) bool          { return strings.HasSuffix(s, "@bot") }

// IsBot is isJidBot: Meta's bot numbers on c.us.
func IsBot(s string) bool {
	if !strings.HasSuffix(s, "@c.us") {
		return false
	}
	user, _, _ := strings.Cut(s, "@")
	isDigits := func(x string) bool {
		for _, c := range x {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	return (len(user) == 11 && strings.HasPrefix(user, "1313555") && isDigits(user[7:])) ||
		(len(user) == 11 && strings.HasPrefix(user, "131655500") && isDigits(user[9:]))
}
