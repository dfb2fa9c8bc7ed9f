package compat

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/internal/botrttest"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/testkit"
)

// probeEvent is one stdout line of sim_probe.cjs, with the fields Event does not carry.
type probeEvent struct {
	Ev string `json:"ev"`
	QR string `json:"qr"`
	// open, pending, history, message: milliseconds since the probe started
	MS float64 `json:"ms"`
	// history
	SyncType *int `json:"syncType"`
	// name
	Name string `json:"name"`
	// chat
	Chat     string `json:"chat"`
	Archived *bool  `json:"archived"`
	Mute     *int64 `json:"mute"`
	// message
	Text *string    `json:"text"`
	Key  messageKey `json:"key"`

	line string
}

// messageKey is Baileys' WAMessageKey as the probe prints it.
type messageKey struct {
	RemoteJID      string `json:"remoteJid"`
	RemoteJIDAlt   string `json:"remoteJidAlt"`
	Participant    string `json:"participant"`
	ParticipantAlt string `json:"participantAlt"`
	AddressingMode string `json:"addressingMode"`
	FromMe         bool   `json:"fromMe"`
}

// pinoLine is one of Baileys' log lines (pino JSON) as the probe writes them to stderr.
type pinoLine struct {
	Level int     `json:"level"`
	MS    float64 `json:"ms"`
	Msg   string  `json:"msg"`
	Err   any     `json:"err"`
	Error any     `json:"error"`
	Node  any     `json:"fullErrorNode"` // stream errors
}

func (l pinoLine) String() string {
	s := fmt.Sprintf("[%d @%.0fms] %s", l.Level, l.MS, l.Msg)
	for _, e := range []any{l.Err, l.Error, l.Node} {
		if e != nil {
			b, _ := json.Marshal(e)
			s += " " + string(b)
		}
	}
	return s
}

// pino's numeric levels.
const pinoWarn = 40

// probe is a running sim_probe.cjs.
type probe struct {
	*Peer
	t      *testing.T
	stderr *botrttest.Buffer
}

// startProbe runs sim_probe.cjs on authDir against srv (Baileys 7, pino at info).
func startProbe(ctx context.Context, t *testing.T, srv *testkit.Server, authDir string) *probe {
	t.Helper()
	requireModules(t)
	pr := &probe{t: t, stderr: &botrttest.Buffer{}}
	var stderr io.Writer = pr.stderr
	if w := logWriter(t); w != nil {
		stderr = io.MultiWriter(pr.stderr, w)
	}
	p, err := StartPeer(ctx, PeerOptions{Script: "sim_probe.cjs", WSURL: "ws://" + srv.Addr() + "/ws/chat",
		AuthDir: authDir, Stderr: stderr, Env: []string{"LOG_LEVEL=info"}})
	if err != nil {
		t.Fatal(err)
	}
	pr.Peer = p
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("close probe: %v", err)
		}
		if t.Failed() {
			t.Logf("Baileys' log:\n%s", pr.logs(0))
		}
	})
	return pr
}

// linkProbe starts the probe on authDir and has the simulator's phone scan its QR code (opts picks a
// new or an existing account); it returns once Baileys logged in after the 515 restart, with the open
// event and the linked device.
func linkProbe(ctx context.Context, t *testing.T, srv *testkit.Server, authDir string, opts auth.LinkOptions) (*probe, probeEvent, types.JID) {
	t.Helper()
	p := startProbe(ctx, t, srv, authDir)
	qr := p.next(ctx, "qr", nil)
	dev, err := srv.Pairer.Link(ctx, qr.QR, opts)
	if err != nil {
		t.Fatalf("link the probe: %v", err)
	}
	return p, p.next(ctx, "open", nil), dev.JID()
}

// next waits for the next event of kind ev that match accepts (nil accepts any).
func (p *probe) next(ctx context.Context, ev string, match func(probeEvent) bool) probeEvent {
	p.t.Helper()
	var got probeEvent
	_, err := p.Wait(ctx, func(e Event) bool {
		if e.Ev != ev {
			return false
		}
		var pe probeEvent
		if err := json.Unmarshal([]byte(e.Line), &pe); err != nil || (match != nil && !match(pe)) {
			return false
		}
		pe.line, got = e.Line, pe
		return true
	})
	if err != nil {
		p.t.Fatalf("probe: waiting for %s: %v", ev, err)
	}
	return got
}

// logLines returns Baileys' log lines so far at level min or above.
func (p *probe) logLines(min int) []pinoLine {
	var out []pinoLine
	sc := bufio.NewScanner(strings.NewReader(p.stderr.String()))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l pinoLine
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Level >= min {
			out = append(out, l)
		}
	}
	return out
}

// logs is logLines, one per line, for failure messages.
func (p *probe) logs(min int) string {
	var b strings.Builder
	for _, l := range p.logLines(min) {
		b.WriteString(l.String() + "\n")
	}
	return b.String()
}
