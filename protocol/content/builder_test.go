package content

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/jsval"
	"github.com/botrt/botrt/protocol/wamsg"
)

var (
	now   = time.Unix(1795756401, 0)
	group = types.NewJID("120363000000000001", types.GroupServer)
	alice = types.NewJID("15552223333", types.DefaultUserServer)
	me    = types.JID{User: "15550000000", Device: 7, Server: types.DefaultUserServer}
)

func obj(kv ...any) *jsval.Object {
	o := jsval.NewObject()
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// fakeUploader records uploads and answers like whatsmeow's Upload.
type fakeUploader struct {
	mu       sync.Mutex
	calls    []whatsmeow.MediaType
	data     [][]byte
	deadline bool
	err      error
}

func (f *fakeUploader) Upload(ctx context.Context, data []byte, mt whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, mt)
	f.data = append(f.data, data)
	_, f.deadline = ctx.Deadline()
	if f.err != nil {
		return whatsmeow.UploadResponse{}, f.err
	}
	return whatsmeow.UploadResponse{URL: "https://mmg.test/x", DirectPath: "/v/x", MediaKey: []byte{1}, FileEncSHA256: []byte{2},
		FileSHA256: []byte{3}, FileLength: uint64(len(data))}, nil
}

func newBuilder() (*Builder, *fakeUploader) {
	up := &fakeUploader{}
	return &Builder{Upload: up, Now: func() time.Time { return now }, Rand: bytes.NewReader(bytes.Repeat([]byte{9}, 1024))}, up
}

func build(t *testing.T, b *Builder, chat types.JID, content, options jsval.Value) *Built {
	t.Helper()
	out, err := b.Build(context.Background(), Target{Chat: chat, Me: me}, content, options)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if out.Message != nil {
		if _, err := proto.Marshal(out.Message); err != nil {
			t.Fatalf("built message does not marshal: %v", err)
		}
	}
	return out
}

func wantBadField(t *testing.T, err error, status int, path string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Status != status {
		t.Fatalf("err = %v, want status %d", err, status)
	}
	if rest, ok := strings.CutPrefix(e.Message, path); !ok || rest == "" || !strings.ContainsRune(":[.", rune(rest[0])) {
		t.Fatalf("message %q does not name %s", e.Message, path)
	}
}

// receivedGroupText is a WAMessage as messages.upsert delivers it.
func receivedGroupText(text string) *jsval.Object {
	info := types.MessageInfo{MessageSource: types.MessageSource{Chat: group, Sender: types.NewJID("15554445555", types.DefaultUserServer), IsGroup: true},
		ID: "Q1", Timestamp: now}
	return wamsg.Received(&info, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{"x@s.whatsapp.net"}}}, MessageContextInfo: &waE2E.MessageContextInfo{}})
}

func TestText(t *testing.T) {
	b, _ := newBuilder()
	m := build(t, b, alice, obj("text", "hi"), nil).Message
	if m.GetExtendedTextMessage().GetText() != "hi" || m.Conversation != nil {
		t.Fatalf("text = %v", m)
	}
	m = build(t, b, group, obj("text", "@a @b", "mentions", jsval.Array{"a@s.whatsapp.net", "b@s.whatsapp.net"}), nil).Message
	if got := m.GetExtendedTextMessage().GetContextInfo().GetMentionedJID(); len(got) != 2 || got[1] != "b@s.whatsapp.net" {
		t.Fatalf("mentions = %v", got)
	}
	lp := obj("matched-text", "https://x.test", "title", "X", "description", "d", "jpegThumbnail", []byte{1})
	m = build(t, b, alice, obj("text", "see https://x.test", "linkPreview", lp), obj("backgroundColor", "#112233", "font", int64(2))).Message
	et := m.GetExtendedTextMessage()
	if et.GetMatchedText() != "https://x.test" || et.GetTitle() != "X" || string(et.GetJPEGThumbnail()) != "\x01" ||
		et.GetBackgroundArgb() != 0xFF112233 || et.GetFont() != 2 {
		t.Fatalf("link preview = %v", et)
	}
	_, err := b.Build(context.Background(), Target{Chat: alice}, obj("text", int64(5)), nil)
	wantBadField(t, err, 400, "content.text")
	_, err = b.Build(context.Background(), Target{Chat: alice}, obj("text", "x", "mentions", "a"), nil)
	wantBadField(t, err, 400, "content.mentions")
}

