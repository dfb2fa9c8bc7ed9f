package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/runtime"
	"github.com/botrt/botrt/sim"
	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/web"
)

func init() {
	commands["dev"] = command{summary: "run the bots of a folder against the embedded simulator, with hot reload", run: runDev}
}

func runDev(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: botrt dev [flags] [DIR]   (DIR defaults to the current folder)")
		fs.PrintDefaults()
	}
	listen := fs.String("listen", "127.0.0.1:7780", "address of the simulator's WebSocket (/ws/chat) and admin API (/api/)")
	data := fs.String("data", ".botrt", "directory for the simulator's state (<data>/sim) and the bots' sessions (<data>/bots)")
	env := envFlag(fs)
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	dir, scriptArgs := dirAndArgs(pos)
	out := os.Stdout
	s, err := startSim(*listen, filepath.Join(*data, "sim"), out)
	if err != nil {
		return err
	}
	printChatHelp(out, s.Addr().String())
	cfg := botsConfig{
		scripts:  dir,
		data:     filepath.Join(*data, "bots"),
		env:      env.names,
		args:     scriptArgs,
		endpoint: protocol.Endpoint{SimAddr: s.Addr().String(), RootKey: s.Server.RootPublic()},
		onQR:     linkOnSim(s, out),
		logTap:   webLog(s.Web),
		onEvent:  webEvent(s.Web),
		out:      out,
	}
	runErr := runBots(ctx, cfg)
	return errors.Join(runErr, s.Close())
}

// linkOnSim plays the simulator's phone for every bot session that shows a
// QR code or asks for a pairing code, so bots come online in dev mode without
// a scan.
func linkOnSim(s *sim.Simulator, out io.Writer) func(ctx context.Context, ses *protocol.Session, qr string) {
	account := func(dev *accounts.Device, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return dev.JID().ToNonAD().String(), nil
	}
	return autoLink(linker{
		byQR: func(ctx context.Context, ses *protocol.Session, qr string) (string, error) {
			return account(s.Pairer.Link(ctx, qr, auth.LinkOptions{Name: ses.Name()}))
		},
		byCode: func(ctx context.Context, _ *protocol.Session, phone, code string) (string, error) {
			return account(s.Pairer.EnterCode(ctx, phone, code))
		},
	}, out, func(session, jid string) {
		user, _, _ := strings.Cut(jid, "@")
		fmt.Fprintf(out, "session %q linked as %s; say hi: curl -s -XPOST http://%s/api/people/15550001/messages -d '{\"to\":\"%s\",\"text\":\"!ping\"}'\n",
			session, jid, s.Addr(), user)
	})
}

// printChatHelp tells how to talk to the bots through the admin API.
func printChatHelp(out io.Writer, addr string) {
	fmt.Fprintf(out, `
Chat with your bots in the browser: http://%[1]s/
or through the simulator's admin API:
  curl -s http://%[1]s/api/accounts                      # the bots' numbers (once linked)
  curl -s -XPOST http://%[1]s/api/people -d '{"phone":"15550001","name":"Ann"}'
  curl -s -XPOST http://%[1]s/api/people/15550001/messages -d '{"to":"<bot number>","text":"!ping"}'
  curl -s http://%[1]s/api/people/15550001/messages      # what Ann received
Edit a bot file and save: it reloads without reconnecting. Ctrl-C stops everything.

`, addr)
}

// webLog shows the bots' log lines in the web page's bot panel.
func webLog(w *web.Web) func(level slog.Level, bot, line string) {
	return func(level slog.Level, bot, line string) {
		if bot == "" {
			return
		}
		w.Publish(web.Entry{Bot: bot, Kind: web.KindLog, Level: strings.ToLower(level.String()), Text: line})
	}
}

// webEvent shows starts, reloads, failures and crashes in the bot panel,
// with the file and line of a load error.
func webEvent(w *web.Web) func(runtime.Event) {
	return func(e runtime.Event) {
		entry := web.Entry{Time: e.Time, Bot: e.Bot, Kind: web.KindReload, Level: "info", Text: "bot " + string(e.Kind)}
		if e.Err != nil {
			entry.Level = "error"
			entry.Text += ": " + e.Err.Error()
			if ce, ok := errors.AsType[*runtime.CompileError](e.Err); ok {
				entry.File, entry.Line = ce.File, ce.Line
			}
		}
		w.Publish(entry)
	}
}
