package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
)

func TestMessageType(t *testing.T) {
	cases := map[string]proto.Message{
		"Message":                     &waE2E.Message{},
		"proto.Message":               &waE2E.Message{},
		"Message.ImageMessage":        &waE2E.ImageMessage{},
		"Message.ExtendedTextMessage": &waE2E.ExtendedTextMessage{},
		"ContextInfo":                 &waE2E.ContextInfo{},
		"WebMessageInfo":              &waWeb.WebMessageInfo{},
		"MessageKey":                  &waCommon.MessageKey{},
		"HistorySync":                 &waHistorySync.HistorySync{},
		"Conversation":                &waHistorySync.Conversation{},
		"Message.PollCreationMessage": &waE2E.PollCreationMessage{},
		"Message.ProtocolMessage":     &waE2E.ProtocolMessage{},
		"Message.FutureProofMessage":  &waE2E.FutureProofMessage{},
	}
	for name, want := range cases {
		mt, ok := MessageType(name)
		if !ok {
			t.Errorf("%s not found", name)
			continue
		}
		if mt.Descriptor().FullName() != want.ProtoReflect().Descriptor().FullName() {
			t.Errorf("%s = %s want %s", name, mt.Descriptor().FullName(), want.ProtoReflect().Descriptor().FullName())
		}
	}
	for _, bad := range []string{"NoSuchType", "Message.NoSuchType", "WebMessageInfo.Status", ""} {
		if _, ok := MessageType(bad); ok {
			t.Errorf("%q must not resolve to a message", bad)
		}
	}
}

func TestEnum(t *testing.T) {
	status, ok := Enum("WebMessageInfo.Status")
	if !ok || len(status) != 6 || status[1] != (EnumValue{"PENDING", 1}) || status[4] != (EnumValue{"READ", 4}) {
		t.Fatalf("Status = %v", status)
	}
	pt, ok := Enum("Message.ProtocolMessage.Type")
	if !ok || pt[0] != (EnumValue{"REVOKE", 0}) {
		t.Fatalf("ProtocolMessage.Type = %v", pt)
	}
	stub, ok := Enum("WebMessageInfo.StubType")
	found := false
	for _, v := range stub {
		if v == (EnumValue{"GROUP_PARTICIPANT_ADD", 27}) {
			found = true
		}
	}
	if !ok || !found {
		t.Fatal("StubType lacks GROUP_PARTICIPANT_ADD = 27")
	}
	if _, ok := Enum("Message"); ok {
		t.Fatal("a message is not an enum")
	}
}

func TestEncodeDecode(t *testing.T) {
	in := jsval.NewObject().Set("conversation", "hi").Set("messageContextInfo", jsval.NewObject().Set("messageSecret", []byte{1}))
	b, err := Encode("Message", in)
	if err != nil {
		t.Fatal(err)
	}
	var m waE2E.Message
	if err := proto.Unmarshal(b, &m); err != nil || m.GetConversation() != "hi" {
		t.Fatalf("%v %v", &m, err)
	}
	out, err := Decode("Message", b)
	if err != nil || jsval.Stringify(out) != `{"conversation":"hi","messageContextInfo":{"threadId":[],"messageSecret":{"type":"Buffer","data":[1]}}}` {
		t.Fatalf("%s %v", jsval.Stringify(out), err)
	}
	if _, err := Decode("Message", []byte{0xff, 0xff}); errs.StatusOf(err) != 400 {
		t.Fatalf("garbage: %v", err)
	}
	if _, err := Encode("Nope", in); errs.StatusOf(err) != 400 {
		t.Fatalf("unknown type: %v", err)
	}
	if _, err := FromObjectNamed("Message.ImageMessage", jsval.NewObject().Set("caption", jsval.NewObject())); errs.StatusOf(err) != 400 {
		t.Fatalf("bad field: %v", err)
	}
	key, err := FromObjectNamed("WebMessageInfo", jsval.NewObject().Set("key", jsval.NewObject().Set("id", "X")))
	if err != nil || key.(*waWeb.WebMessageInfo).GetKey().GetID() != "X" {
		t.Fatalf("%v %v", key, err)
	}
}