func TestQuotedReply(t *testing.T) {
	b, _ := newBuilder()
	quoted := receivedGroupText("original")
	m := build(t, b, group, obj("text", "reply"), obj("quoted", quoted)).Message
	ci := m.GetExtendedTextMessage().GetContextInfo()
	if ci.GetStanzaID() != "Q1" || ci.GetParticipant() != "15554445555@s.whatsapp.net" || ci.RemoteJID != nil {
		t.Fatalf("contextInfo = %v", ci)
	}
	q := ci.GetQuotedMessage()
	if q.GetExtendedTextMessage().GetText() != "original" || q.GetExtendedTextMessage().GetContextInfo() != nil || q.MessageContextInfo != nil {
		t.Fatalf("quotedMessage must hold only the content without its contextInfo: %v", q)
	}
	// Replying in another chat names the quoted chat; quoting an own
	// message names this account without its device.
	own := wamsg.Sent(group, "MINE", &waE2E.Message{Conversation: proto.String("mine")}, now, me)
	m = build(t, b, alice, obj("text", "x"), obj("quoted", own)).Message
	ci = m.GetExtendedTextMessage().GetContextInfo()
	if ci.GetParticipant() != "15550000000@s.whatsapp.net" || ci.GetRemoteJID() != group.String() || ci.GetQuotedMessage().GetConversation() != "mine" {
		t.Fatalf("contextInfo = %v", ci)
	}
	// Quoting keeps mentions given in the content.
	m = build(t, b, group, obj("text", "x", "mentions", jsval.Array{"m@s.whatsapp.net"}), obj("quoted", quoted)).Message
	if ci := m.GetExtendedTextMessage().GetContextInfo(); len(ci.GetMentionedJID()) != 1 || ci.GetStanzaID() != "Q1" {
		t.Fatalf("contextInfo = %v", ci)
	}
	_, err := b.Build(context.Background(), Target{Chat: group}, obj("text", "x"), obj("quoted", obj("message", obj())))
	wantBadField(t, err, 400, "options.quoted.key")
}

func TestOptions(t *testing.T) {
	b, _ := newBuilder()
	out := build(t, b, alice, obj("text", "x"), obj("ephemeralExpiration", int64(86400), "messageId", "MYID",
		"timestamp", now, "statusJidList", jsval.Array{"a@s.whatsapp.net"}))
	if out.Message.GetExtendedTextMessage().GetContextInfo().GetExpiration() != 86400 || out.ID != "MYID" ||
		!out.Timestamp.Equal(now) || len(out.StatusJIDList) != 1 {
		t.Fatalf("out = %+v", out)
	}
	out = build(t, b, alice, obj("text", "x"), obj("ephemeralExpiration", "604800"))
	if out.Message.GetExtendedTextMessage().GetContextInfo().GetExpiration() != 604800 {
		t.Fatal("string expiration")
	}
	// Protocol messages get no expiration, as in Baileys.
	key := obj("remoteJid", alice.String(), "fromMe", true, "id", "X")
	out = build(t, b, alice, obj("delete", key), obj("ephemeralExpiration", int64(86400)))
	if out.Message.GetProtocolMessage() == nil {
		t.Fatal("delete")
	}
	for name, opts := range map[string]jsval.Value{
		"options":                     "x",
		"options.messageId":           obj("messageId", int64(1)),
		"options.timestamp":           obj("timestamp", "now"),
		"options.ephemeralExpiration": obj("ephemeralExpiration", "soon"),
		"options.statusJidList":       obj("statusJidList", jsval.Array{int64(1)}),
	} {
		_, err := b.Build(context.Background(), Target{Chat: alice}, obj("text", "x"), opts)
		wantBadField(t, err, 400, strings.SplitN(name+"[", "[", 2)[0])
	}
}

