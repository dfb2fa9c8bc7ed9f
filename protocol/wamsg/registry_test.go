package wamsg

import (
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"google.golang.org/protobuf/proto"
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
