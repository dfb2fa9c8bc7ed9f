package wamsg

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"

	"github.com/botrt/botrt/protocol/jid"
)

// GenerateMessageID is Baileys' generateMessageID: "3EB0" and 18 random
// bytes in upper-case hex.
func GenerateMessageID() string {
	b := make([]byte, 18)
	rand.Read(b) // crypto/rand.Read never fails (it panics on a broken system source)
	return "3EB0" + strings.ToUpper(hex.EncodeToString(b))
}

// GenerateMessageIDV2 is Baileys' generateMessageIDV2(userId): "3EB0" and the
// first 18 upper-case hex digits of SHA-256 over the time in seconds, the
// user as "<user>@c.us" and 16 random bytes. Scripts pass their own JID.
func GenerateMessageIDV2(userID string, now time.Time) string {
	data := make([]byte, 8+20+16)
	binary.BigEndian.PutUint64(data, uint64(now.Unix()))
	if f, ok := jid.Decode(userID); ok && f.User != "" {
		n := copy(data[8:], f.User)
		copy(data[8+n:], "@c.us")
	}
	rand.Read(data[28:])
	sum := sha256.Sum256(data)
	return "3EB0" + strings.ToUpper(hex.EncodeToString(sum[:]))[:18]
}

// Device is Baileys' getDevice: the platform a message ID's shape suggests
// ("ios", "web", "android", "desktop" or "unknown").
func Device(id string) string {
	n := len([]rune(id))
	switch {
	case n == 20 && strings.HasPrefix(id, "3A"):
		return "ios"
	case n == 22 && strings.HasPrefix(id, "3E"):
		return "web"
	case n == 21 || n == 32:
		return "android"
	case strings.HasPrefix(id, "3F") || n == 18:
		return "desktop"
	}
	return "unknown"
}
