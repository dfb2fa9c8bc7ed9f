// Package auth pairs new companions with accounts and logs them out: QR pairing (pair-device refs, the
// phone's "scan" through Link, pair-success, pair-device-sign verification, stream error 515), pairing by
// code (link_code_companion_reg stages, the phone side through EnterCode) and remove-companion-device.
package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

var (
	// ErrUnknownQR is returned by Link for a QR code no connected client is showing.
	ErrUnknownQR = errors.New("auth: no connected client shows this QR code")
	// ErrBadCode is returned by EnterCode for a string that cannot be a pairing code.
	ErrBadCode = errors.New("auth: not a pairing code")
	// ErrBadQR is returned by Link for a string that is not a WhatsApp pairing QR code.
	ErrBadQR = errors.New("auth: not a pairing QR code")
	// ErrBusy is returned when a client is already being linked.
	ErrBusy = errors.New("auth: this client is already being linked")
	// ErrNoPendingCode is returned by EnterCode when no client asked for a pairing code for that number.
	ErrNoPendingCode = errors.New("auth: no client is waiting for a pairing code for this number")
)

const (
	qrRefCount = 6
	// pairTimeout bounds each exchange with a pairing client.
	pairTimeout = 30 * time.Second
)

// Pairer runs pairing on a server.
type Pairer struct {
	srv *server.Server

	mu      sync.Mutex
	byRef   map[string]*pending
	pending map[*server.Session]*pending
}

// pending is one registration socket waiting to be linked.
type pending struct {
	sess    *server.Session
	refs    []string
	linking atomic.Bool
	code    *codeState // set once the client asked for a pairing code
	// deviceJID is the linked device, set when code pairing completes.
	deviceJID types.JID
}

// New installs pairing and logout on srv.
func New(srv *server.Server) *Pairer {
	p := &Pairer{srv: srv, byRef: map[string]*pending{}, pending: map[*server.Session]*pending{}}
	srv.OnRegistration(p.register)
	srv.HandleUnpairedIQ("md", p.handleUnpairedMD)
	srv.HandleIQ("md", p.handleMD)
	return p
}

// register offers QR refs to a new client and keeps its socket registered until it is linked or leaves.
func (p *Pairer) register(sess *server.Session) {
	pend := &pending{sess: sess}
	content := make([]waBinary.Node, qrRefCount)
	for i := range content {
		ref := randomRef()
		pend.refs = append(pend.refs, ref)
		content[i] = waBinary.Node{Tag: "ref", Content: []byte(ref)}
	}
	p.mu.Lock()
	for _, ref := range pend.refs {
		p.byRef[ref] = pend
	}
	p.pending[sess] = pend
	p.mu.Unlock()
	defer p.forget(pend)

	ctx, cancel := context.WithTimeout(sess.Context(), pairTimeout)
	_, err := sess.SendIQ(ctx, &waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{
		"from": types.ServerJID, "type": "set", "xmlns": "md"},
		Content: []waBinary.Node{{Tag: "pair-device", Content: content}}})
	cancel()
	if err != nil {
		p.srv.Logger().Debug("sim: pair-device not answered", "err", err)
		return
	}
	<-sess.Context().Done()
}

func (p *Pairer) forget(pend *pending) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for ref, v := range p.byRef {
		if v == pend {
			delete(p.byRef, ref)
		}
	}
	delete(p.pending, pend.sess)
}

// LinkOptions chooses the account a scanned client joins.
type LinkOptions struct {
	// Phone links to this existing account; empty creates a new account.
	Phone string
	// Name is the push name of a new account.
	Name string
}

// Link is the phone scanning a QR code: the client showing it becomes a companion of an account. It
// returns once the client confirmed the pairing (before it reconnects and logs in).
func (p *Pairer) Link(ctx context.Context, qr string, opts LinkOptions) (*accounts.Device, error) {
	qr = strings.TrimSpace(qr)
	// Baileys 7 shows the fields inside a link (https://wa.me/settings/linked_devices#ref,...); the
	// phone reads them the same way.
	if i := strings.LastIndexByte(qr, '#'); i >= 0 {
		qr = qr[i+1:]
	}
	parts := strings.Split(qr, ",")
	if len(parts) < 4 {
		return nil, fmt.Errorf("%w: want ref,noise,identity,secret", ErrBadQR)
	}
	var decoded [3][]byte
	for i, part := range parts[1:4] {
		b, err := base64.StdEncoding.DecodeString(part)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("%w: field %d is not a base64 32-byte key", ErrBadQR, i+2)
		}
		decoded[i] = b
	}
	noise, identity, advSecret := decoded[0], decoded[1], decoded[2]
	p.mu.Lock()
	pend := p.byRef[parts[0]]
	p.mu.Unlock()
	if pend == nil {
		return nil, ErrUnknownQR
	}
	static := pend.sess.ClientStatic()
	if !bytes.Equal(noise, static[:]) || !bytes.Equal(identity, pend.sess.Payload().GetDevicePairingData().GetEIdent()) {
		return nil, fmt.Errorf("%w: its keys do not match the client that shows it", ErrBadQR)
	}
	acct, err := p.account(opts.Phone, opts.Name)
	if err != nil {
		return nil, err
	}
	return p.complete(ctx, pend, acct, identity, advSecret)
}

