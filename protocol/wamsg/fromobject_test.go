package wamsg

import (
	"errors"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

// TestRoundTrip renders real protobufs of many message types and reads them
// back: every field must survive.
func TestRoundTrip(t *testing.T) {
	key := &waCommon.MessageKey{RemoteJID: proto.String("1@s.whatsapp.net"), FromMe: proto.Bool(false), ID: proto.String("ABC"), Participant: proto.String("2@s.whatsapp.net")}
	msgs := map[string]*waE2E.Message{
		"conversation": {Conversation: proto.String("hi ü 😀")},
		"quoted reply": {ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("re"), ContextInfo: &waE2E.ContextInfo{
			StanzaID: proto.String("Q1"), Participant: proto.String("2@s.whatsapp.net"), QuotedMessage: &waE2E.Message{Conversation: proto.String("orig")},
			MentionedJID: []string{"3@s.whatsapp.net", "4@s.whatsapp.net"}, ForwardingScore: proto.Uint32(3), IsForwarded: proto.Bool(true), Expiration: proto.Uint32(604800)}}},
		"image": {ImageMessage: &waE2E.ImageMessage{URL: proto.String("u"), Mimetype: proto.String("image/jpeg"), FileSHA256: []byte{0, 1, 255},
			FileLength: proto.Uint64(1<<53 + 1), Height: proto.Uint32(4), Width: proto.Uint32(5), MediaKeyTimestamp: proto.Int64(1795756401), JPEGThumbnail: []byte("jpg"),
			ScanLengths: []uint32{1, 2}, ViewOnce: proto.Bool(true)}},
		"location": {LocationMessage: &waE2E.LocationMessage{DegreesLatitude: proto.Float64(-33.8688), DegreesLongitude: proto.Float64(151.2093), Name: proto.String("Sydney")}},
		"revoke":   {ProtocolMessage: &waE2E.ProtocolMessage{Key: key, Type: waE2E.ProtocolMessage_REVOKE.Enum()}},
		"edit": {ProtocolMessage: &waE2E.ProtocolMessage{Key: key, Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(),
			EditedMessage: &waE2E.Message{Conversation: proto.String("fixed")}, TimestampMS: proto.Int64(1795756401000)}},
		"reaction": {ReactionMessage: &waE2E.ReactionMessage{Key: key, Text: proto.String("👍"), SenderTimestampMS: proto.Int64(1)}},
		"poll": {PollCreationMessageV3: &waE2E.PollCreationMessage{Name: proto.String("Lunch?"), SelectableOptionsCount: proto.Uint32(1),
			Options: []*waE2E.PollCreationMessage_Option{{OptionName: proto.String("a")}, {OptionName: proto.String("b")}}},
			MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: make([]byte, 32)}},
		"contacts": {ContactsArrayMessage: &waE2E.ContactsArrayMessage{DisplayName: proto.String("2 contacts"), Contacts: []*waE2E.ContactMessage{
			{DisplayName: proto.String("A"), Vcard: proto.String("BEGIN:VCARD\nEND:VCARD")}}}},
		"view once wrapper": {ViewOnceMessageV2: &waE2E.FutureProofMessage{Message: &waE2E.Message{VideoMessage: &waE2E.VideoMessage{
			GifPlayback: proto.Bool(true), Seconds: proto.Uint32(3), GifAttribution: waE2E.VideoMessage_GIPHY.Enum()}}}},
	}
	for name, m := range msgs {
		obj := ToObject(m)
		if err := jsval.Check(obj); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, err := MessageFromObject(obj, "message")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !proto.Equal(m, back) {
			t.Errorf("%s: round trip lost data\n in  %v\n out %v", name, m, back)
		}
	}
}

