package events

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	"go.mau.fi/whatsmeow/proto/waSyncAction"
	"go.mau.fi/whatsmeow/proto/waWeb"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
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

func mustJIDp(s string) *types.JID { j := mustJID(s); return &j }

// fakeLookups answers from maps, as the session's store would.
type fakeLookups struct {
	me     Me
	lid2pn map[string]string
	vote   *waE2E.PollVoteMessage
}

func (f *fakeLookups) Me() Me { return f.me }
func (f *fakeLookups) PNForLID(_ context.Context, lid types.JID) types.JID {
	if pn, ok := f.lid2pn[lid.String()]; ok {
		return mustJID(pn)
	}
	return types.EmptyJID
}
func (f *fakeLookups) LIDForPN(_ context.Context, pn types.JID) types.JID {
	for l, p := range f.lid2pn {
		if p == pn.String() {
			return mustJID(l)
		}
	}
	return types.EmptyJID
}
func (f *fakeLookups) DecryptPollVote(context.Context, *wmevents.Message) (*waE2E.PollVoteMessage, error) {
	if f.vote == nil {
		return nil, errors.New("poll not found")
	}
	return f.vote, nil
}

func newLookups() *fakeLookups {
	return &fakeLookups{
		me:     Me{ID: mustJID("15550000000:7@s.whatsapp.net"), LID: mustJID("900:7@lid"), Name: "Bot"},
		lid2pn: map[string]string{"4455@lid": "15554445555@s.whatsapp.net"},
	}
}

// render prints events one per line as "name payload".
func render(evts []Event) string {
	var b strings.Builder
	for _, e := range evts {
		fmt.Fprintf(&b, "%s %s\n", e.Name, jsval.Stringify(e.Payload))
	}
	return b.String()
}

func check(t *testing.T, name string, got []Event, want string) {
	t.Helper()
	for _, e := range got {
		if err := jsval.Check(e.Payload); err != nil {
			t.Fatalf("%s: %s payload: %v", name, e.Name, err)
		}
	}
	if g := render(got); g != want {
		t.Errorf("%s:\n got %s\nwant %s", name, g, want)
	}
}

func dm(from string, fromMe bool) types.MessageInfo {
	return types.MessageInfo{
		MessageSource: types.MessageSource{Chat: mustJID(from), Sender: mustJID(from), IsFromMe: fromMe},
		ID:            "M1", PushName: "Alice", Timestamp: ts,
	}
}

func msgEvent(info types.MessageInfo, m *waE2E.Message) *wmevents.Message {
	e := &wmevents.Message{Info: info, RawMessage: m}
	return e.UnwrapRaw()
}

