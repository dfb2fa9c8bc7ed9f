package compat

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/jsapi/baileys/baileystest"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime/runtimetest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// nodeBot runs bots/<name> with node and real Baileys (pkg) against srv, pairs it as a new account and
// waits for its login. It returns the bot's device.
func nodeBot(ctx context.Context, t *testing.T, srv *testkit.Server, name, pkg, pushName string) types.JID {
	t.Helper()
	requireModules(t)
	p, err := StartPeer(ctx, PeerOptions{Script: "bots/" + name, Package: pkg, WorkDir: t.TempDir(), Stderr: logWriter(t),
		Env: []string{"WA_URL=ws://" + srv.Addr() + "/ws/chat"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("close node bot: %v", err)
		}
	})
	qr, err := p.WaitEv(ctx, "qr")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := srv.Pairer.Link(ctx, qr.QR, auth.LinkOptions{Name: pushName})
	if err != nil {
		t.Fatalf("link the node bot: %v", err)
	}
	if _, err := p.WaitEv(ctx, "open"); err != nil {
		t.Fatal(err)
	}
	phoneSync(ctx, t, srv, dev.JID())
	return dev.JID()
}

// botrtBot runs the same script in botrt (runtime + Baileys module + protocol sessions on a badger
// store) against srv, pairs it as a new account and waits for its login.
func botrtBot(t *testing.T, srv *testkit.Server, script, pushName string) types.JID {
	t.Helper()
	b := baileystest.Start(t, srv, map[string]string{"bot.js": script}, baileystest.Options{})
	m, env := b.Manager, b.Env
	var s *protocol.Session
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		var ok bool
		s, ok = m.Session("auth_info")
		return ok && s.Status().QR != ""
	}, "the botrt bot's session showing a QR code")
	ctx, cancel := context.WithTimeout(context.Background(), testkit.Timeout)
	defer cancel()
	dev, err := srv.Pairer.Link(ctx, s.Status().QR, auth.LinkOptions{Name: pushName})
	if err != nil {
		t.Fatalf("link the botrt bot: %v", err)
	}
	runtimetest.Eventually(t, testkit.Timeout, func() bool {
		return slices.ContainsFunc(env.Logs.Lines(), func(l string) bool { return strings.Contains(l, `"ev":"open"`) })
	}, "the botrt bot's login")
	return dev.JID().ToNonAD()
}

// converse has alice send each command to chat and records the bot's first reply to each, in a form
// that does not depend on ids: the text, whether it quotes the command, or the reaction and its target.
// Before each command it waits until the bot's devices have acknowledged everything they were sent:
// Baileys 6 releases events it buffered together with the type of the first, so a group-creation
// notice ('append') processed alongside the first group message turns that message into 'append',
// which bots ignore (Baileys 7 emits such batches separately). Real servers are slow enough for this
// not to matter; a loopback simulator is not.
func converse(t *testing.T, srv *testkit.Server, alice *testkit.Client, chat, bot types.JID, devices []types.JID, commands []string) []string {
	t.Helper()
	var out []string
	for _, cmd := range commands {
		testkit.WaitDevicesAcked(t, srv, devices...)
		sent := alice.SendText(t, chat, cmd)
		reply := alice.WaitMessage(t, func(m *events.Message) bool {
			// In a group the sender's first message may carry only its sender key: not a reply.
			content := m.Message.GetConversation() != "" || m.Message.GetExtendedTextMessage() != nil ||
				m.Message.GetReactionMessage() != nil
			return content && m.Info.Chat == chat && sameAccount(srv, m.Info.Sender, bot)
		})
		msg := reply.Message
		switch {
		case msg.GetReactionMessage() != nil:
			r := msg.GetReactionMessage()
			out = append(out, fmt.Sprintf("%s → reaction %s on it=%t", cmd, r.GetText(), r.GetKey().GetID() == sent.ID))
		case msg.GetExtendedTextMessage().GetContextInfo().GetStanzaID() != "":
			ci := msg.GetExtendedTextMessage().GetContextInfo()
			out = append(out, fmt.Sprintf("%s → %q quoting it=%t (%q)", cmd, msg.GetExtendedTextMessage().GetText(),
				ci.GetStanzaID() == sent.ID, ci.GetQuotedMessage().GetConversation()))
		default:
			text := msg.GetConversation()
			if text == "" {
				text = msg.GetExtendedTextMessage().GetText()
			}
			out = append(out, fmt.Sprintf("%s → %q", cmd, text))
		}
	}
	return out
}

// TestDifferentialEchoBot runs bots/echo.js under Node with real Baileys 7 and 6.17 and under botrt
// against one simulator, has a whatsmeow user hold the same conversation with each (1:1 and in a
// group), and compares the replies: content, order and quoting must agree, and match what the script
// says.
func TestDifferentialEchoBot(t *testing.T) {
	srv := testkit.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	defer cancel()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(dir + "/bots/echo.js")
	if err != nil {
		t.Fatal(err)
	}
	bots := map[string]types.JID{"botrt": botrtBot(t, srv, string(script), "Botrt Bot")}
	devices := map[string][]types.JID{}
	names := []string{"botrt"}
	for _, v := range versions {
		name := "node-" + v.name
		dev := nodeBot(ctx, t, srv, "echo.js", v.pkg, "Node Bot "+v.name)
		bots[name], devices[name] = dev.ToNonAD(), []types.JID{dev}
		names = append(names, name)
	}
	alice := testkit.NewClient(t, srv, testkit.Name("Alice"))
	direct := []string{"!ping", "!echo hello there", "!react", "!echo ünïcödé 🎉"}
	inGroup := []string{"!ping", "!group"}
	transcripts := map[string][]string{}
	for _, name := range names {
		bot := bots[name]
		tr := converse(t, srv, alice, bot, bot, devices[name], direct)
		g, err := alice.WA.CreateGroup(ctx, whatsmeowGroup("diff "+name, bot))
		if err != nil {
			t.Fatalf("create a group with the %s bot: %v", name, err)
		}
		tr = append(tr, converse(t, srv, alice, g.JID, bot, devices[name], inGroup)...)
		transcripts[name] = tr
	}
	want := []string{
		`!ping → "pong" quoting it=true ("!ping")`,
		`!echo hello there → "hello there"`,
		`!react → reaction 👍 on it=true`,
		`!echo ünïcödé 🎉 → "ünïcödé 🎉"`,
		`!ping → "pong" quoting it=true ("!ping")`,
		`!group → "group: diff %s (2)"`,
	}
	for name, tr := range transcripts {
		w := slices.Clone(want)
		w[5] = fmt.Sprintf(w[5], name)
		if !slices.Equal(tr, w) {
			t.Errorf("%s bot replied:\n  %s\nwant:\n  %s", name, strings.Join(tr, "\n  "), strings.Join(w, "\n  "))
		}
	}
}

func whatsmeowGroup(name string, member types.JID) whatsmeow.ReqCreateGroup {
	return whatsmeow.ReqCreateGroup{Name: name, Participants: []types.JID{member}}
}