func TestSimpleVariants(t *testing.T) {
	b, _ := newBuilder()
	key := obj("remoteJid", group.String(), "fromMe", false, "id", "T1", "participant", "2@s.whatsapp.net")

	m := build(t, b, group, obj("react", obj("text", "❤️", "key", key)), nil).Message
	if r := m.GetReactionMessage(); r.GetText() != "❤️" || r.GetKey().GetID() != "T1" || r.GetKey().GetParticipant() != "2@s.whatsapp.net" ||
		r.GetSenderTimestampMS() != now.UnixMilli() {
		t.Fatalf("react = %v", r)
	}
	m = build(t, b, group, obj("react", obj("key", key)), nil).Message
	if r := m.GetReactionMessage(); r.Text == nil || r.GetText() != "" {
		t.Fatal("reaction removal must send an empty text")
	}

	m = build(t, b, group, obj("delete", key), nil).Message
	if p := m.GetProtocolMessage(); p.GetType() != waE2E.ProtocolMessage_REVOKE || p.GetKey().GetID() != "T1" || p.GetKey().GetFromMe() {
		t.Fatalf("delete = %v", p)
	}

	m = build(t, b, alice, obj("text", "fixed", "edit", obj("remoteJid", alice.String(), "fromMe", true, "id", "E1")), nil).Message
	if p := m.GetProtocolMessage(); p.GetType() != waE2E.ProtocolMessage_MESSAGE_EDIT || p.GetKey().GetID() != "E1" ||
		p.GetEditedMessage().GetExtendedTextMessage().GetText() != "fixed" || p.GetTimestampMS() != now.UnixMilli() {
		t.Fatalf("edit = %v", p)
	}

	m = build(t, b, alice, obj("location", obj("degreesLatitude", -33.86, "degreesLongitude", 151.2, "name", "Sydney")), nil).Message
	if l := m.GetLocationMessage(); l.GetDegreesLatitude() != -33.86 || l.GetName() != "Sydney" {
		t.Fatalf("location = %v", l)
	}

	vcard := "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD"
	one := obj("contacts", obj("displayName", "A", "contacts", jsval.Array{obj("displayName", "A", "vcard", vcard)}))
	if c := build(t, b, alice, one, nil).Message.GetContactMessage(); c.GetVcard() != vcard {
		t.Fatalf("contact = %v", c)
	}
	two := obj("contacts", obj("displayName", "2 contacts", "contacts", jsval.Array{obj("vcard", vcard), obj("vcard", vcard)}))
	if c := build(t, b, alice, two, nil).Message.GetContactsArrayMessage(); len(c.GetContacts()) != 2 || c.GetDisplayName() != "2 contacts" {
		t.Fatalf("contacts = %v", c)
	}

	m = build(t, b, alice, obj("pin", key, "type", int64(1)), nil).Message
	if m.GetPinInChatMessage().GetType() != waE2E.PinInChatMessage_PIN_FOR_ALL || m.GetMessageContextInfo().GetMessageAddOnDurationInSecs() != 86400 {
		t.Fatalf("pin = %v", m)
	}
	m = build(t, b, alice, obj("pin", key, "type", int64(2)), nil).Message
	if m.GetMessageContextInfo().GetMessageAddOnDurationInSecs() != 0 {
		t.Fatal("unpin duration")
	}

	m = build(t, b, alice, obj("groupInvite", obj("inviteCode", "C", "inviteExpiration", int64(5), "text", "join", "jid", group.String(), "subject", "G")), nil).Message
	if g := m.GetGroupInviteMessage(); g.GetInviteCode() != "C" || g.GetCaption() != "join" || g.GetGroupJID() != group.String() || g.GetInviteExpiration() != 5 {
		t.Fatalf("invite = %v", g)
	}

	m = build(t, b, alice, obj("buttonReply", obj("displayText", "Yes", "id", "y", "index", int64(1)), "type", "template"), nil).Message
	if r := m.GetTemplateButtonReplyMessage(); r.GetSelectedID() != "y" || r.GetSelectedIndex() != 1 {
		t.Fatalf("template reply = %v", r)
	}
	m = build(t, b, alice, obj("buttonReply", obj("displayText", "Yes", "id", "y"), "type", "plain"), nil).Message
	if r := m.GetButtonsResponseMessage(); r.GetSelectedButtonID() != "y" || r.GetSelectedDisplayText() != "Yes" {
		t.Fatalf("buttons reply = %v", r)
	}
	m = build(t, b, alice, obj("listReply", obj("title", "T", "singleSelectReply", obj("selectedRowID", "r1"))), nil).Message
	if m.GetListResponseMessage().GetTitle() != "T" {
		t.Fatalf("list reply = %v", m)
	}
	if build(t, b, alice, obj("sharePhoneNumber", true), nil).Message.GetProtocolMessage().GetType() != waE2E.ProtocolMessage_SHARE_PHONE_NUMBER {
		t.Fatal("sharePhoneNumber")
	}
	if build(t, b, alice, obj("requestPhoneNumber", true), nil).Message.GetRequestPhoneNumberMessage() == nil {
		t.Fatal("requestPhoneNumber")
	}
	if ls := build(t, b, alice, obj("limitSharing", true), nil).Message.GetProtocolMessage().GetLimitSharing(); !ls.GetSharingLimited() {
		t.Fatal("limitSharing")
	}
	ev := build(t, b, group, obj("event", obj("name", "Party", "startDate", now, "endDate", now.Add(time.Hour))), nil).Message
	if ev.GetEventMessage().GetStartTime() != now.Unix() || len(ev.GetMessageContextInfo().GetMessageSecret()) != 32 {
		t.Fatalf("event = %v", ev)
	}
	if a := build(t, b, group, obj("album", obj("expectedImageCount", int64(2))), nil).Message.GetAlbumMessage(); a.GetExpectedImageCount() != 2 {
		t.Fatal("album")
	}
}