func TestMessages(t *testing.T) {
	tr := New(newLookups(), Options{})
	ctx := context.Background()
	revokedKey := &waCommon.MessageKey{RemoteJID: proto.String("15552223333@s.whatsapp.net"), FromMe: proto.Bool(false), ID: proto.String("OLD")}
	cases := []struct {
		name string
		evt  any
		want string
	}{
		{"text notify with contact update", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{Conversation: proto.String("!ping")}),
			`messages.upsert {"messages":[{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"message":{"conversation":"!ping"}}],"type":"notify"}` + "\n" +
				`contacts.update [{"id":"15552223333@s.whatsapp.net","notify":"Alice"}]` + "\n" +
				`chats.update [{"id":"15552223333@s.whatsapp.net","messages":[{"message":{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"message":{"conversation":"!ping"}}}],"conversationTimestamp":1795756401,"unreadCount":1}]` + "\n"},
		{"ephemeral stays wrapped in the upsert", msgEvent(dm("15552223333@s.whatsapp.net", true), &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{
			Message: &waE2E.Message{Conversation: proto.String("x")}}}),
			`messages.upsert {"messages":[{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":true,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"status":2,"message":{"ephemeralMessage":{"message":{"conversation":"x"}}}}],"type":"notify"}` + "\n" +
				`creds.update {"me":{"id":"15550000000:7@s.whatsapp.net","name":"Alice","lid":"900:7@lid"}}` + "\n" +
				`chats.update [{"id":"15552223333@s.whatsapp.net","messages":[{"message":{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":true,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"status":2,"message":{"ephemeralMessage":{"message":{"conversation":"x"}}}}}],"conversationTimestamp":1795756401}]` + "\n"},
		{"revoke", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Key: revokedKey, Type: waE2E.ProtocolMessage_REVOKE.Enum()}}),
			`messages.upsert {"messages":[{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"message":{"protocolMessage":{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"OLD"},"type":0}}}],"type":"notify"}` + "\n" +
				`contacts.update [{"id":"15552223333@s.whatsapp.net","notify":"Alice"}]` + "\n" +
				`messages.update [{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"OLD"},"update":{"message":null,"messageStubType":1,"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"}}}]` + "\n"},
		{"edit", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Key: revokedKey,
			Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(), EditedMessage: &waE2E.Message{Conversation: proto.String("fixed")}, TimestampMS: proto.Int64(1795756500123)}}),
			"SKIPUPSERT" + `messages.update [{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"OLD"},"update":{"message":{"editedMessage":{"message":{"conversation":"fixed"}}},"messageTimestamp":1795756500}}]` + "\n"},
		{"reaction to my message", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{
			Key:  &waCommon.MessageKey{RemoteJID: proto.String("15550000000@s.whatsapp.net"), FromMe: proto.Bool(false), ID: proto.String("MINE")},
			Text: proto.String("👍"), SenderTimestampMS: proto.Int64(5)}}),
			"SKIPUPSERT" + `messages.reaction [{"reaction":{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"},"text":"👍","senderTimestampMs":5},"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":true,"id":"MINE"}}]` + "\n"},
		{"disappearing setting", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{EphemeralMessage: &waE2E.FutureProofMessage{
			Message: &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum(), EphemeralExpiration: proto.Uint32(86400)}}}}),
			"SKIPUPSERT" + `chats.update [{"id":"15552223333@s.whatsapp.net","ephemeralSettingTimestamp":1795756401,"ephemeralExpiration":86400}]` + "\n"},
		{"disappearing off", msgEvent(dm("15552223333@s.whatsapp.net", false), &waE2E.Message{
			ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_EPHEMERAL_SETTING.Enum(), EphemeralExpiration: proto.Uint32(0)}}),
			"SKIPUPSERT" + `chats.update [{"id":"15552223333@s.whatsapp.net","ephemeralSettingTimestamp":1795756401,"ephemeralExpiration":null}]` + "\n"},
		{"undecryptable", &wmevents.UndecryptableMessage{Info: dm("15552223333@s.whatsapp.net", false), IsUnavailable: true},
			`messages.upsert {"messages":[{"key":{"remoteJid":"15552223333@s.whatsapp.net","fromMe":false,"id":"M1"},"messageTimestamp":1795756401,"pushName":"Alice","broadcast":false,"messageStubType":2,"messageStubParameters":["Message absent from node"]}],"type":"notify"}` + "\n"},
		{"skdm only is dropped", msgEvent(dm("120363@g.us", false), &waE2E.Message{SenderKeyDistributionMessage: &waE2E.SenderKeyDistributionMessage{GroupID: proto.String("g")}}), ""},
	}
	for _, c := range cases {
		got := tr.Translate(ctx, c.evt)
		want := c.want
		if strings.HasPrefix(want, "SKIPUPSERT") {
			if len(got) == 0 || got[0].Name != "messages.upsert" {
				t.Fatalf("%s: first event %v", c.name, got)
			}
			var rest []Event
			for _, e := range got[1:] {
				if e.Name != "contacts.update" {
					rest = append(rest, e)
				}
			}
			got = rest
			want = strings.TrimPrefix(want, "SKIPUPSERT")
		}
		check(t, c.name, got, want)
	}
}

func TestPollVote(t *testing.T) {
	look := newLookups()
	tr := New(look, Options{})
	info := types.MessageInfo{MessageSource: types.MessageSource{Chat: mustJID("120363@g.us"), Sender: mustJID("4455@lid"), IsGroup: true,
		AddressingMode: types.AddressingModeLID, SenderAlt: mustJID("15554445555@s.whatsapp.net")}, ID: "V1", Timestamp: ts}
	vote := &waE2E.Message{PollUpdateMessage: &waE2E.PollUpdateMessage{
		PollCreationMessageKey: &waCommon.MessageKey{RemoteJID: proto.String("120363@g.us"), FromMe: proto.Bool(false), ID: proto.String("POLL"),
			Participant: proto.String("15550000000@s.whatsapp.net")},
		SenderTimestampMS: proto.Int64(77)}}
	// Without the poll's secret there is no update, only the upsert.
	if got := tr.Translate(context.Background(), msgEvent(info, vote)); len(got) != 1 {
		t.Fatalf("undecryptable vote gave %s", render(got))
	}
	look.vote = &waE2E.PollVoteMessage{SelectedOptions: [][]byte{{1, 2}}}
	got := tr.Translate(context.Background(), msgEvent(info, vote))
	check(t, "vote", got[1:],
		`messages.update [{"key":{"remoteJid":"120363@g.us","fromMe":true,"id":"POLL","participant":"15550000000@s.whatsapp.net"},"update":{"pollUpdates":[{"pollUpdateMessageKey":{"remoteJid":"120363@g.us","fromMe":false,"id":"V1","participant":"4455@lid","participantAlt":"15554445555@s.whatsapp.net","addressingMode":"lid"},"vote":{"selectedOptions":[{"type":"Buffer","data":[1,2]}]},"senderTimestampMs":77}]}}]`+"\n")
}

