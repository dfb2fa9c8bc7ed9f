package people_test

import (
	"bytes"
	"context"
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/sim/people"
	"github.com/botrt/botrt/sim/testkit"
)

// TestPersonTalksToClient checks what an ordinary whatsmeow client (a bot) sees of a person: a reply
// carries the quoted message's id, author and content in contextInfo, mentions are listed, and an
// image can be downloaded; the bot's own messages are recorded by the person.
func TestPersonTalksToClient(t *testing.T) {
	srv := testkit.NewServer(t)
	svc := srv.People
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	const phone = "15550505050"
	if _, err := svc.Create(ctx, phone, "Dora"); err != nil {
		t.Fatal(err)
	}
	bot := testkit.NewClient(t, srv)
	botMsg := bot.SendText(t, phoneJID(phone), "!help")
	if got := waitID(t, svc, phone, "", botMsg.ID); got.From != bot.UserJID().String() || got.Text != "!help" {
		t.Fatalf("person got %+v", got)
	}

	replyID, err := svc.Send(ctx, phone, people.Outgoing{To: bot.UserJID().String(), Text: "thanks @bot",
		Quoted: botMsg.ID, Mentions: []string{bot.UserJID().String()}})
	if err != nil {
		t.Fatal(err)
	}
	reply := bot.WaitMessage(t, func(m *events.Message) bool { return m.Info.ID == replyID })
	ci := reply.Message.GetExtendedTextMessage().GetContextInfo()
	if ci.GetStanzaID() != botMsg.ID || ci.GetParticipant() != bot.UserJID().String() ||
		ci.GetQuotedMessage().GetConversation() != "!help" {
		t.Errorf("reply context: %v", ci)
	}
	if m := ci.GetMentionedJID(); len(m) != 1 || m[0] != bot.UserJID().String() {
		t.Errorf("mentions: %v", m)
	}

	img := append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte{1}, 500)...)
	imgID, err := svc.Send(ctx, phone, people.Outgoing{To: bot.UserJID().String(), Image: img, Caption: "look"})
	if err != nil {
		t.Fatal(err)
	}
	evt := bot.WaitMessage(t, func(m *events.Message) bool { return m.Info.ID == imgID })
	im := evt.Message.GetImageMessage()
	if im.GetCaption() != "look" || im.GetMimetype() != "image/jpeg" {
		t.Errorf("image message: caption %q mimetype %q", im.GetCaption(), im.GetMimetype())
	}
	data, err := bot.WA.Download(ctx, im)
	if err != nil || !bytes.Equal(data, img) {
		t.Errorf("bot downloads the image: %v (%d bytes)", err, len(data))
	}
}

func phoneJID(phone string) types.JID { return types.NewJID(phone, types.DefaultUserServer) }
