package wamsg

import (
	"crypto/sha256"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/jsval"
)

func hash(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func TestAggregatePollVotes(t *testing.T) {
	poll := ToObject(&waE2E.Message{PollCreationMessageV3: &waE2E.PollCreationMessage{Name: proto.String("Lunch?"),
		Options: []*waE2E.PollCreationMessage_Option{{OptionName: proto.String("Pizza")}, {OptionName: proto.String("Sushi")}}}})
	update := func(key Key, options ...[]byte) *jsval.Object {
		sel := jsval.Array{}
		for _, o := range options {
			sel = append(sel, o)
		}
		return jsval.NewObject().Set("pollUpdateMessageKey", key.Object()).
			Set("vote", jsval.NewObject().Set("selectedOptions", sel)).Set("senderTimestampMs", int64(1))
	}
	updates := jsval.Array{
		update(Key{RemoteJID: "g@g.us", ID: "1", Participant: "4455@lid", ParticipantAlt: "1555@s.whatsapp.net"}, hash("Sushi")),
		update(Key{RemoteJID: "g@g.us", ID: "2", FromMe: true}, hash("Pizza"), hash("Sushi")),
		update(Key{RemoteJID: "g@g.us", ID: "3", Participant: "2@s.whatsapp.net"}, hash("Burger")),
		jsval.NewObject().Set("pollUpdateMessageKey", Key{RemoteJID: "g@g.us", ID: "4"}.Object()), // no vote
	}
	got := jsval.Stringify(AggregatePollVotes(poll, updates, "15550000000@s.whatsapp.net"))
	want := `[{"name":"Pizza","voters":["15550000000@s.whatsapp.net"]},{"name":"Sushi","voters":["1555@s.whatsapp.net","15550000000@s.whatsapp.net"]},` +
		`{"name":"Unknown","voters":["2@s.whatsapp.net"]}]`
	if got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	if got := jsval.Stringify(AggregatePollVotes(nil, jsval.Array{update(Key{RemoteJID: "a@s.whatsapp.net", ID: "x", FromMe: true}, hash("A"))}, "")); got != `[{"name":"Unknown","voters":["me"]}]` {
		t.Fatal(got)
	}
}
