package store

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Key layout of the whatsmeow state (all under the reserved "wa/" prefix, see db.go):
//
//	wa/dev/<jid>                                   device record
//	wa/<family>/<jid> 0x00 <rest>                  per-device rows, one family per store concern
//	wa/lid/l/<lid user>   -> <pn user>             global LID map, both directions
//	wa/lid/p/<pn user>    -> <lid user>
//
// A per-device family's rows for one device share the prefix wa/<family>/<jid> 0x00, so deleting a
// device is one prefix delete per family (the SQL store's ON DELETE CASCADE). Multi-part row keys
// separate their parts with 0x00, which never occurs in JIDs, Signal addresses or app-state names;
// binary parts of fixed length (hashes, MACs, big-endian numbers) need no separator.
const (
	famIdentity     = "id"
	famSession      = "se"
	famPreKey       = "pk"
	famPreKeyFresh  = "pf" // index of pre-keys not yet uploaded, so finding them skips the uploaded ones
	famSenderKey    = "sk"
	famAppStateKey  = "ak"
	famAppStateVer  = "av"
	famAppStateMAC  = "am"
	famContact      = "ct"
	famChatSettings = "cs"
	famMsgSecret    = "ms"
	famMsgSecretSeq = "mq" // insertion-order index of message secrets, for retention
	famPrivacyToken = "pt"
	famEventBuffer  = "eb"
	famEventTime    = "et" // insert-time index of the event buffer, for retention
)

// deviceFamilies lists every per-device family; DeleteDevice clears all of them.
var deviceFamilies = []string{
	famIdentity, famSession, famPreKey, famPreKeyFresh, famSenderKey, famAppStateKey, famAppStateVer, famAppStateMAC,
	famContact, famChatSettings, famMsgSecret, famMsgSecretSeq, famPrivacyToken, famEventBuffer, famEventTime,
}

const (
	devicePrefix = "wa/dev/"
	lidByLID     = "wa/lid/l/"
	lidByPN      = "wa/lid/p/"
	sep          = 0x00
)

func deviceKey(jid string) []byte { return []byte(devicePrefix + jid) }

// familyPrefix is the prefix of all of one device's rows in a family.
func familyPrefix(family, jid string) []byte {
	k := make([]byte, 0, 4+len(family)+len(jid))
	k = append(k, "wa/"...)
	k = append(k, family...)
	k = append(k, '/')
	k = append(k, jid...)
	return append(k, sep)
}

// rowKey appends parts to a family prefix, separated by 0x00. The last part needs no terminator.
func rowKey(prefix []byte, parts ...string) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	k = append(k, prefix...)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// checkKeyParts rejects key parts that contain the separator byte, which would let two different
// rows share a key. whatsmeow never produces such names; this is a guard against bad input.
func checkKeyParts(what string, parts ...string) error {
	for _, p := range parts {
		if strings.IndexByte(p, sep) >= 0 {
			return fmt.Errorf("store: %s %q contains a NUL byte", what, p)
		}
	}
	return nil
}

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func be64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// concat joins byte slices into a fresh slice (keys handed to badger must not alias each other).
func concat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
