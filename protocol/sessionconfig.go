package protocol

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/proto/waWa6"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/protocol/errs"
)

// SessionConfig is what a Baileys socket's config asks of its session's connection. The zero value
// keeps the manager's behaviour (its endpoint, whatsmeow's device props, no presence on open, no
// connect deadline, whatsmeow's own keepalive only). It takes effect at the session's next
// connection; Configure while a connection is up changes nothing on that connection.
type SessionConfig struct {
	// ConnectTimeout bounds one connection attempt, from dialing until the server answers the login
	// (the session opens, or a pairing QR code is shown); past it the attempt closes with 408 and
	// the session reconnects after its backoff. 0: no bound beyond whatsmeow's own.
	ConnectTimeout time.Duration
	// KeepAlive is the cadence of the session's own pings (iq xmlns=w:p) while a connection is up:
	// a ping unanswered for KeepAlive+5 s closes the connection with 408 "Connection Lost" and the
	// session reconnects (Baileys: nothing received for keepAliveIntervalMs+5 s). whatsmeow's own
	// keepalive (a process-wide 20–30 s) keeps running beside it. 0: only whatsmeow's.
	KeepAlive time.Duration
	// Browser is Baileys' [os, browser, version]: the companion's DeviceProps.os and platform type
	// the phone shows in its linked devices, sent when the session pairs. Zero: whatsmeow's.
	Browser Browser
	// FullHistory asks the phone for the full history when pairing (DeviceProps.requireFullSync).
	FullHistory bool
	// PresenceOnOpen is sent each time the session opens: PresenceAvailable (Baileys'
	// markOnlineOnConnect: true), PresenceUnavailable (false), "" sends nothing.
	PresenceOnOpen types.Presence
	// QueryTimeout bounds each outbound call whose ctx has no deadline (Baileys'
	// defaultQueryTimeoutMs): past it the call fails with 408. 0: the manager's CallTimeout.
	QueryTimeout time.Duration
	// Endpoint overrides the manager's endpoint for this session (nil: the manager's). Its root key
	// must be the one the process already trusts (whatsmeow.WACertPubKey is a process global).
	Endpoint *Endpoint
}

// Browser is a companion's self-description, Baileys' browser config ['Ubuntu', 'Chrome', '22.04.4'].
type Browser struct {
	OS, Name, Version string
}

// deviceProps is whatsmeow's process-wide DeviceProps with this session's browser and history wish.
func (c SessionConfig) deviceProps() *waCompanionReg.DeviceProps {
	props := proto.Clone(wastore.DeviceProps).(*waCompanionReg.DeviceProps)
	if c.Browser.OS != "" {
		props.Os = proto.String(c.Browser.OS)
		props.PlatformType = platformType(c.Browser.Name).Enum()
	}
	props.RequireFullSync = proto.Bool(c.FullHistory)
	return props
}

// platformType maps Baileys' browser name to the platform type as Baileys does: the upper-cased
// name if it is one, else DESKTOP.
func platformType(name string) waCompanionReg.DeviceProps_PlatformType {
	if v, ok := waCompanionReg.DeviceProps_PlatformType_value[strings.ToUpper(name)]; ok {
		return waCompanionReg.DeviceProps_PlatformType(v)
	}
	return waCompanionReg.DeviceProps_DESKTOP
}

// pairClient is how a pairing-code request names the companion: as Baileys, the DeviceProps
// platform number of the browser's name (CHROME when it names none) and "name (os)"; whatsmeow
// sends the number as it is.
func (c SessionConfig) pairClient() (whatsmeow.PairClientType, string) {
	if c.Browser.OS == "" {
		return whatsmeow.PairClientChrome, "Chrome (Linux)"
	}
	id := waCompanionReg.DeviceProps_CHROME
	if v, ok := waCompanionReg.DeviceProps_PlatformType_value[strings.ToUpper(c.Browser.Name)]; ok {
		id = waCompanionReg.DeviceProps_PlatformType(v)
	}
	return whatsmeow.PairClientType(id), c.Browser.Name + " (" + c.Browser.OS + ")"
}