func TestReceiptsAndPresence(t *testing.T) {
	tr := New(newLookups(), Options{})
	ctx := context.Background()
	cases := []struct {
		name string
		evt  any
		want string
	}{
		{"dm read", &wmevents.Receipt{MessageSource: types.MessageSource{Chat: mustJID("15552223333@s.whatsapp.net"), Sender: mustJID("15552223333@s.whatsapp.net")},
			MessageIDs: []string{"A", "B"}, Timestamp: ts, Type: types.ReceiptTypeRead},
			`messages.update [{"key":{"remoteJid":"15552223333@s.whatsapp.net","id":"A","fromMe":true},"update":{"status":4,"messageTimestamp":1795756401}},{"key":{"remoteJid":"15552223333@s.whatsapp.net","id":"B","fromMe":true},"update":{"status":4,"messageTimestamp":1795756401}}]` + "\n"},
		{"dm delivered", &wmevents.Receipt{MessageSource: types.MessageSource{Chat: mustJID("1@s.whatsapp.net"), Sender: mustJID("1@s.whatsapp.net")},
			MessageIDs: []string{"A"}, Timestamp: ts, Type: types.ReceiptTypeDelivered},
			`messages.update [{"key":{"remoteJid":"1@s.whatsapp.net","id":"A","fromMe":true},"update":{"status":3,"messageTimestamp":1795756401}}]` + "\n"},
		{"own device read someone's message", &wmevents.Receipt{MessageSource: types.MessageSource{Chat: mustJID("1@s.whatsapp.net"), Sender: mustJID("15550000000:2@s.whatsapp.net"), IsFromMe: true},
			MessageIDs: []string{"A"}, Timestamp: ts, Type: types.ReceiptTypeReadSelf},
			`messages.update [{"key":{"remoteJid":"1@s.whatsapp.net","id":"A","fromMe":false},"update":{"status":4,"messageTimestamp":1795756401}}]` + "\n"},
		{"group delivered", &wmevents.Receipt{MessageSource: types.MessageSource{Chat: mustJID("120363@g.us"), Sender: mustJID("2:3@s.whatsapp.net"), IsGroup: true},
			MessageIDs: []string{"G"}, Timestamp: ts, Type: types.ReceiptTypeDelivered},
			`message-receipt.update [{"key":{"remoteJid":"120363@g.us","id":"G","fromMe":true,"participant":"2@s.whatsapp.net"},"receipt":{"userJid":"2@s.whatsapp.net","receiptTimestamp":1795756401}}]` + "\n"},
		{"retry receipt is internal", &wmevents.Receipt{MessageSource: types.MessageSource{Chat: mustJID("1@s.whatsapp.net")}, MessageIDs: []string{"A"}, Type: types.ReceiptTypeRetry}, ""},
		{"typing", &wmevents.ChatPresence{MessageSource: types.MessageSource{Chat: mustJID("120363@g.us"), Sender: mustJID("2@s.whatsapp.net")}, State: types.ChatPresenceComposing},
			`presence.update {"id":"120363@g.us","presences":{"2@s.whatsapp.net":{"lastKnownPresence":"composing"}}}` + "\n"},
		{"recording", &wmevents.ChatPresence{MessageSource: types.MessageSource{Chat: mustJID("2@s.whatsapp.net"), Sender: mustJID("2@s.whatsapp.net")},
			State: types.ChatPresenceComposing, Media: types.ChatPresenceMediaAudio},
			`presence.update {"id":"2@s.whatsapp.net","presences":{"2@s.whatsapp.net":{"lastKnownPresence":"recording"}}}` + "\n"},
		{"paused reads available", &wmevents.ChatPresence{MessageSource: types.MessageSource{Chat: mustJID("2@s.whatsapp.net"), Sender: mustJID("2@s.whatsapp.net")}, State: types.ChatPresencePaused},
			`presence.update {"id":"2@s.whatsapp.net","presences":{"2@s.whatsapp.net":{"lastKnownPresence":"available"}}}` + "\n"},
		{"offline with last seen", &wmevents.Presence{From: mustJID("2@s.whatsapp.net"), Unavailable: true, LastSeen: ts},
			`presence.update {"id":"2@s.whatsapp.net","presences":{"2@s.whatsapp.net":{"lastKnownPresence":"unavailable","lastSeen":1795756401}}}` + "\n"},
	}
	for _, c := range cases {
		check(t, c.name, tr.Translate(ctx, c.evt), c.want)
	}
}