func TestVariantErrors(t *testing.T) {
	b, _ := newBuilder()
	cases := []struct {
		content jsval.Value
		status  int
		path    string
	}{
		{"text", 400, "content"},
		{obj("foo", int64(1)), 400, "content"},
		{obj("text", "x", "buttons", jsval.Array{}), 400, "content.buttons"},
		{obj("text", "x", "sections", jsval.Array{}), 400, "content.sections"},
		{obj("product", obj()), 501, "content.product"},
		{obj("event", obj("name", "x", "startDate", now, "call", "audio")), 501, "content.event.call"},
		{obj("event", obj("name", "x", "startDate", "tomorrow")), 400, "content.event.startDate"},
		{obj("react", obj("text", "x")), 400, "content.react.key"},
		{obj("delete", obj("remoteJid", "x")), 400, "content.delete.id"},
		{obj("contacts", obj("contacts", jsval.Array{})), 400, "content.contacts.contacts"},
		{obj("location", "here"), 400, "content.location"},
		{obj("pin", obj("remoteJid", "x", "id", "y"), "type", int64(3)), 400, "content.type"},
		{obj("buttonReply", obj("id", "y"), "type", "fancy"), 400, "content.type"},
		{obj("poll", obj("values", jsval.Array{"a"})), 400, "content.poll.name"},
		{obj("poll", obj("name", "p", "values", "a,b")), 400, "content.poll.values"},
		{obj("poll", obj("name", "p", "values", jsval.Array{"a"}, "selectableCount", int64(2))), 400, "content.poll.selectableCount"},
		{obj("poll", obj("name", "p", "values", jsval.Array{"a"}, "messageSecret", []byte{1})), 400, "content.poll.messageSecret"},
		{obj("forward", obj("key", obj("remoteJid", "x", "id", "y"))), 400, "content.forward.message"},
		{obj("disappearingMessagesInChat", "week"), 400, "content.disappearingMessagesInChat"},
		{obj("text", "x", "edit", obj("id", "y")), 400, "content.edit.remoteJid"},
		{obj("text", "x", "contextInfo", obj("mentionedJid", "a")), 400, "content.contextInfo.mentionedJid"},
	}
	for _, c := range cases {
		_, err := b.Build(context.Background(), Target{Chat: alice, Me: me}, c.content, nil)
		wantBadField(t, err, c.status, c.path)
	}
}