// connSettings is a session's SessionConfig and the state the options drive.
type connSettings struct {
	mu       sync.Mutex
	conf     SessionConfig
	deadline *connectDeadline // the current attempt's, until the server answered the login
}

func (c *connSettings) get() SessionConfig {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conf
}

// Configure sets the session's connection options for its next connection. An endpoint whose root
// key the process does not trust is refused with 403 and changes nothing.
func (s *Session) Configure(c SessionConfig) error {
	if c.ConnectTimeout < 0 || c.KeepAlive < 0 || c.QueryTimeout < 0 {
		return errs.New(400, "connect timeout, keepalive interval and query timeout must not be negative")
	}
	switch c.PresenceOnOpen {
	case "", types.PresenceAvailable, types.PresenceUnavailable:
	default:
		return errs.New(400, fmt.Sprintf("presence on open %q is neither available nor unavailable", c.PresenceOnOpen))
	}
	if c.Endpoint != nil && *c.Endpoint == s.m.opts.Endpoint {
		c.Endpoint = nil // the manager's own: nothing to override
	}
	if c.Endpoint != nil {
		if err := c.Endpoint.trusted(); err != nil {
			return err
		}
	}
	s.conn.mu.Lock()
	moved := !sameEndpoint(s.conn.conf.Endpoint, c.Endpoint)
	if moved && s.running() {
		s.conn.mu.Unlock()
		return errs.New(409, "the server URL of a connected session cannot change; end() the socket first")
	}
	s.conn.conf = c
	s.conn.mu.Unlock()
	if moved {
		// The endpoint lives in the client's HTTP clients: a new client of the same device carries it.
		s.installClient(s.client().Store)
	}
	return nil
}

func sameEndpoint(a, b *Endpoint) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// endpoint is where the session connects: its own endpoint if configured, else the manager's.
func (s *Session) endpoint() Endpoint {
	if ep := s.conn.get().Endpoint; ep != nil {
		return *ep
	}
	return s.m.opts.Endpoint
}

// running reports whether the connection supervisor runs (connecting, open or waiting to retry).
func (s *Session) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run == nil {
		return false
	}
	select {
	case <-s.run.done:
		return false
	default:
		return true
	}
}

// trusted checks that the process trusts e's root key: sessions of one process share
// whatsmeow.WACertPubKey, so a session cannot talk to a server with another root.
func (e Endpoint) trusted() error {
	want := whatsAppRootKey
	if e.IsSim() {
		want = e.RootKey
	}
	rootKeyMu.Lock()
	have := whatsmeow.WACertPubKey
	rootKeyMu.Unlock()
	if have == want {
		return nil
	}
	who := "WhatsApp's root key (its sessions talk to WhatsApp)"
	if have != whatsAppRootKey {
		who = fmt.Sprintf("the root key %x… of another simulator", have[:4])
	}
	target := "WhatsApp"
	if e.IsSim() {
		target = "the simulator at " + e.SimAddr
	}
	return errs.New(errs.Forbidden, fmt.Sprintf("cannot connect to %s: this process already trusts %s, and whatsmeow trusts one root key per process; run it in its own botrt process (botrt run --server)", target, who))
}

// clientPayload is whatsmeow's Client.GetClientPayload for this session: the device's payload
// with the session's device props when it registers (pairs).
func (s *Session) clientPayload(device *wastore.Device) func() *waWa6.ClientPayload {
	return func() *waWa6.ClientPayload {
		payload := device.GetClientPayload()
		if reg := payload.GetDevicePairingData(); reg != nil {
			props, err := proto.Marshal(s.conn.get().deviceProps())
			if err != nil {
				s.log.Error("device props not encodable; whatsmeow's are sent", "err", err)
				return payload
			}
			reg.DeviceProps = props
		}
		return payload
	}
}
