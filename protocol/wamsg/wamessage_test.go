package wamsg

import (
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waVnameCert"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

var ts = time.Unix(1795756401, 0)

func mustJID(s string) types.JID {
	j, err := types.ParseJID(s)
	if err != nil {
		panic(err)
	}
	return j
}

func TestReceived(t *testing.T) {
	cases := []struct {
		name string
		info types.MessageInfo
		msg  *waE2E.Message
		want string
	}{
		{
			name: "dm text",
			info: types.MessageInfo{
				MessageSource: types.MessageSource{Chat: mustJID("15552223333@s.whatsapp.net"), Sender: mustJID("15552223333@s.whatsapp.net"),
					AddressingMode: types.AddressingModePN, SenderAlt: mustJID("99887766@lid")},
				ID: "3EB0AABBCCDDEEFF0011", PushName: "Alice", Timestamp: ts,
			},
			msg: &waE2E.Message{Conversation: proto.String("!ping")},
			want: `{"key":{"remoteJid":"15552223333@s.whatsapp.net","remoteJidAlt":"99887766@lid","fromMe":false,"id":"3EB0AABBCCDDEEFF0011","addressingMode":"pn"},` +
				`"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"message":{"conversation":"!ping"}}`,
		},
		{
			name: "lid group with mention, sent from a device",
			info: types.MessageInfo{
				MessageSource: types.MessageSource{Chat: mustJID("120363000000000001@g.us"), Sender: mustJID("4455:3@lid"), IsGroup: true,
					AddressingMode: types.AddressingModeLID, SenderAlt: mustJID("15554445555:3@s.whatsapp.net")},
				ID: "3EB0GROUP000000000001", PushName: "Bob", Timestamp: ts,
			},
			msg: &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("hello"),
				ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{"15550001111@s.whatsapp.net"}}}},
			want: `{"key":{"remoteJid":"120363000000000001@g.us","fromMe":false,"id":"3EB0GROUP000000000001","participant":"4455@lid",` +
				`"participantAlt":"15554445555@s.whatsapp.net","addressingMode":"lid"},"messageTimestamp":1795756401,"pushName":"Bob","broadcast":false,` +
				`"message":{"extendedTextMessage":{"endCardTiles":[],"text":"hello","contextInfo":{"mentionedJid":["15550001111@s.whatsapp.net"],"groupMentions":[],"statusAttributions":[]}}}}`,
		},
		{
			name: "own message from the phone is unwrapped and SERVER_ACK",
			info: types.MessageInfo{
				MessageSource: types.MessageSource{Chat: mustJID("15552223333@s.whatsapp.net"), Sender: mustJID("15550000000@s.whatsapp.net"), IsFromMe: true,
					SenderAlt: mustJID("1@lid"), RecipientAlt: mustJID("2@lid")},
				ID: "X1", Timestamp: ts, Category: "peer",
			},
			msg: &waE2E.Message{DeviceSentMessage: &waE2E.DeviceSentMessage{DestinationJID: proto.String("15552223333@s.whatsapp.net"),
				Message: &waE2E.Message{Conversation: proto.String("hi")}}},
			want: `{"key":{"remoteJid":"15552223333@s.whatsapp.net","remoteJidAlt":"2@lid","fromMe":true,"id":"X1"},"category":"peer",` +
				`"messageTimestamp":1795756401,"broadcast":false,"status":2,"message":{"conversation":"hi"}}`,
		},
		{
			name: "status broadcast with verified business",
			info: types.MessageInfo{
				MessageSource: types.MessageSource{Chat: mustJID("status@broadcast"), Sender: mustJID("15557778888@s.whatsapp.net")},
				ID:            "S1", Timestamp: ts,
				VerifiedName: &types.VerifiedName{Details: &waVnameCert.VerifiedNameCertificate_Details{VerifiedName: proto.String("Acme")}},
			},
			msg: &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{Conversation: proto.String("x")}}},
			want: `{"key":{"remoteJid":"status@broadcast","fromMe":false,"id":"S1","participant":"15557778888@s.whatsapp.net"},` +
				`"messageTimestamp":1795756401,"broadcast":true,"verifiedBizName":"Acme","message":{"ephemeralMessage":{"message":{"conversation":"x"}}}}`,
		},
	}
	for _, c := range cases {
		got := Received(&c.info, c.msg)
		if err := jsval.Check(got); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if s := jsval.Stringify(got); s != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, s, c.want)
		}
	}
}