func obj(kv ...any) *jsval.Object {
	o := jsval.NewObject()
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// TestFromObjectCoercions follows protobufjs fromObject's conversions.
func TestFromObjectCoercions(t *testing.T) {
	in := obj(
		"extendedTextMessage", obj("text", int64(42), "contextInfo", obj(
			"mentionedJid", jsval.Array{"a@s.whatsapp.net", nil},
			"forwardingScore", "7", // numeric strings are numbers
			"isForwarded", int64(1), // truthiness
			"expiration", 86400.0,
			"unknownKey", obj(), // ignored, as protobufjs ignores it
		)),
		"protocolMessage", obj("type", "MESSAGE_EDIT", "timestampMs", "1795756401000"),
		"imageMessage", obj("fileSha256", "AAEC", "mediaKey", []byte{7}, "caption", jsval.Undefined, "url", nil),
		"notAField", "x",
	)
	m, err := MessageFromObject(in, "message")
	if err != nil {
		t.Fatal(err)
	}
	et := m.GetExtendedTextMessage()
	if et.GetText() != "42" || et.GetContextInfo().GetForwardingScore() != 7 || !et.GetContextInfo().GetIsForwarded() ||
		et.GetContextInfo().GetExpiration() != 86400 || strings.Join(et.GetContextInfo().GetMentionedJID(), ",") != "a@s.whatsapp.net" {
		t.Errorf("extendedTextMessage = %v", et)
	}
	if m.GetProtocolMessage().GetType() != waE2E.ProtocolMessage_MESSAGE_EDIT || m.GetProtocolMessage().GetTimestampMS() != 1795756401000 {
		t.Errorf("protocolMessage = %v", m.GetProtocolMessage())
	}
	im := m.GetImageMessage()
	if string(im.GetFileSHA256()) != "\x00\x01\x02" || string(im.GetMediaKey()) != "\x07" || im.Caption != nil || im.URL != nil {
		t.Errorf("imageMessage = %v", im)
	}
}

func TestFromObjectErrorsNameTheField(t *testing.T) {
	cases := []struct {
		name string
		in   jsval.Value
		path string
	}{
		{"not an object", "text", "message"},
		{"object for string", obj("conversation", obj()), "message.conversation"},
		{"scalar for message", obj("imageMessage", "x"), "message.imageMessage"},
		{"non-array for repeated", obj("extendedTextMessage", obj("contextInfo", obj("mentionedJid", "a"))), "message.extendedTextMessage.contextInfo.mentionedJid"},
		{"bad array item", obj("extendedTextMessage", obj("contextInfo", obj("mentionedJid", jsval.Array{obj()}))), "message.extendedTextMessage.contextInfo.mentionedJid[0]"},
		{"unknown enum name", obj("protocolMessage", obj("type", "NOPE")), "message.protocolMessage.type"},
		{"fraction for int", obj("imageMessage", obj("height", 1.5)), "message.imageMessage.height"},
		{"negative for uint", obj("imageMessage", obj("fileLength", int64(-1))), "message.imageMessage.fileLength"},
		{"overflow uint32", obj("imageMessage", obj("height", int64(1<<33))), "message.imageMessage.height"},
		{"non-numeric string", obj("imageMessage", obj("width", "wide")), "message.imageMessage.width"},
		{"bad base64", obj("imageMessage", obj("mediaKey", "!!")), "message.imageMessage.mediaKey"},
		{"number for bytes", obj("imageMessage", obj("mediaKey", int64(1))), "message.imageMessage.mediaKey"},
	}
	for _, c := range cases {
		_, err := MessageFromObject(c.in, "message")
		var e *errs.Error
		if !errors.As(err, &e) || e.Status != 400 {
			t.Errorf("%s: err = %v, want a 400", c.name, err)
			continue
		}
		if !strings.HasPrefix(e.Message, c.path+":") {
			t.Errorf("%s: message %q does not start with %s", c.name, e.Message, c.path)
		}
		if f, _ := e.Data.(*jsval.Object).Get("field"); f != c.path {
			t.Errorf("%s: data.field = %v", c.name, f)
		}
	}
}

func TestParseWAMessage(t *testing.T) {
	sent := Sent(types.NewJID("120363", types.GroupServer), "M1", &waE2E.Message{Conversation: proto.String("x")}, ts,
		types.JID{User: "5", Device: 2, Server: types.DefaultUserServer})
	sent.Set("pushName", "Me")
	w, err := ParseWAMessage(sent, "quoted")
	if err != nil {
		t.Fatal(err)
	}
	if w.Key != (Key{RemoteJID: "120363@g.us", FromMe: true, ID: "M1"}) || w.Info.GetParticipant() != "5:2@s.whatsapp.net" {
		t.Errorf("key = %+v", w.Key)
	}
	if w.Message.GetConversation() != "x" || w.Timestamp != ts.Unix() || w.PushName != "Me" || w.Info.GetStatus() != 1 {
		t.Errorf("parsed = %+v", w)
	}

	// Baileys 7 key fields survive, and the v7 inbound shape parses too.
	recv := obj("key", obj("remoteJid", "1@s.whatsapp.net", "remoteJidAlt", "9@lid", "fromMe", false, "id", "I", "addressingMode", "pn"),
		"messageTimestamp", int64(5), "broadcast", false)
	w, err = ParseWAMessage(recv, "quoted")
	if err != nil || w.Key.RemoteJIDAlt != "9@lid" || w.Key.AddressingMode != "pn" || w.Message != nil {
		t.Fatalf("w = %+v err = %v", w, err)
	}

	for name, bad := range map[string]jsval.Value{
		"quoted":                      "m",
		"quoted.key":                  obj("message", obj()),
		"quoted.key.remoteJid":        obj("key", obj("id", "x")),
		"quoted.key.id":               obj("key", obj("remoteJid", "x", "id", "")),
		"quoted.key.participant":      obj("key", obj("remoteJid", "x", "id", "y", "participant", int64(1))),
		"quoted.message.conversation": obj("key", obj("remoteJid", "x", "id", "y"), "message", obj("conversation", jsval.Array{})),
	} {
		_, err := ParseWAMessage(bad, "quoted")
		if err == nil || !strings.HasPrefix(err.Error(), name+":") || errs.StatusOf(err) != 400 {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestKeyProtoRoundTrip(t *testing.T) {
	k := Key{RemoteJID: "g@g.us", FromMe: true, ID: "I", Participant: "p@s.whatsapp.net"}
	if got := KeyFromProto(k.Proto()); got != k {
		t.Fatalf("%+v", got)
	}
	back, err := KeyFromObject(k.Object(), "key")
	if err != nil || back != k {
		t.Fatalf("%+v %v", back, err)
	}
}
