package events

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/content"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
	"github.com/botrt/botrt/sim/testkit"
)

// clientLookups answers for a testkit client.
type clientLookups struct{ c *testkit.Client }

func (l clientLookups) Me() Me                                        { return Me{ID: l.c.JID(), Name: l.c.Name()} }
func (l clientLookups) PNForLID(context.Context, types.JID) types.JID { return types.EmptyJID }
func (l clientLookups) LIDForPN(context.Context, types.JID) types.JID { return types.EmptyJID }
func (l clientLookups) DecryptPollVote(ctx context.Context, e *wmevents.Message) (*waE2E.PollVoteMessage, error) {
	return l.c.WA.DecryptPollVote(ctx, e)
}

// get reads a dotted path out of a payload (numbers index arrays).
func get(t *testing.T, v jsval.Value, path ...any) jsval.Value {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			o, ok := v.(*jsval.Object)
			if !ok {
				t.Fatalf("%v: not an object at %q in %s", path, k, jsval.Stringify(v))
			}
			v, _ = o.Get(k)
		case int:
			a, ok := v.(jsval.Array)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no item %d in %s", path, k, jsval.Stringify(v))
			}
			v = a[k]
		}
	}
	return v
}

// find returns the first event named name.
func find(t *testing.T, evts []Event, name string) jsval.Value {
	t.Helper()
	for _, e := range evts {
		if e.Name == name {
			return e.Payload
		}
	}
	t.Fatalf("no %s in %s", name, render(evts))
	return nil
}

