package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/botrt/botrt/jsapi/shims/qrterminal"
	"github.com/botrt/botrt/protocol"
	"github.com/botrt/botrt/store"
)

func init() {
	commands["run"] = command{summary: "run the bots of a folder against WhatsApp (or a running botrt sim)", run: runRun}
}

func runRun(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: botrt run [flags] [DIR]   (DIR defaults to the current folder)")
		fs.PrintDefaults()
	}
	server := fs.String("server", "", "base URL of a running `botrt sim` (e.g. http://127.0.0.1:7780) instead of real WhatsApp")
	data := fs.String("data", ".botrt", "directory for the bots' sessions and data (<data>/bots)")
	keyFile := fs.String("store-key-file", "", "file holding the key (16/24/32 bytes, raw or hex) that encrypts the store at rest; default: env BOTRT_STORE_KEY (hex), else no encryption")
	pairPhone := fs.String("pair-phone", "", "link by pairing code for this phone number (international, digits) instead of a QR code")
	env := envFlag(fs)
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	dir, scriptArgs := dirAndArgs(pos)
	key, err := store.LoadEncryptionKey(*keyFile, "BOTRT_STORE_KEY")
	if err != nil {
		return fmt.Errorf("store key: %w", err)
	}
	out := os.Stdout
	cfg := botsConfig{scripts: dir, data: filepath.Join(*data, "bots"), storeKey: key, env: env.names, args: scriptArgs, out: out}
	switch {
	case *server != "" && *pairPhone != "":
		return fmt.Errorf("--pair-phone is for real WhatsApp; a --server simulator links its sessions itself")
	case *server != "":
		ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
		cfg.endpoint, err = protocol.SimEndpoint(ectx, *server)
		cancel()
		if err != nil {
			return fmt.Errorf("--server: %w", err)
		}
		fmt.Fprintf(out, "running the bots of %s against the simulator at %s\n", dir, *server)
		cfg.onQR = linkViaAdmin(*server, out)
	case *pairPhone != "":
		cfg.onQR = pairByCode(*pairPhone, out)
	default:
		cfg.onQR = printQR(out)
	}
	return runBots(ctx, cfg)
}

// printQR shows each QR code on the terminal, for the phone to scan.
func printQR(out io.Writer) func(context.Context, *protocol.Session, string) {
	return func(_ context.Context, s *protocol.Session, qr string) {
		art, err := qrterminal.Render(qr)
		if err != nil {
			fmt.Fprintf(out, "session %q: cannot draw its QR code (%v); the code is: %s\n", s.Name(), err, qr)
			return
		}
		fmt.Fprintf(out, "session %q: scan with WhatsApp > Linked devices > Link a device:\n%s\n", s.Name(), art)
	}
}

// pairByCode asks once per session for a pairing code for phone instead of
// showing QR codes.
func pairByCode(phone string, out io.Writer) func(context.Context, *protocol.Session, string) {
	var mu sync.Mutex
	asked := map[string]bool{}
	return func(ctx context.Context, s *protocol.Session, _ string) {
		mu.Lock()
		done := asked[s.Name()]
		asked[s.Name()] = true
		mu.Unlock()
		if done {
			return
		}
		code, err := s.PairPhone(ctx, phone)
		if err != nil {
			fmt.Fprintf(out, "session %q: pairing code for %s failed: %v\n", s.Name(), phone, err)
			return
		}
		fmt.Fprintf(out, "session %q: enter the code %s on the phone (WhatsApp > Linked devices > Link with phone number)\n", s.Name(), code)
	}
}

// linkViaAdmin has a separate simulator's phone link each session through its
// admin API (POST /api/link), as `botrt dev` does in process: scanning its QR
// code, or typing the pairing code it asked for.
func linkViaAdmin(server string, out io.Writer) func(context.Context, *protocol.Session, string) {
	base := strings.TrimRight(server, "/")
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	return autoLink(linker{
		byQR: func(ctx context.Context, s *protocol.Session, qr string) (string, error) {
			return postLink(ctx, base, map[string]string{"qr": qr, "name": s.Name()})
		},
		byCode: func(ctx context.Context, _ *protocol.Session, phone, code string) (string, error) {
			return postLink(ctx, base, map[string]string{"phone": phone, "code": code})
		},
	}, out, func(session, jid string) {
		fmt.Fprintf(out, "session %q linked as %s\n", session, jid)
	})
}

// postLink posts a link request to the simulator's /api/link and returns the
// account the session was linked to.
func postLink(ctx context.Context, base string, req map[string]string) (string, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/link", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var res struct{ JID, Error string }
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&res); err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s %s", resp.Status, res.Error)
	}
	return res.JID, nil
}