func groupInfo() types.GroupInfo {
	return types.GroupInfo{
		JID: mustJID("120363000000000001@g.us"), OwnerJID: mustJID("15550000000@s.whatsapp.net"),
		GroupName:      types.GroupName{Name: "Team", NameSetAt: ts, NameSetBy: mustJID("15550000000@s.whatsapp.net")},
		GroupTopic:     types.GroupTopic{Topic: "About", TopicID: "T1", TopicSetAt: ts, TopicSetBy: mustJID("15550000000@s.whatsapp.net")},
		GroupAnnounce:  types.GroupAnnounce{IsAnnounce: true},
		GroupEphemeral: types.GroupEphemeral{IsEphemeral: true, DisappearingTimer: 86400},
		GroupCreated:   ts,
		Participants: []types.GroupParticipant{
			{JID: mustJID("15550000000@s.whatsapp.net"), LID: mustJID("900@lid"), IsAdmin: true, IsSuperAdmin: true},
			{JID: mustJID("4455@lid"), PhoneNumber: mustJID("15554445555@s.whatsapp.net"), IsAdmin: true},
			{JID: mustJID("15557778888@s.whatsapp.net")},
		},
		MemberAddMode: types.GroupMemberAddModeAllMember,
	}
}

func TestGroupMetadata(t *testing.T) {
	g := groupInfo()
	want := `{"id":"120363000000000001@g.us","addressingMode":"pn","subject":"Team","subjectOwner":"15550000000@s.whatsapp.net","subjectTime":1795756401,"size":3,` +
		`"creation":1795756401,"owner":"15550000000@s.whatsapp.net","desc":"About","descId":"T1","descOwner":"15550000000@s.whatsapp.net","descTime":1795756401,` +
		`"restrict":false,"announce":true,"isCommunity":false,"isCommunityAnnounce":false,"joinApprovalMode":false,"memberAddMode":true,` +
		`"participants":[{"id":"15550000000@s.whatsapp.net","lid":"900@lid","admin":"superadmin"},{"id":"4455@lid","phoneNumber":"15554445555@s.whatsapp.net","admin":"admin"},` +
		`{"id":"15557778888@s.whatsapp.net","admin":null}],"ephemeralDuration":86400}`
	md := GroupMetadata(&g)
	if got := jsval.Stringify(md); got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	// No owner: the key exists but reads as undefined, as in Baileys.
	g.OwnerJID = types.EmptyJID
	if GroupMetadata(&g).Has("owner") {
		t.Fatal("owner must be undefined")
	}
}