// TestAgainstSimulator sends content built by protocol/content between two
// unmodified whatsmeow clients through the simulator and translates what
// arrives, so the shapes are checked on events whatsmeow really produces.
func TestAgainstSimulator(t *testing.T) {
	srv := testkit.NewServer(t)
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	alicePhone := testkit.NewClient(t, srv, testkit.SameAccount(alice))
	bob := testkit.NewClient(t, srv, testkit.Name("Bob"))
	ta := New(clientLookups{alice}, Options{})
	tb := New(clientLookups{bob}, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	builder := &content.Builder{Upload: alice.WA}

	send := func(from *testkit.Client, to types.JID, c, opts jsval.Value) string {
		t.Helper()
		built, err := builder.Build(ctx, content.Target{Chat: to, Me: from.JID()}, c, opts)
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		resp, err := from.WA.SendMessage(ctx, to, built.Message)
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		return resp.ID
	}

	// Bob pings; Alice sees a notify upsert in Baileys' shape.
	ping := bob.SendText(t, alice.UserJID(), "!ping")
	got := ta.Translate(ctx, alice.WaitMessage(t, testkit.Text("!ping")))
	up := find(t, got, "messages.upsert")
	if get(t, up, "type") != "notify" || get(t, up, "messages", 0, "key", "remoteJid") != bob.UserJID().String() ||
		get(t, up, "messages", 0, "key", "fromMe") != false || get(t, up, "messages", 0, "key", "id") != ping.ID ||
		get(t, up, "messages", 0, "pushName") != "Bob" || get(t, up, "messages", 0, "message", "conversation") != "!ping" ||
		get(t, up, "messages", 0, "messageTimestamp") != ping.Timestamp.Unix() {
		t.Fatalf("upsert = %s", jsval.Stringify(up))
	}
	if get(t, find(t, got, "contacts.update"), 0, "notify") != "Bob" {
		t.Fatal("contacts.update")
	}
	pingMsg := get(t, up, "messages", 0)

	// Alice answers quoting it; Bob's payload carries the quote.
	pong := send(alice, bob.UserJID(), obj("text", "pong"), obj("quoted", pingMsg))
	got = tb.Translate(ctx, bob.WaitMessage(t, testkit.Text("pong")))
	m := get(t, find(t, got, "messages.upsert"), "messages", 0, "message", "extendedTextMessage")
	if get(t, m, "contextInfo", "stanzaId") != ping.ID || get(t, m, "contextInfo", "participant") != bob.UserJID().String() ||
		get(t, m, "contextInfo", "quotedMessage", "conversation") != "!ping" {
		t.Fatalf("reply = %s", jsval.Stringify(m))
	}

	// Alice's other device sees the pong as her own message, unwrapped from
	// deviceSentMessage, with the chat as remoteJid.
	got = New(clientLookups{alicePhone}, Options{}).Translate(ctx, alicePhone.WaitMessage(t, testkit.Text("pong")))
	mine := get(t, find(t, got, "messages.upsert"), "messages", 0)
	if get(t, mine, "key", "fromMe") != true || get(t, mine, "key", "remoteJid") != bob.UserJID().String() ||
		get(t, mine, "status") != int64(2) || get(t, mine, "message", "extendedTextMessage", "text") != "pong" {
		t.Fatalf("own copy = %s", jsval.Stringify(mine))
	}
	for _, e := range got {
		if e.Name == "contacts.update" {
			t.Fatal("own messages must not update contacts")
		}
	}

	// Bob reacts to Alice's pong: Alice sees the reaction on her own message.
	pongKey := obj("remoteJid", alice.UserJID().String(), "fromMe", false, "id", pong)
	send(bob, alice.UserJID(), obj("react", obj("text", "👍", "key", pongKey)), nil)
	got = ta.Translate(ctx, alice.WaitMessage(t, func(e *wmevents.Message) bool { return e.Message.GetReactionMessage() != nil }))
	r := find(t, got, "messages.reaction")
	if get(t, r, 0, "key", "id") != pong || get(t, r, 0, "key", "fromMe") != true || get(t, r, 0, "reaction", "text") != "👍" ||
		get(t, r, 0, "reaction", "key", "remoteJid") != bob.UserJID().String() {
		t.Fatalf("reaction = %s", jsval.Stringify(r))
	}

	// Alice edits and then deletes her pong: Bob gets messages.update for both.
	own := obj("remoteJid", bob.UserJID().String(), "fromMe", true, "id", pong)
	send(alice, bob.UserJID(), obj("text", "pong!", "edit", own), nil)
	got = tb.Translate(ctx, bob.WaitMessage(t, func(e *wmevents.Message) bool {
		return e.Message.GetProtocolMessage().GetType() == waE2E.ProtocolMessage_MESSAGE_EDIT
	}))
	u := find(t, got, "messages.update")
	if get(t, u, 0, "key", "id") != pong || get(t, u, 0, "update", "message", "editedMessage", "message", "extendedTextMessage", "text") != "pong!" {
		t.Fatalf("edit = %s", jsval.Stringify(u))
	}
	send(alice, bob.UserJID(), obj("delete", own), nil)
	got = tb.Translate(ctx, bob.WaitMessage(t, func(e *wmevents.Message) bool {
		return e.Message.GetProtocolMessage().GetType() == waE2E.ProtocolMessage_REVOKE
	}))
	u = find(t, got, "messages.update")
	if get(t, u, 0, "key", "id") != pong || get(t, u, 0, "update", "messageStubType") != int64(stubRevoke) {
		t.Fatalf("revoke = %s", jsval.Stringify(u))
	}

	checkPoll(ctx, t, alice, bob, ta)
	checkMedia(ctx, t, alice, bob, tb, builder)
	checkGroup(ctx, t, alice, bob, tb, builder)

	// Bob reads Alice's messages: Alice gets a READ status update.
	if err := bob.WA.MarkRead(ctx, []types.MessageID{pong}, time.Now(), alice.UserJID(), alice.JID()); err != nil {
		t.Fatal(err)
	}
	got = ta.Translate(ctx, alice.WaitReceipt(t, pong, string(types.ReceiptTypeRead)))
	u = find(t, got, "messages.update")
	if get(t, u, 0, "key", "id") != pong || get(t, u, 0, "key", "fromMe") != true || get(t, u, 0, "update", "status") != int64(4) {
		t.Fatalf("receipt = %s", jsval.Stringify(u))
	}
}

// checkPoll creates a poll with protocol/content, votes with whatsmeow and
// checks the decrypted vote and its aggregation.
func checkPoll(ctx context.Context, t *testing.T, alice, bob *testkit.Client, ta *Translator) {

	built, err := (&content.Builder{}).Build(ctx, content.Target{Chat: bob.UserJID(), Me: alice.JID()},
		obj("poll", obj("name", "Lunch?", "values", jsval.Array{"Pizza", "Sushi"}, "selectableCount", int64(1))), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := alice.WA.SendMessage(ctx, bob.UserJID(), built.Message)
	if err != nil {
		t.Fatal(err)
	}
	pollEvt := bob.WaitMessage(t, func(e *wmevents.Message) bool { return e.Message.GetPollCreationMessageV3() != nil })
	vote, err := bob.WA.BuildPollVote(ctx, &pollEvt.Info, []string{"Sushi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.WA.SendMessage(ctx, alice.UserJID(), vote); err != nil {
		t.Fatal(err)
	}
	voteEvt := alice.WaitMessage(t, func(e *wmevents.Message) bool { return e.Message.GetPollUpdateMessage() != nil })
	got := ta.Translate(ctx, voteEvt)
	u := find(t, got, "messages.update")
	if get(t, u, 0, "key", "id") != resp.ID || get(t, u, 0, "key", "fromMe") != true {
		t.Fatalf("poll update key = %s", jsval.Stringify(u))
	}
	pollMsg := wamsg.ToObject(built.Message)
	results := wamsg.AggregatePollVotes(pollMsg, get(t, u, 0, "update", "pollUpdates").(jsval.Array), alice.UserJID().String())
	// getKeyAuthor prefers the key's alternate address, here Bob's LID.
	voter := voteEvt.Info.SenderAlt.ToNonAD().String()
	want := `[{"name":"Pizza","voters":[]},{"name":"Sushi","voters":["` + voter + `"]}]`
	if s := jsval.Stringify(results); s != want {
		t.Fatalf("aggregate = %s want %s", s, want)
	}
}

// checkGroup runs a group through the simulator: creation as chats.upsert and
// groups.upsert, a mentioning group message with participant in its key,
// a promotion and a subject change, and groupMetadata's shape.
func checkGroup(ctx context.Context, t *testing.T, alice, bob *testkit.Client, tb *Translator, builder *content.Builder) {
	info, err := alice.WA.CreateGroup(ctx, whatsmeow.ReqCreateGroup{Name: "Team", Participants: []types.JID{bob.UserJID()}})
	if err != nil {
		t.Fatalf("create group: %v", err)
	}
	gid := info.JID
	got := tb.Translate(ctx, testkit.WaitFor(t, bob, func(e *wmevents.JoinedGroup) bool { return e.JID == gid }))
	if get(t, find(t, got, "chats.upsert"), 0, "name") != "Team" || get(t, find(t, got, "groups.upsert"), 0, "id") != gid.String() ||
		len(get(t, find(t, got, "groups.upsert"), 0, "participants").(jsval.Array)) != 2 {
		t.Fatalf("joined = %s", render(got))
	}

	built, err := builder.Build(ctx, content.Target{Chat: gid, Me: alice.JID()},
		obj("text", "hi @bob", "mentions", jsval.Array{bob.UserJID().String()}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.WA.SendMessage(ctx, gid, built.Message); err != nil {
		t.Fatal(err)
	}
	got = tb.Translate(ctx, bob.WaitMessage(t, testkit.Text("hi @bob")))
	msg := get(t, find(t, got, "messages.upsert"), "messages", 0)
	if get(t, msg, "key", "remoteJid") != gid.String() || get(t, msg, "key", "participant") != alice.UserJID().String() ||
		get(t, msg, "message", "extendedTextMessage", "contextInfo", "mentionedJid", 0) != bob.UserJID().String() {
		t.Fatalf("group message = %s", jsval.Stringify(msg))
	}

	if _, err := alice.WA.UpdateGroupParticipants(ctx, gid, []types.JID{bob.UserJID()}, whatsmeow.ParticipantChangePromote); err != nil {
		t.Fatal(err)
	}
	got = tb.Translate(ctx, testkit.WaitFor(t, bob, func(e *wmevents.GroupInfo) bool { return e.JID == gid && len(e.Promote) > 0 }))
	p := find(t, got, "group-participants.update")
	if get(t, p, "action") != "promote" || get(t, p, "participants", 0) != bob.UserJID().String() || get(t, p, "author") != alice.UserJID().String() {
		t.Fatalf("promote = %s", jsval.Stringify(p))
	}
	if err := alice.WA.SetGroupName(ctx, gid, "Team 2"); err != nil {
		t.Fatal(err)
	}
	got = tb.Translate(ctx, testkit.WaitFor(t, bob, func(e *wmevents.GroupInfo) bool { return e.JID == gid && e.Name != nil }))
	if g := find(t, got, "groups.update"); get(t, g, 0, "subject") != "Team 2" {
		t.Fatalf("subject = %s", jsval.Stringify(g))
	}

	full, err := bob.WA.GetGroupInfo(ctx, gid)
	if err != nil {
		t.Fatal(err)
	}
	md := GroupMetadata(full)
	admins := map[string]jsval.Value{}
	for _, p := range get(t, md, "participants").(jsval.Array) {
		admins[get(t, p, "id").(string)] = get(t, p, "admin")
	}
	if get(t, md, "subject") != "Team 2" || get(t, md, "size") != int64(2) || admins[alice.UserJID().String()] != "superadmin" ||
		admins[bob.UserJID().String()] != "admin" {
		t.Fatalf("metadata = %s", jsval.Stringify(md))
	}
}

// checkMedia sends an image and a document built by protocol/content (real
// uploads to the simulator's media server), then finds the media in the
// translated WAMessage with wamsg.MediaOf and downloads it as
// downloadMediaMessage would.
func checkMedia(ctx context.Context, t *testing.T, alice, bob *testkit.Client, tb *Translator, builder *content.Builder) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		content *jsval.Object
		kind    string
		data    []byte
	}{
		{obj("image", pngBuf.Bytes(), "caption", "chart"), "imageMessage", pngBuf.Bytes()},
		{obj("document", []byte("a,b\n1,2\n"), "mimetype", "text/csv", "fileName", "data.csv", "caption", "sheet"), "documentMessage", []byte("a,b\n1,2\n")},
	} {
		built, err := builder.Build(ctx, content.Target{Chat: bob.UserJID(), Me: alice.JID()}, c.content, nil)
		if err != nil {
			t.Fatalf("build %s: %v", c.kind, err)
		}
		resp, err := alice.WA.SendMessage(ctx, bob.UserJID(), built.Message)
		if err != nil {
			t.Fatal(err)
		}
		got := tb.Translate(ctx, bob.WaitMessage(t, func(e *wmevents.Message) bool { return e.Info.ID == resp.ID }))
		msg := get(t, find(t, got, "messages.upsert"), "messages", 0, "message")
		media, err := wamsg.MediaOf(msg)
		if err != nil {
			t.Fatalf("%s: MediaOf: %v", c.kind, err)
		}
		data, err := bob.WA.Download(ctx, media.Message)
		if err != nil || !bytes.Equal(data, c.data) {
			t.Fatalf("%s: download: %v", c.kind, err)
		}
		if c.kind == "imageMessage" && (get(t, msg, "imageMessage", "width") != int64(40) || get(t, msg, "imageMessage", "mimetype") != "image/jpeg" ||
			len(get(t, msg, "imageMessage", "jpegThumbnail").([]byte)) == 0) {
			t.Fatalf("image = %s", jsval.Stringify(get(t, msg, "imageMessage", "caption")))
		}
		if c.kind == "documentMessage" && get(t, msg, "documentMessage", "fileName") != "data.csv" {
			t.Fatalf("document fileName = %v", get(t, msg, "documentMessage", "fileName"))
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