// account returns the account to link to, creating it if phone is empty or unknown.
func (p *Pairer) account(phone, name string) (*accounts.Account, error) {
	reg := p.srv.Accounts()
	if phone != "" {
		acct, err := reg.Account(phone)
		if err == nil || !errors.Is(err, accounts.ErrNotFound) {
			return acct, err
		}
	}
	return reg.CreateAccount(accounts.NewAccount{Phone: phone, Name: name})
}

// complete signs the companion in as a new device of acct and restarts its connection (515).
func (p *Pairer) complete(ctx context.Context, pend *pending, acct *accounts.Account, identity, advSecret []byte) (*accounts.Device, error) {
	if !pend.linking.CompareAndSwap(false, true) {
		return nil, ErrBusy
	}
	sess := pend.sess
	reg := sess.Payload().GetDevicePairingData()
	if len(reg.GetERegid()) != 4 || len(reg.GetESkeyID()) != 3 || len(reg.GetESkeyVal()) != 32 || len(reg.GetESkeySig()) != 64 {
		pend.linking.Store(false)
		return nil, errors.New("auth: the client's registration data is incomplete")
	}
	dev, err := p.srv.Accounts().AddDevice(accounts.Device{
		Phone: acct.Phone, NoisePub: sessStatic(sess), IdentityPub: identity,
		RegistrationID: binary.BigEndian.Uint32(reg.GetERegid()),
		SignedPreKey: accounts.SignedPreKey{ID: uint32(reg.GetESkeyID()[0])<<16 | uint32(reg.GetESkeyID()[1])<<8 | uint32(reg.GetESkeyID()[2]),
			Public: reg.GetESkeyVal(), Signature: reg.GetESkeySig()},
		Platform: platformOf(reg.GetDeviceProps()),
		FullSync: fullSyncOf(reg.GetDeviceProps()),
	})
	if err != nil {
		pend.linking.Store(false)
		return nil, err
	}
	if err := p.signIn(ctx, sess, acct, dev, identity, advSecret); err != nil {
		pend.linking.Store(false)
		if rmErr := p.srv.Accounts().RemoveDevice(dev.JID()); rmErr != nil {
			p.srv.Logger().Error("sim: undo failed pairing", "device", dev.JID(), "err", rmErr)
		}
		return nil, err
	}
	p.srv.DevicesChanged(ctx, server.DeviceChange{Account: acct.JID(), Added: []types.JID{dev.JID()}})
	// The client must read the 515 before the socket closes, or it never reconnects: let it hang up.
	_ = sess.StreamErrorLinger(&waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "515"}})
	return dev, nil
}

// signIn sends pair-success and checks the companion's pair-device-sign answer.
func (p *Pairer) signIn(ctx context.Context, sess *server.Session, acct *accounts.Account, dev *accounts.Device, identity, advSecret []byte) error {
	phone := keys.NewKeyPairFromPrivateKey([32]byte(acct.PhoneKey))
	container, details, err := signCompanion(*phone.Priv, phone.Pub[:], identity, advSecret, uint32(dev.ID))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, pairTimeout)
	defer cancel()
	resp, err := sess.SendIQ(ctx, &waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{
		"from": types.ServerJID, "type": "set", "xmlns": "md"},
		Content: []waBinary.Node{{Tag: "pair-success", Content: []waBinary.Node{
			{Tag: "device-identity", Content: container},
			{Tag: "platform", Attrs: waBinary.Attrs{"name": "android"}},
			{Tag: "device", Attrs: waBinary.Attrs{"jid": dev.JID(), "lid": acct.DeviceLID(dev.ID)}},
			{Tag: "biz"},
		}}}})
	if err != nil {
		return fmt.Errorf("auth: pair-success: %w", err)
	}
	if t, _ := resp.Attrs["type"].(string); t != "result" {
		e := resp.GetChildByTag("error")
		return fmt.Errorf("auth: client rejected pairing: %v %v", e.Attrs["code"], e.Attrs["text"])
	}
	signed, ok := resp.GetChildByTag("pair-device-sign", "device-identity").Content.([]byte)
	if !ok {
		return errors.New("auth: pair-device-sign without device identity")
	}
	return verifyDeviceSignature(signed, details, identity, phone.Pub[:])
}

func sessStatic(sess *server.Session) []byte {
	static := sess.ClientStatic()
	return static[:]
}

// platformOf reads the companion's self-description as a phone lists it: "Chrome (Ubuntu)" from
// DeviceProps platform type and os, or the os alone when the type is unknown ("whatsmeow").
func platformOf(rawProps []byte) string {
	var props waCompanionReg.DeviceProps
	if proto.Unmarshal(rawProps, &props) != nil {
		return ""
	}
	kind := props.GetPlatformType()
	if kind == waCompanionReg.DeviceProps_UNKNOWN {
		return props.GetOs()
	}
	name := strings.ReplaceAll(strings.ToLower(kind.String()), "_", " ")
	return strings.ToUpper(name[:1]) + name[1:] + " (" + props.GetOs() + ")"
}

// fullSyncOf reads whether the companion asked for the full history (DeviceProps.requireFullSync).
func fullSyncOf(rawProps []byte) bool {
	var props waCompanionReg.DeviceProps
	return proto.Unmarshal(rawProps, &props) == nil && props.GetRequireFullSync()
}

func randomRef() string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return "2@" + base64.StdEncoding.EncodeToString(b[:])
}