func TestGroupEvents(t *testing.T) {
	ctx := context.Background()
	info := &wmevents.GroupInfo{JID: mustJID("120363@g.us"), Sender: mustJIDp("4455:2@lid"), SenderPN: mustJIDp("15554445555@s.whatsapp.net"), Timestamp: ts,
		Name: &types.GroupName{Name: "New"}, Locked: &types.GroupLocked{IsLocked: true},
		NewInviteLink: proto.String("https://chat.whatsapp.com/AbC"),
		Join:          []types.JID{mustJID("4455@lid"), mustJID("15557778888@s.whatsapp.net")}, Promote: []types.JID{mustJID("15557778888@s.whatsapp.net")}}
	v6 := `groups.update [{"id":"120363@g.us","subject":"New","author":"4455@lid","authorPn":"15554445555@s.whatsapp.net"}]
groups.update [{"id":"120363@g.us","restrict":true,"author":"4455@lid","authorPn":"15554445555@s.whatsapp.net"}]
groups.update [{"id":"120363@g.us","inviteCode":"AbC","author":"4455@lid","authorPn":"15554445555@s.whatsapp.net"}]
group-participants.update {"id":"120363@g.us","author":"4455@lid","authorPn":"15554445555@s.whatsapp.net","participants":["15554445555@s.whatsapp.net","15557778888@s.whatsapp.net"],"action":"add"}
group-participants.update {"id":"120363@g.us","author":"4455@lid","authorPn":"15554445555@s.whatsapp.net","participants":["15557778888@s.whatsapp.net"],"action":"promote"}
`
	check(t, "v6 participants", New(newLookups(), Options{}).Translate(ctx, info), v6)

	leave := &wmevents.GroupInfo{JID: mustJID("120363@g.us"), Leave: []types.JID{mustJID("4455@lid"), mustJID("15554445555@s.whatsapp.net")}}
	check(t, "v7 participants", New(newLookups(), Options{ParticipantObjects: true}).Translate(ctx, leave),
		`group-participants.update {"id":"120363@g.us","participants":[{"id":"4455@lid","phoneNumber":"15554445555@s.whatsapp.net","admin":null},{"id":"15554445555@s.whatsapp.net","lid":"4455@lid","admin":null}],"action":"remove"}`+"\n")

	joined := &wmevents.JoinedGroup{Reason: "invite", GroupInfo: groupInfo(), Sender: mustJIDp("15550000000@s.whatsapp.net")}
	got := New(newLookups(), Options{}).Translate(ctx, joined)
	if len(got) != 2 || got[0].Name != "chats.upsert" || got[1].Name != "groups.upsert" {
		t.Fatalf("joined: %s", render(got))
	}
	if s := jsval.Stringify(got[0].Payload); s != `[{"id":"120363000000000001@g.us","name":"Team","conversationTimestamp":1795756401}]` {
		t.Errorf("chats.upsert %s", s)
	}
	md := got[1].Payload.(jsval.Array)[0].(*jsval.Object)
	if a, _ := md.Get("author"); a != "15550000000@s.whatsapp.net" {
		t.Errorf("author %v", a)
	}
}

func TestConnectionEvents(t *testing.T) {
	look := newLookups()
	tr := New(look, Options{})
	ctx := context.Background()
	type closeWant struct {
		evt    any
		status int
		msg    string
	}
	for _, c := range []closeWant{
		{&wmevents.Disconnected{}, 428, "Connection Terminated"},
		{&wmevents.StreamReplaced{}, 440, "Stream Errored (conflict)"},
		{&wmevents.LoggedOut{OnConnect: true, Reason: wmevents.ConnectFailureLoggedOut}, 401, "Connection Failure"},
		{&wmevents.LoggedOut{}, 401, "Stream Errored (conflict)"},
		{&wmevents.ManualLoginReconnect{}, 515, "Stream Errored (restart required)"},
		{&wmevents.TemporaryBan{Code: wmevents.TempBanBlockedByUsers, Expire: time.Hour}, 402, "Connection Failure"},
		{&wmevents.ConnectFailure{Reason: wmevents.ConnectFailureServiceUnavailable}, 503, "Connection Failure"},
		{&wmevents.ClientOutdated{}, 405, "Connection Failure"},
		{&wmevents.StreamError{Code: "503", Raw: &waBinary.Node{Tag: "stream:error", Content: []waBinary.Node{{Tag: "ack"}}}}, 503, "Stream Errored (ack)"},
		{&wmevents.StreamError{Code: "x"}, 500, "Stream Errored (unknown)"},
	} {
		got := tr.Translate(ctx, c.evt)
		if len(got) != 1 || got[0].Name != "connection.update" {
			t.Fatalf("%T: %s", c.evt, render(got))
		}
		p := got[0].Payload.(*jsval.Object)
		if v, _ := p.Get("connection"); v != "close" {
			t.Errorf("%T: connection %v", c.evt, v)
		}
		ld, _ := p.Get("lastDisconnect")
		errV, _ := ld.(*jsval.Object).Get("error")
		date, _ := ld.(*jsval.Object).Get("date")
		if _, ok := date.(time.Time); !ok {
			t.Errorf("%T: date %T", c.evt, date)
		}
		err := errV.(error)
		if errs.StatusOf(err) != c.status || err.Error() != c.msg {
			t.Errorf("%T: %d %q want %d %q", c.evt, errs.StatusOf(err), err.Error(), c.status, c.msg)
		}
	}
	check(t, "qr", tr.Translate(ctx, &wmevents.QR{Codes: []string{"ref1,a,b,c", "ref2"}}), `connection.update {"qr":"ref1,a,b,c"}`+"\n")
	check(t, "no qr", tr.Translate(ctx, &wmevents.QR{}), "")
	check(t, "pair", tr.Translate(ctx, &wmevents.PairSuccess{ID: mustJID("15550000000:7@s.whatsapp.net"), LID: mustJID("900:7@lid")}),
		`creds.update {"me":{"id":"15550000000:7@s.whatsapp.net","lid":"900:7@lid"}}`+"\n"+`connection.update {"isNewLogin":true}`+"\n")
	check(t, "open", tr.Translate(ctx, &wmevents.Connected{}),
		`creds.update {"me":{"id":"15550000000:7@s.whatsapp.net","name":"Bot","lid":"900:7@lid"}}`+"\n"+`connection.update {"connection":"open"}`+"\n")
	check(t, "offline done", tr.Translate(ctx, &wmevents.OfflineSyncCompleted{Count: 3}), `connection.update {"receivedPendingNotifications":true}`+"\n")
	check(t, "push name", tr.Translate(ctx, &wmevents.PushNameSetting{Action: &waSyncAction.PushNameSetting{Name: proto.String("Renamed")}}),
		`creds.update {"me":{"id":"15550000000:7@s.whatsapp.net","name":"Renamed","lid":"900:7@lid"}}`+"\n")
	check(t, "connecting", []Event{Connecting()}, `connection.update {"connection":"connecting","receivedPendingNotifications":false}`+"\n")
	if !slices.Contains(Connecting().Payload.(*jsval.Object).Keys(), "qr") {
		t.Fatal("connecting must carry qr: undefined")
	}
	check(t, "ignored", tr.Translate(ctx, &wmevents.AppStateSyncComplete{}), "")
}

