package testkit

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/appstate"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/store"
)

// Client is an unmodified whatsmeow client connected to a test server.
type Client struct {
	// WA is the whatsmeow client; it is replaced by Restart.
	WA     *whatsmeow.Client
	Device *wastore.Device
	srv    *Server
	name   string
	events *recorder
	// jid is the device JID from pairing; kept here because whatsmeow clears Device.ID from its own
	// goroutines when the device is logged out, and tests still need to name the device afterwards.
	jid types.JID
}

var clientSeq atomic.Int64

// ClientOption adjusts NewClient.
type ClientOption func(*clientConfig)

type clientConfig struct {
	phone    string
	name     string
	pairCode bool
	viaHTTP  bool
}

// SameAccount links the new client as another device of other's account.
func SameAccount(other *Client) ClientOption {
	return func(c *clientConfig) { c.phone = other.UserJID().User }
}

// Phone links the new client to the account with this number (created if it does not exist).
func Phone(phone string) ClientOption { return func(c *clientConfig) { c.phone = phone } }

// Name sets the push name of the client (and of a new account).
func Name(name string) ClientOption { return func(c *clientConfig) { c.name = name } }

// PairingCode pairs with a pairing code (PairPhone + the phone entering it) instead of the QR code.
// It needs Phone or SameAccount.
func PairingCode() ClientOption { return func(c *clientConfig) { c.pairCode = true } }

// LinkOverHTTP "scans" the QR code (or enters the pairing code) through POST /api/link instead of the
// Go API.
func LinkOverHTTP() ClientOption { return func(c *clientConfig) { c.viaHTTP = true } }

// NewClient creates a whatsmeow client on the server's client store, pairs it (QR by default) as a new
// account or as a device of an existing one, and waits until it is connected. It disconnects at cleanup.
func NewClient(t testing.TB, srv *Server, opts ...ClientOption) *Client {
	t.Helper()
	var cfg clientConfig
	for _, o := range opts {
		o(&cfg)
	}
	n := clientSeq.Add(1)
	if cfg.name == "" {
		cfg.name = fmt.Sprintf("client%d", n)
	}
	c := &Client{srv: srv, name: cfg.name, Device: srv.container.NewDevice(), events: newRecorder()}
	c.Device.PushName = cfg.name
	c.newWA()
	t.Cleanup(c.settleAndDisconnect)

	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	qrs, err := c.WA.GetQRChannel(ctx)
	if err != nil {
		t.Fatalf("testkit: QR channel: %v", err)
	}
	if err := c.WA.Connect(); err != nil {
		t.Fatalf("testkit: connect %s: %v", c.name, err)
	}
	var code string
	for item := range qrs {
		if item.Event == "code" {
			code = item.Code
			break
		}
		t.Fatalf("testkit: %s: expected a QR code, got %q (%v)", c.name, item.Event, item.Error)
	}
	go func() {
		for range qrs { // drain so the QR goroutine can finish
		}
	}()
	if code == "" {
		t.Fatalf("testkit: %s: no QR code before timeout", c.name)
	}
	if cfg.pairCode {
		if cfg.phone == "" {
			t.Fatalf("testkit: PairingCode needs Phone or SameAccount")
		}
		linkCode, err := c.WA.PairPhone(ctx, cfg.phone, false, whatsmeow.PairClientChrome, "Chrome (Linux)")
		if err != nil {
			t.Fatalf("testkit: %s: PairPhone: %v", c.name, err)
		}
		if cfg.viaHTTP {
			err = srv.postLink(ctx, map[string]string{"phone": cfg.phone, "code": linkCode})
		} else {
			_, err = srv.Pairer.EnterCode(ctx, cfg.phone, linkCode)
		}
		if err != nil {
			t.Fatalf("testkit: %s: enter pairing code: %v", c.name, err)
		}
	} else if cfg.viaHTTP {
		if err := srv.postLink(ctx, map[string]string{"qr": code, "phone": cfg.phone, "name": cfg.name}); err != nil {
			t.Fatalf("testkit: %s: POST /api/link: %v", c.name, err)
		}
	} else if _, err := srv.Pairer.Link(ctx, code, auth.LinkOptions{Phone: cfg.phone, Name: cfg.name}); err != nil {
		t.Fatalf("testkit: %s: link: %v", c.name, err)
	}
	ps := WaitFor[*events.PairSuccess](t, c, nil)
	c.jid = ps.ID
	WaitFor[*events.Connected](t, c, nil)
	return c
}

