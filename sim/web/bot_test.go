package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/testkit"
)

// testBot is a whatsmeow client acting as an example-style bot: "!ping" is marked read and gets "pong"
// after a typing hint, "!group" makes a group with the sender, "!type" only starts typing, a mention of the bot is thanked, an image gets an image back, and a group it is
// added to gets a welcome.
type testBot struct {
	*testkit.Client
	ctx     context.Context
	replies sync.WaitGroup
}

// startBot connects a bot named name; its replies are waited for at cleanup.
func startBot(t *testing.T, srv *testkit.Server, name string) *testBot {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b := &testBot{Client: testkit.NewClient(t, srv, testkit.Name(name)), ctx: ctx}
	t.Cleanup(func() {
		cancel()
		b.replies.Wait()
	})
	b.WA.AddEventHandler(func(evt any) {
		switch e := evt.(type) {
		case *events.Message:
			b.onMessage(t, e)
		case *events.JoinedGroup:
			b.reply(t, e.JID, &waE2E.Message{Conversation: proto.String("welcome to " + e.Name)})
		}
	})
	return b
}

func (b *testBot) onMessage(t *testing.T, e *events.Message) {
	switch {
	case e.Message.GetConversation() == "!ping" || e.Message.GetExtendedTextMessage().GetText() == "!ping":
		b.replies.Add(1)
		go func() {
			defer b.replies.Done()
			if err := b.WA.MarkRead(b.ctx, []string{e.Info.ID}, time.Now(), e.Info.Chat, e.Info.Sender); err != nil && b.ctx.Err() == nil {
				t.Errorf("bot: mark read: %v", err)
			}
			if err := b.WA.SendChatPresence(b.ctx, e.Info.Chat, types.ChatPresenceComposing, ""); err != nil && b.ctx.Err() == nil {
				t.Errorf("bot: typing: %v", err)
			}
			b.send(t, e.Info.Chat, &waE2E.Message{Conversation: proto.String("pong")})
		}()
	case e.Message.GetConversation() == "!group":
		b.replies.Add(1)
		go func() {
			defer b.replies.Done()
			g, err := b.WA.CreateGroup(b.ctx, whatsmeow.ReqCreateGroup{Name: "Bot's club", Participants: []types.JID{e.Info.Sender.ToNonAD()}})
			if err != nil {
				if b.ctx.Err() == nil {
					t.Errorf("bot: create group: %v", err)
				}
				return
			}
			b.send(t, g.JID, &waE2E.Message{Conversation: proto.String("hello, club")})
		}()
	case e.Message.GetConversation() == "!type":
		b.replies.Add(1)
		go func() {
			defer b.replies.Done()
			if err := b.WA.SendChatPresence(b.ctx, e.Info.Chat, types.ChatPresenceComposing, ""); err != nil && b.ctx.Err() == nil {
				t.Errorf("bot: typing: %v", err)
			}
		}()
	case slices.Contains(e.Message.GetExtendedTextMessage().GetContextInfo().GetMentionedJID(), b.UserJID().String()):
		b.reply(t, e.Info.Chat, &waE2E.Message{Conversation: proto.String("thanks for the mention")})
	case e.Message.GetImageMessage() != nil:
		b.replies.Add(1)
		go func() {
			defer b.replies.Done()
			up, err := b.WA.Upload(b.ctx, replyImage(), whatsmeow.MediaImage)
			if err != nil {
				t.Errorf("bot: upload: %v", err)
				return
			}
			b.send(t, e.Info.Chat, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{URL: &up.URL,
				DirectPath: &up.DirectPath, MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256,
				FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
				Mimetype: proto.String("image/png"), Caption: proto.String("your image, squared")}})
		}()
	}
}

// reply sends m to chat off the event goroutine (whatsmeow handlers must not block on the socket).
func (b *testBot) reply(t *testing.T, chat types.JID, m *waE2E.Message) {
	b.replies.Add(1)
	go func() {
		defer b.replies.Done()
		b.send(t, chat, m)
	}()
}

func (b *testBot) send(t *testing.T, chat types.JID, m *waE2E.Message) {
	if _, err := b.WA.SendMessage(b.ctx, chat, m); err != nil && b.ctx.Err() == nil {
		t.Errorf("bot: send to %s: %v", chat, err)
	}
}

// replyImage is a small PNG the bot sends back.
func replyImage() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for x := range 32 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{R: uint8(x * 8), G: 0x80, B: uint8(y * 8), A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return buf.Bytes()
}