func TestContactsChatsCalls(t *testing.T) {
	tr := New(newLookups(), Options{})
	ctx := context.Background()
	cases := []struct {
		name string
		evt  any
		want string
	}{
		{"picture", &wmevents.Picture{JID: mustJID("2@s.whatsapp.net"), Remove: true}, `contacts.update [{"id":"2@s.whatsapp.net","imgUrl":"removed"}]` + "\n"},
		{"about", &wmevents.UserAbout{JID: mustJID("2@s.whatsapp.net"), Status: "busy"}, `contacts.update [{"id":"2@s.whatsapp.net","status":"busy"}]` + "\n"},
		{"business", &wmevents.BusinessName{JID: mustJID("2@s.whatsapp.net"), NewBusinessName: "Acme"}, `contacts.update [{"id":"2@s.whatsapp.net","verifiedName":"Acme"}]` + "\n"},
		{"contact", &wmevents.Contact{JID: mustJID("2@s.whatsapp.net"), Action: &waSyncAction.ContactAction{FullName: proto.String("Bob B")}},
			`contacts.upsert [{"id":"2@s.whatsapp.net","name":"Bob B"}]` + "\n"},
		{"block", &wmevents.Blocklist{Changes: []wmevents.BlocklistChange{
			{JID: mustJID("2@s.whatsapp.net"), Action: wmevents.BlocklistChangeActionBlock}, {JID: mustJID("3@s.whatsapp.net"), Action: wmevents.BlocklistChangeActionUnblock}}},
			`blocklist.update {"blocklist":["2@s.whatsapp.net"],"type":"add"}` + "\n" + `blocklist.update {"blocklist":["3@s.whatsapp.net"],"type":"remove"}` + "\n"},
		{"blocklist to fetch again", &wmevents.Blocklist{Action: wmevents.BlocklistActionModify}, ""},
		{"archive", &wmevents.Archive{JID: mustJID("2@s.whatsapp.net"), Action: &waSyncAction.ArchiveChatAction{Archived: proto.Bool(true)}},
			`chats.update [{"id":"2@s.whatsapp.net","archived":true}]` + "\n"},
		{"pin", &wmevents.Pin{JID: mustJID("2@s.whatsapp.net"), Timestamp: ts, Action: &waSyncAction.PinAction{Pinned: proto.Bool(true)}},
			`chats.update [{"id":"2@s.whatsapp.net","pinned":1795756401}]` + "\n"},
		{"unmute", &wmevents.Mute{JID: mustJID("2@s.whatsapp.net"), Action: &waSyncAction.MuteAction{Muted: proto.Bool(false)}},
			`chats.update [{"id":"2@s.whatsapp.net","muteEndTime":null}]` + "\n"},
		{"mark unread", &wmevents.MarkChatAsRead{JID: mustJID("2@s.whatsapp.net"), Action: &waSyncAction.MarkChatAsReadAction{Read: proto.Bool(false)}},
			`chats.update [{"id":"2@s.whatsapp.net","unreadCount":-1}]` + "\n"},
		{"delete chat", &wmevents.DeleteChat{JID: mustJID("2@s.whatsapp.net")}, `chats.delete ["2@s.whatsapp.net"]` + "\n"},
		{"clear chat", &wmevents.ClearChat{JID: mustJID("2@s.whatsapp.net")}, `messages.delete {"jid":"2@s.whatsapp.net","all":true}` + "\n"},
		{"delete for me", &wmevents.DeleteForMe{ChatJID: mustJID("120363@g.us"), SenderJID: mustJID("2@s.whatsapp.net"), MessageID: "X"},
			`messages.delete {"keys":[{"remoteJid":"120363@g.us","fromMe":false,"id":"X","participant":"2@s.whatsapp.net"}]}` + "\n"},
		{"star", &wmevents.Star{ChatJID: mustJID("2@s.whatsapp.net"), IsFromMe: true, MessageID: "X", Action: &waSyncAction.StarAction{Starred: proto.Bool(true)}},
			`messages.update [{"key":{"remoteJid":"2@s.whatsapp.net","fromMe":true,"id":"X"},"update":{"starred":true}}]` + "\n"},
		{"video call offer", &wmevents.CallOffer{BasicCallMeta: types.BasicCallMeta{From: mustJID("2@s.whatsapp.net"), Timestamp: ts, CallCreator: mustJID("2:1@s.whatsapp.net"), CallID: "C1"},
			Data: &waBinary.Node{Tag: "offer", Content: []waBinary.Node{{Tag: "video"}}}},
			`call [{"chatId":"2@s.whatsapp.net","from":"2@s.whatsapp.net","id":"C1","date":"2026-11-27T05:13:21.000Z","offline":false,"status":"offer","isVideo":true,"isGroup":false}]` + "\n"},
		{"call timeout", &wmevents.CallTerminate{BasicCallMeta: types.BasicCallMeta{From: mustJID("2@s.whatsapp.net"), Timestamp: ts, CallID: "C1"}, Reason: "timeout"},
			`call [{"chatId":"2@s.whatsapp.net","from":"2@s.whatsapp.net","id":"C1","date":"2026-11-27T05:13:21.000Z","offline":false,"status":"timeout"}]` + "\n"},
	}
	for _, c := range cases {
		check(t, c.name, tr.Translate(ctx, c.evt), c.want)
	}
}

