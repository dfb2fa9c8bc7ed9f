package wamsg

import (
	"go.mau.fi/whatsmeow/proto/waCommon"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

// Key is a WAMessageKey. The Alt fields and AddressingMode are Baileys 7's
// LID additions: the other address form (PN ⇄ LID) of RemoteJID in chats and
// of Participant in groups, and "pn" or "lid" ("" when unknown).
type Key struct {
	RemoteJID      string
	FromMe         bool
	ID             string
	Participant    string
	RemoteJIDAlt   string
	ParticipantAlt string
	AddressingMode string
}

// Object renders the key in Baileys 7's key order: remoteJid, remoteJidAlt,
// fromMe, id, participant, participantAlt, addressingMode; the optional ones
// only when set (Baileys leaves them undefined).
func (k Key) Object() *jsval.Object {
	return jsval.NewObject().
		Set("remoteJid", k.RemoteJID).
		SetIf(k.RemoteJIDAlt != "", "remoteJidAlt", k.RemoteJIDAlt).
		Set("fromMe", k.FromMe).
		Set("id", k.ID).
		SetIf(k.Participant != "", "participant", k.Participant).
		SetIf(k.ParticipantAlt != "", "participantAlt", k.ParticipantAlt).
		SetIf(k.AddressingMode != "", "addressingMode", k.AddressingMode)
}

// Proto is the key as a protobuf (without the Baileys-only fields).
func (k Key) Proto() *waCommon.MessageKey {
	mk := &waCommon.MessageKey{
		RemoteJID: proto.String(k.RemoteJID),
		FromMe:    proto.Bool(k.FromMe),
		ID:        proto.String(k.ID),
	}
	if k.Participant != "" {
		mk.Participant = proto.String(k.Participant)
	}
	return mk
}

// KeyFromProto reads a protobuf key.
func KeyFromProto(mk *waCommon.MessageKey) Key {
	return Key{
		RemoteJID:   mk.GetRemoteJID(),
		FromMe:      mk.GetFromMe(),
		ID:          mk.GetID(),
		Participant: mk.GetParticipant(),
	}
}

// KeyFromObject reads a WAMessageKey object. remoteJid and id are required
// (every Baileys call that takes a key needs both); a missing or mistyped
// field is a 400 error naming path.field.
func KeyFromObject(v jsval.Value, path string) (Key, error) {
	obj, ok := v.(*jsval.Object)
	if !ok {
		return Key{}, badField(path, "message key object expected, got %s", kindOf(v))
	}
	var k Key
	var err error
	str := func(name string, required bool, dst *string) {
		if err != nil {
			return
		}
		raw, ok := obj.Get(name)
		if !ok || raw == nil {
			if required {
				err = badField(join(path, name), "required")
			}
			return
		}
		s, isStr := raw.(string)
		if !isStr {
			err = badField(join(path, name), "string expected, got %s", kindOf(raw))
			return
		}
		if required && s == "" {
			err = badField(join(path, name), "must not be empty")
			return
		}
		*dst = s
	}
	str("remoteJid", true, &k.RemoteJID)
	str("id", true, &k.ID)
	str("participant", false, &k.Participant)
	str("remoteJidAlt", false, &k.RemoteJIDAlt)
	str("participantAlt", false, &k.ParticipantAlt)
	str("addressingMode", false, &k.AddressingMode)
	if err != nil {
		return Key{}, err
	}
	if raw, ok := obj.Get("fromMe"); ok {
		k.FromMe = truthy(raw)
	}
	return k, nil
}
