package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/botrt/botrt/protocol"
)

// linkAtOnce bounds the links an autoLinker runs at the same time. Each link waits for the pairing
// round trip with its session, so they run concurrently (one at a time, a thousand sessions took
// minutes and the last ones' QR codes ran out).
const linkAtOnce = 16

// pairingCodeGrace is how long a newly shown QR code waits before it is linked: a script that asks
// for a pairing code instead (requestPairingCode, usually right after makeWASocket) does so within
// it, and is then linked by entering its code, as the user would on the phone.
const pairingCodeGrace = 2 * time.Second

// codeWait bounds the wait for the code of a pairing-code request that has started.
const codeWait = time.Minute

// linker links one session on a simulator, as the simulator's phone scanning its QR code or typing
// the pairing code it asked for; it returns the account the session was linked to.
type linker struct {
	byQR   func(ctx context.Context, s *protocol.Session, qr string) (string, error)
	byCode func(ctx context.Context, s *protocol.Session, phone, code string) (string, error)
}

// autoLink is botsConfig.onQR for a simulator: it links every session that shows a QR code, at most
// linkAtOnce at once and one link per session at a time, each in its own goroutine ended with ctx.
// linked tells of each success.
func autoLink(l linker, out io.Writer, linked func(session, jid string)) func(context.Context, *protocol.Session, string) {
	slots := make(chan struct{}, linkAtOnce)
	var mu sync.Mutex
	linking := map[string]bool{}
	return func(ctx context.Context, s *protocol.Session, _ string) {
		mu.Lock()
		busy := linking[s.Name()]
		linking[s.Name()] = true
		mu.Unlock()
		if busy {
			return // the session's next QR, if it still shows one, comes round again
		}
		go func() {
			defer func() {
				mu.Lock()
				delete(linking, s.Name())
				mu.Unlock()
			}()
			if !sleepCtx(ctx, pairingCodeGrace) {
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-slots }()
			jid, err := l.link(ctx, s)
			switch {
			case err == nil && jid != "":
				linked(s.Name(), jid)
			case err != nil && ctx.Err() == nil:
				fmt.Fprintf(out, "auto-link of session %q failed: %v\n", s.Name(), err)
			}
		}()
	}
}

// link links s by the pairing code it asked for, else by the QR code it shows now; "" and no error
// when it shows neither any more (linked meanwhile).
func (l linker) link(ctx context.Context, s *protocol.Session) (string, error) {
	st := s.Status()
	if st.PairingPhone == "" {
		if st.QR == "" {
			return "", nil
		}
		return l.byQR(ctx, s, st.QR)
	}
	deadline := time.Now().Add(codeWait)
	for st.PairingCode == "" {
		if st.PairingPhone == "" || time.Now().After(deadline) {
			return "", errors.New("the session asked for a pairing code but none came")
		}
		if !sleepCtx(ctx, qrPoll) {
			return "", ctx.Err()
		}
		st = s.Status()
	}
	return l.byCode(ctx, s, st.PairingPhone, st.PairingCode)
}

// sleepCtx waits d, or less when ctx ends first; it reports whether d passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