func TestHistorySync(t *testing.T) {
	tr := New(newLookups(), Options{})
	wmi := &waWeb.WebMessageInfo{Key: &waCommon.MessageKey{RemoteJID: proto.String("2@s.whatsapp.net"), FromMe: proto.Bool(false), ID: proto.String("H1")},
		Message: &waE2E.Message{Conversation: proto.String("old")}, MessageTimestamp: proto.Uint64(100)}
	hs := &wmevents.HistorySync{Data: &waHistorySync.HistorySync{
		SyncType: waHistorySync.HistorySync_INITIAL_BOOTSTRAP.Enum(), Progress: proto.Uint32(50),
		Conversations: []*waHistorySync.Conversation{{ID: proto.String("2@s.whatsapp.net"), Name: proto.String("Bob"), UnreadCount: proto.Uint32(1),
			Messages: []*waHistorySync.HistorySyncMsg{{Message: wmi}}}},
		Pushnames:                []*waHistorySync.Pushname{{ID: proto.String("3@s.whatsapp.net"), Pushname: proto.String("Carol")}},
		PhoneNumberToLidMappings: []*waHistorySync.PhoneNumberToLIDMapping{{PnJID: proto.String("3@s.whatsapp.net"), LidJID: proto.String("33@lid")}},
	}}
	got := tr.Translate(context.Background(), hs)
	if len(got) != 1 || got[0].Name != "messaging-history.set" {
		t.Fatalf("%s", render(got))
	}
	p := got[0].Payload.(*jsval.Object)
	for key, want := range map[string]string{
		"contacts":      `[{"id":"2@s.whatsapp.net","name":"Bob"},{"id":"3@s.whatsapp.net","notify":"Carol"}]`,
		"isLatest":      `true`,
		"progress":      `50`,
		"syncType":      `0`,
		"lidPnMappings": `[{"lid":"33@lid","pn":"3@s.whatsapp.net"}]`,
	} {
		v, _ := p.Get(key)
		if s := jsval.Stringify(v); s != want {
			t.Errorf("%s = %s want %s", key, s, want)
		}
	}
	chats, _ := p.Get("chats")
	chat := chats.(jsval.Array)[0].(*jsval.Object)
	if chat.Has("messages") {
		t.Error("chat must not carry its messages")
	}
	if id, _ := chat.Get("id"); id != "2@s.whatsapp.net" {
		t.Errorf("chat id %v", id)
	}
	if n, _ := chat.Get("unreadCount"); n != int64(1) {
		t.Errorf("unreadCount %v", n)
	}
	msgs, _ := p.Get("messages")
	m := msgs.(jsval.Array)[0].(*jsval.Object)
	key, _ := m.Get("key")
	content, _ := m.Get("message")
	if jsval.Stringify(key) != `{"remoteJid":"2@s.whatsapp.net","fromMe":false,"id":"H1"}` || jsval.Stringify(content) != `{"conversation":"old"}` {
		t.Errorf("message %s", jsval.Stringify(m))
	}
}

