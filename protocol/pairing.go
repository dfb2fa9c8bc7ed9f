package protocol

import (
	"context"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	wmevents "go.mau.fi/whatsmeow/types/events"

	"github.com/botrt/botrt/protocol/errs"
	"github.com/botrt/botrt/protocol/events"
)

// qrRotation shows whatsmeow's QR codes one after another, as WhatsApp Web and Baileys do: the
// first for QRFirst, each next one for QRNext. whatsmeow hands over all codes at once.
type qrRotation struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

// startQR shows codes in turn, replacing a rotation already running.
func (s *Session) startQR(codes []string) {
	s.stopQR()
	if len(codes) == 0 {
		return
	}
	rot := &qrRotation{stop: make(chan struct{})}
	s.mu.Lock()
	s.qr = rot
	s.mu.Unlock()
	rot.wg.Add(1)
	go func() {
		defer rot.wg.Done()
		for i, code := range codes {
			s.update(func(st *Status) { st.QR = code }, events.QR(code))
			wait := s.m.opts.QRNext
			if i == 0 {
				wait = s.m.opts.QRFirst
			}
			select {
			case <-time.After(wait):
			case <-rot.stop:
				return
			}
		}
		// Baileys ends the socket the same way when nobody scanned in time.
		s.signal(down{err: errs.New(errs.TimedOut, "QR refs attempts ended"), retry: false})
	}()
}

// stopQR ends the rotation, if any, and waits for it.
func (s *Session) stopQR() {
	s.mu.Lock()
	rot := s.qr
	s.qr = nil
	s.mu.Unlock()
	if rot != nil {
		close(rot.stop)
		rot.wg.Wait()
	}
}

// onPaired records which device the session name now stands for, before anything else can
// happen to the new login.
func (s *Session) onPaired(cli *whatsmeow.Client, e *wmevents.PairSuccess) {
	s.stopQR()
	if err := s.m.reg.put(context.Background(), s.name, e.ID); err != nil {
		s.log.Error("could not record the paired device; the session will have to pair again after a restart", "err", err)
	}
	s.update(func(st *Status) {
		st.QR, st.PairingPhone, st.PairingCode, st.IsNewLogin = "", "", "", true
		st.Me = events.Me{ID: e.ID, LID: e.LID, Name: cli.Store.PushName}
	}, s.tr.Translate(context.Background(), e)...)
}

// onOpen: the connection is logged in.
func (s *Session) onOpen(cli *whatsmeow.Client) {
	s.stopQR()
	s.mu.Lock()
	if r := s.run; r != nil {
		select {
		case r.opened <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
	if id := cli.Store.ID; id != nil {
		// Also covers a device paired before the registry existed or whose record was lost.
		if err := s.m.reg.put(context.Background(), s.name, *id); err != nil {
			s.log.Error("could not record the paired device", "err", err)
		}
	}
	me := meOf(cli.Store)
	s.update(func(st *Status) {
		st.State, st.QR, st.LastError, st.Me = StateOpen, "", nil, me
	}, s.tr.Translate(context.Background(), &wmevents.Connected{})...)
	s.presenceOnOpen(cli)
}

// onLoggedOut: the account removed this device (or the server refused it). whatsmeow has deleted
// the device's store; the session forgets the device and pairs anew on the next Connect.
func (s *Session) onLoggedOut(err *errs.Error) {
	if rerr := s.m.reg.remove(context.Background(), s.name); rerr != nil {
		s.log.Error("could not forget the logged-out device", "err", rerr)
	}
	s.update(func(st *Status) { st.Me = events.Me{}; st.IsNewLogin = false }, nil...)
	s.signal(down{err: err, retry: false})
}

// freshDeviceIfLoggedOut replaces the client when its device was deleted by a logout: a deleted
// device keeps its old keys but lost its JID, and must not be reused for a new pairing.
func (s *Session) freshDeviceIfLoggedOut() {
	cli := s.client()
	if cli.Store.ID == nil && cli.Store.Account != nil {
		s.installClient(s.m.container.NewDevice())
	}
}

// PairPhone asks for a pairing code for phone (international format, digits only or with '+')
// instead of scanning a QR code: Baileys' requestPairingCode. The session must be connecting and
// unpaired (the QR stage).
func (s *Session) PairPhone(ctx context.Context, phone string) (string, error) {
	cli := s.client()
	if cli.Store.ID != nil {
		return "", errs.New(400, "session "+s.name+" is already paired")
	}
	if !cli.IsConnected() {
		return "", errs.New(errs.ConnectionClosed, "Connection Closed")
	}
	ctx, cancel := s.callContext(ctx)
	defer cancel()
	kind, display := s.conn.get().pairClient()
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	s.update(func(st *Status) { st.PairingPhone = digits })
	code, err := cli.PairPhone(ctx, phone, true, kind, display)
	if err != nil {
		s.update(func(st *Status) { st.PairingPhone = "" })
		return "", errs.FromWhatsmeow(err)
	}
	s.update(func(st *Status) { st.PairingCode = code })
	return code, nil
}

// Logout unlinks the device from the account (Baileys' logout()), forgets it, and closes the
// connection with 401. The queue and message store stay.
func (s *Session) Logout(ctx context.Context) error {
	cli := s.client()
	if cli.Store.ID == nil {
		return errs.New(errs.LoggedOut, "session "+s.name+" is not logged in")
	}
	ctx, cancel := s.callContext(ctx)
	defer cancel()
	if err := cli.Logout(ctx); err != nil {
		return errs.FromWhatsmeow(err)
	}
	s.onLoggedOut(errs.New(errs.LoggedOut, "Intentional Logout"))
	// The supervisor ends on that signal by itself; cancelling it here could race the 401 away.
	s.mu.Lock()
	r := s.run
	s.mu.Unlock()
	if r != nil {
		<-r.done
	}
	return nil
}