func TestPoll(t *testing.T) {
	b, _ := newBuilder()
	values := jsval.Array{"Pizza", "Sushi"}
	m := build(t, b, group, obj("poll", obj("name", "Lunch?", "values", values, "selectableCount", int64(1))), nil).Message
	if p := m.GetPollCreationMessageV3(); p.GetName() != "Lunch?" || len(p.GetOptions()) != 2 || p.GetOptions()[1].GetOptionName() != "Sushi" || p.GetSelectableOptionsCount() != 1 {
		t.Fatalf("poll v3 = %v", m)
	}
	if s := m.GetMessageContextInfo().GetMessageSecret(); len(s) != 32 || !bytes.Equal(s, bytes.Repeat([]byte{9}, 32)) {
		t.Fatalf("secret = %x", s)
	}
	if build(t, b, group, obj("poll", obj("name", "Any", "values", values)), nil).Message.GetPollCreationMessage() == nil {
		t.Fatal("multi-select poll must be pollCreationMessage")
	}
	if build(t, b, group, obj("poll", obj("name", "A", "values", values, "toAnnouncementGroup", true)), nil).Message.GetPollCreationMessageV2() == nil {
		t.Fatal("announcement poll must be V2")
	}
	// With the real random source every poll gets its own secret.
	real := &Builder{}
	a := build(t, real, group, obj("poll", obj("name", "A", "values", values)), nil).Message.GetMessageContextInfo().GetMessageSecret()
	c := build(t, real, group, obj("poll", obj("name", "A", "values", values)), nil).Message.GetMessageContextInfo().GetMessageSecret()
	if bytes.Equal(a, c) || len(a) != 32 {
		t.Fatal("secrets must be fresh")
	}
	given := bytes.Repeat([]byte{7}, 32)
	m = build(t, b, group, obj("poll", obj("name", "A", "values", values, "messageSecret", given)), nil).Message
	if !bytes.Equal(m.GetMessageContextInfo().GetMessageSecret(), given) {
		t.Fatal("given secret must be used")
	}
}

func TestForward(t *testing.T) {
	b, _ := newBuilder()
	received := receivedGroupText("fwd me")
	m := build(t, b, alice, obj("forward", received), nil).Message
	ci := m.GetExtendedTextMessage().GetContextInfo()
	if m.GetExtendedTextMessage().GetText() != "fwd me" || ci.GetForwardingScore() != 1 || !ci.GetIsForwarded() || len(ci.GetMentionedJID()) != 0 {
		t.Fatalf("forward = %v", m)
	}
	own := wamsg.Sent(alice, "O", &waE2E.Message{Conversation: proto.String("mine")}, now, me)
	m = build(t, b, group, obj("forward", own), nil).Message
	if m.GetExtendedTextMessage().GetText() != "mine" || m.GetExtendedTextMessage().GetContextInfo().GetIsForwarded() {
		t.Fatalf("own forward must not be marked: %v", m)
	}
	m = build(t, b, group, obj("forward", own, "force", true), nil).Message
	if m.GetExtendedTextMessage().GetContextInfo().GetForwardingScore() != 1 {
		t.Fatal("force")
	}
	// Forwarding a forwarded view-once image counts on.
	img := &waE2E.Message{ViewOnceMessage: &waE2E.FutureProofMessage{Message: &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Caption: proto.String("c"), ContextInfo: &waE2E.ContextInfo{ForwardingScore: proto.Uint32(4), IsForwarded: proto.Bool(true)}}}}}
	info := types.MessageInfo{MessageSource: types.MessageSource{Chat: alice, Sender: alice}, ID: "I", Timestamp: now}
	m = build(t, b, group, obj("forward", wamsg.Received(&info, img)), nil).Message
	if m.GetImageMessage().GetContextInfo().GetForwardingScore() != 5 || m.GetViewOnceMessage() != nil {
		t.Fatalf("forward image = %v", m)
	}
}