func TestCloseError(t *testing.T) {
	if e, ok := CloseError(&wmevents.StreamReplaced{}); !ok || e.Status != 440 {
		t.Fatalf("%v %v", e, ok)
	}
	if e, ok := CloseError(&wmevents.CATRefreshError{Error: errors.New("x")}); !ok || e.Status != 500 || !errors.Is(e, e.Err) {
		t.Fatalf("%v %v", e, ok)
	}
	if _, ok := CloseError(&wmevents.Connected{}); ok {
		t.Fatal("connected does not close")
	}
}

// TestZeroEventsDoNotPanic feeds every handled event type with nothing set:
// translation must cope with whatever whatsmeow leaves empty.
func TestZeroEventsDoNotPanic(t *testing.T) {
	tr := New(&fakeLookups{}, Options{ParticipantObjects: true})
	for _, evt := range []any{
		&wmevents.Message{}, &wmevents.UndecryptableMessage{}, &wmevents.Receipt{}, &wmevents.ChatPresence{}, &wmevents.Presence{},
		&wmevents.JoinedGroup{}, &wmevents.GroupInfo{}, &wmevents.Picture{}, &wmevents.UserAbout{}, &wmevents.BusinessName{},
		&wmevents.Contact{}, &wmevents.Blocklist{}, &wmevents.Archive{}, &wmevents.Pin{}, &wmevents.Mute{}, &wmevents.MarkChatAsRead{},
		&wmevents.DeleteChat{}, &wmevents.ClearChat{}, &wmevents.DeleteForMe{}, &wmevents.Star{}, &wmevents.CallOffer{},
		&wmevents.CallOfferNotice{}, &wmevents.CallAccept{}, &wmevents.CallTerminate{}, &wmevents.CallReject{},
		&wmevents.HistorySync{}, &wmevents.PushNameSetting{}, &wmevents.QR{}, &wmevents.PairSuccess{}, &wmevents.Connected{},
		&wmevents.OfflineSyncCompleted{}, &wmevents.Disconnected{}, &wmevents.StreamReplaced{}, &wmevents.LoggedOut{},
		&wmevents.TemporaryBan{}, &wmevents.ConnectFailure{}, &wmevents.ClientOutdated{}, &wmevents.StreamError{},
		&wmevents.CATRefreshError{}, &wmevents.ManualLoginReconnect{}, &wmevents.MediaRetry{}, "not an event", nil,
	} {
		for _, e := range tr.Translate(context.Background(), evt) {
			if err := jsval.Check(e.Payload); err != nil {
				t.Errorf("%T: %v", evt, err)
			}
		}
	}
}

func TestMediaRetry(t *testing.T) {
	tr := New(newLookups(), Options{})
	ok := &wmevents.MediaRetry{ChatID: mustJID("120363@g.us"), SenderID: mustJID("2@s.whatsapp.net"), MessageID: "IMG", Ciphertext: []byte{1}, IV: []byte{2}}
	check(t, "retry ok", tr.Translate(context.Background(), ok),
		`messages.media-update [{"key":{"remoteJid":"120363@g.us","fromMe":false,"id":"IMG","participant":"2@s.whatsapp.net"},"media":{"ciphertext":{"type":"Buffer","data":[1]},"iv":{"type":"Buffer","data":[2]}}}]`+"\n")
	failed := &wmevents.MediaRetry{ChatID: mustJID("2@s.whatsapp.net"), MessageID: "IMG", FromMe: true, Error: &wmevents.MediaRetryError{Code: 2}}
	got := tr.Translate(context.Background(), failed)
	item := got[0].Payload.(jsval.Array)[0].(*jsval.Object)
	errV, _ := item.Get("error")
	if err := errV.(error); errs.StatusOf(err) != 404 || err.Error() != "Failed to re-upload media (2)" {
		t.Fatalf("error = %v", err)
	}
}