func TestMediaFieldsFollowProtobufjs(t *testing.T) {
	img := &waE2E.Message{
		ImageMessage: &waE2E.ImageMessage{
			URL: proto.String("https://mmg/x"), Mimetype: proto.String("image/jpeg"), Caption: proto.String("cap"),
			FileSHA256: []byte{1, 2}, FileLength: proto.Uint64(1 << 40), Height: proto.Uint32(10), Width: proto.Uint32(20),
			MediaKey: []byte{3}, MediaKeyTimestamp: proto.Int64(-5),
		},
		MessageContextInfo: &waE2E.MessageContextInfo{MessageSecret: []byte{9}},
	}
	got := jsval.Stringify(ToObject(img))
	want := `{"imageMessage":{"interactiveAnnotations":[],"scanLengths":[],"annotations":[],"url":"https://mmg/x","mimetype":"image/jpeg","caption":"cap",` +
		`"fileSha256":{"type":"Buffer","data":[1,2]},"fileLength":1099511627776,"height":10,"width":20,"mediaKey":{"type":"Buffer","data":[3]},` +
		`"mediaKeyTimestamp":-5},"messageContextInfo":{"threadId":[],"messageSecret":{"type":"Buffer","data":[9]}}}`
	if got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	// Buffers are copies: a script mutating one cannot change the protobuf.
	obj := ToObject(img)
	im, _ := obj.Get("imageMessage")
	buf, _ := im.(*jsval.Object).Get("fileSha256")
	buf.([]byte)[0] = 99
	if img.ImageMessage.FileSHA256[0] != 1 {
		t.Fatal("buffer shares memory with the protobuf")
	}
	if ToObject(nil) != nil || ToObject((*waE2E.Message)(nil)) != nil {
		t.Fatal("nil message must render as null")
	}
}

func TestEnumsAreNumbers(t *testing.T) {
	m := &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Key:  &waCommon.MessageKey{RemoteJID: proto.String("a@s.whatsapp.net"), FromMe: proto.Bool(true), ID: proto.String("ID1")},
		Type: waE2E.ProtocolMessage_REVOKE.Enum(),
	}}
	want := `{"protocolMessage":{"key":{"remoteJid":"a@s.whatsapp.net","fromMe":true,"id":"ID1"},"type":0}}`
	if got := jsval.Stringify(ToObject(m)); got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
}

func TestSent(t *testing.T) {
	msg := &waE2E.Message{Conversation: proto.String("echo")}
	me := mustJID("15550000000:7@s.whatsapp.net")
	got := jsval.Stringify(Sent(mustJID("15552223333@s.whatsapp.net"), "3EB0623174B382BF36C4CA", msg, ts, me))
	want := `{"messageStubParameters":[],"labels":[],"userReceipt":[],"reactions":[],"pollUpdates":[],"eventResponses":[],"statusMentions":[],"messageAddOns":[],` +
		`"statusMentionSources":[],"supportAiCitations":[],` +
		`"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":true,"id":"3EB0623174B382BF36C4CA"},"message":{"conversation":"echo"},` +
		`"messageTimestamp":1795756401,"status":1}`
	if got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	inGroup := Sent(mustJID("120363@g.us"), "G1", msg, ts, me)
	if p, _ := inGroup.Get("participant"); p != "15550000000:7@s.whatsapp.net" {
		t.Fatalf("group send participant = %v", p)
	}
}