func TestDisappearingAndViewOnce(t *testing.T) {
	b, _ := newBuilder()
	out := build(t, b, group, obj("disappearingMessagesInChat", true), nil)
	if out.Message != nil || out.GroupEphemeral == nil || *out.GroupEphemeral != 604800 {
		t.Fatalf("group disappearing = %+v", out)
	}
	out = build(t, b, alice, obj("disappearingMessagesInChat", int64(86400)), nil)
	p := out.Message.GetEphemeralMessage().GetMessage().GetProtocolMessage()
	if p.GetType() != waE2E.ProtocolMessage_EPHEMERAL_SETTING || p.GetEphemeralExpiration() != 86400 || out.GroupEphemeral != nil {
		t.Fatalf("dm disappearing = %v", out.Message)
	}
	if build(t, b, alice, obj("disappearingMessagesInChat", false), nil).Message.GetEphemeralMessage().GetMessage().GetProtocolMessage().GetEphemeralExpiration() != 0 {
		t.Fatal("off")
	}
	m := build(t, b, alice, obj("image", pngBytes(t, 8, 8), "viewOnce", true, "caption", "once", "mentions", jsval.Array{"a@s.whatsapp.net"}), nil).Message
	img := m.GetViewOnceMessage().GetMessage().GetImageMessage()
	if img == nil || !img.GetViewOnce() || img.GetCaption() != "once" || len(img.GetContextInfo().GetMentionedJID()) != 1 {
		t.Fatalf("view once = %v", m)
	}
	m = build(t, b, alice, obj("text", "x", "mentions", jsval.Array{"a@s.whatsapp.net"}, "contextInfo", obj("isForwarded", true)), nil).Message
	if ci := m.GetExtendedTextMessage().GetContextInfo(); !ci.GetIsForwarded() || len(ci.GetMentionedJID()) != 1 {
		t.Fatalf("contextInfo merge = %v", ci)
	}
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, 0, color.RGBA{R: 255, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExternalAdReply covers the contextInfo "MD" bots attach most: a link
// card with a thumbnail, named as Baileys' WAProto names it.
func TestExternalAdReply(t *testing.T) {
	b, _ := newBuilder()
	card := obj("title", "Bot", "body", "menu", "thumbnailUrl", "https://x.test/t.jpg", "sourceUrl", "https://x.test",
		"mediaType", int64(1), "renderLargerThumbnail", true, "showAdAttribution", true, "thumbnail", []byte{1, 2})
	m := build(t, b, alice, obj("text", "hello", "contextInfo", obj("externalAdReply", card, "forwardingScore", int64(999), "isForwarded", true)), nil).Message
	ci := m.GetExtendedTextMessage().GetContextInfo()
	ad := ci.GetExternalAdReply()
	if ad.GetTitle() != "Bot" || ad.GetBody() != "menu" || ad.GetThumbnailURL() != "https://x.test/t.jpg" || ad.GetSourceURL() != "https://x.test" ||
		ad.GetMediaType() != waE2E.ContextInfo_ExternalAdReplyInfo_IMAGE || !ad.GetRenderLargerThumbnail() || !ad.GetShowAdAttribution() ||
		len(ad.GetThumbnail()) != 2 || ci.GetForwardingScore() != 999 || !ci.GetIsForwarded() {
		t.Fatalf("contextInfo = %v", ci)
	}
	// mediaType by name works as protobufjs' fromObject accepts it.
	m = build(t, b, alice, obj("text", "x", "contextInfo", obj("externalAdReply", obj("mediaType", "VIDEO"))), nil).Message
	if m.GetExtendedTextMessage().GetContextInfo().GetExternalAdReply().GetMediaType() != waE2E.ContextInfo_ExternalAdReplyInfo_VIDEO {
		t.Fatal("enum by name")
	}
}