func (c *Client) newWA() {
	c.WA = client.New(c.Device, c.srv.Addr, clientLog(c.name))
	c.WA.AddEventHandler(c.events.add)
}

// JID is the client's device JID (phone@s.whatsapp.net with device number).
func (c *Client) JID() types.JID { return c.jid }

// UserJID is the client's account JID without device.
func (c *Client) UserJID() types.JID { return c.JID().ToNonAD() }

// Name is the client's push name.
func (c *Client) Name() string { return c.name }

// Disconnect closes the client's connection (it stays paired).
func (c *Client) Disconnect() { c.WA.Disconnect() }

// Restart disconnects and builds a new whatsmeow client from the stored device, as a process restart
// would, then waits until it is connected again.
func (c *Client) Restart(t testing.TB) {
	t.Helper()
	c.WA.Disconnect()
	dev, err := c.srv.container.GetDevice(context.Background(), c.JID())
	if err != nil || dev == nil {
		t.Fatalf("testkit: %s: reload device: %v", c.name, err)
	}
	c.Device = dev
	c.newWA()
	c.Connect(t)
}

// Connect connects a disconnected client and waits until it is connected.
func (c *Client) Connect(t testing.TB) {
	t.Helper()
	if err := c.WA.Connect(); err != nil {
		t.Fatalf("testkit: %s: connect: %v", c.name, err)
	}
	WaitFor[*events.Connected](t, c, nil)
}

// SendText sends a text message and fails the test if the server does not ack it.
func (c *Client) SendText(t testing.TB, to types.JID, text string) whatsmeow.SendResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	resp, err := store.SendMessage(ctx, c.WA, to, &waE2E.Message{Conversation: proto.String(text)}, whatsmeow.SendRequestExtra{})
	if err != nil {
		t.Fatalf("testkit: %s: send to %s: %v", c.name, to, err)
	}
	return resp
}

// Clone returns a second, not yet connected whatsmeow client on the same stored device: connecting it
// makes the server replace the first connection (stream error "replaced").
func (c *Client) Clone(t testing.TB) *Client {
	t.Helper()
	dev, err := c.srv.container.GetDevice(context.Background(), c.JID())
	if err != nil || dev == nil {
		t.Fatalf("testkit: %s: reload device: %v", c.name, err)
	}
	clone := &Client{srv: c.srv, name: c.name + "-clone", Device: dev, events: newRecorder(), jid: c.jid}
	clone.newWA()
	t.Cleanup(clone.settleAndDisconnect)
	return clone
}

// EnableAppState has the client's phone share the account's app-state key (the testkit's simulator does
// not do it by itself) and waits until the client stored it and made its first sync of every
// collection (the phone's initial state); app-state changes (archive, pin, mute, push name) work from
// then on, and those of the account's other devices arrive as events.
func (c *Client) EnableAppState(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	if err := c.srv.Phones.ShareAppStateKey(ctx, c.JID()); err != nil {
		t.Fatalf("testkit: %s: share app state key: %v", c.name, err)
	}
	for {
		synced, err := c.appStateSynced(ctx)
		if err != nil {
			t.Fatalf("testkit: %s: %v", c.name, err)
		}
		if synced {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("testkit: %s never got the app state key or never synced app state", c.name)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// appStateSynced reports whether the client has an app-state key and every collection at a version.
func (c *Client) appStateSynced(ctx context.Context) (bool, error) {
	if id, err := c.Device.AppStateKeys.GetLatestAppStateSyncKeyID(ctx); err != nil || id == nil {
		return false, err
	}
	for _, name := range appstate.AllPatchNames {
		if v, _, err := c.Device.AppState.GetAppStateVersion(ctx, string(name)); err != nil || v == 0 {
			return false, err
		}
	}
	return true, nil
}
