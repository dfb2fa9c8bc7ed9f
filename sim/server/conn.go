package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/wire"
)

// serveWS runs one client connection for its whole life on the HTTP handler's goroutine.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	if !s.track() {
		http.Error(w, "simulator is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	ws, err := wire.Upgrade(w, r)
	if err != nil {
		s.log.Debug("sim: websocket upgrade", "err", err)
		return
	}
	hctx, cancel := context.WithTimeout(s.ctx, s.hsTimeout)
	conn, payload, err := wire.Accept(hctx, ws, s.identity)
	cancel()
	if err != nil {
		s.log.Debug("sim: handshake failed", "remote", r.RemoteAddr, "err", err)
		_ = ws.Close(websocket.StatusProtocolError, "handshake failed")
		return
	}
	sess := newSession(s, conn, payload)
	if payload.Username == nil {
		s.serveRegistration(sess)
		return
	}
	s.serveLogin(sess, payload.GetUsername(), payload.GetDevice())
}

// track counts a connection goroutine unless the server is closing.
func (s *Server) track() bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

func (s *Server) serveRegistration(sess *Session) {
	if !s.addOpen(sess) {
		return
	}
	s.hmu.RLock()
	onRegister := s.onRegister
	s.hmu.RUnlock()
	sess.run(func() {
		if onRegister == nil {
			sess.closeWith(&waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "403", "location": "sim"}})
			return
		}
		sess.Go(func(context.Context) { onRegister(sess) })
	})
}

// serveLogin checks that the device exists and presents the Noise key it paired with, then answers
// success (replacing an older connection of the same device) or failure 401.
func (s *Server) serveLogin(sess *Session, username uint64, device uint32) {
	jid := types.JID{User: strconv.FormatUint(username, 10), Server: types.DefaultUserServer, Device: uint16(device)}
	dev, err := s.accounts.Device(jid)
	var acct *accounts.Account
	if err == nil {
		acct, err = s.accounts.Account(jid.User)
	}
	static := sess.ClientStatic()
	if err != nil || device > 0xffff || dev.Virtual() || string(dev.NoisePub) != string(static[:]) {
		if err != nil && !errors.Is(err, accounts.ErrNotFound) {
			s.log.Error("sim: login lookup", "device", jid, "err", err)
		}
		s.log.Debug("sim: login refused", "device", jid)
		s.refuse(sess, "401")
		return
	}
	sess.device, sess.lid = jid, acct.DeviceLID(jid.Device)
	if !s.addOpen(sess) {
		return
	}
	old := s.register(sess)
	if old != nil {
		old.closeWith(&waBinary.Node{Tag: "stream:error", Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "replaced"}}}})
	}
	sess.run(func() {
		_ = sess.Send(&waBinary.Node{Tag: "success", Attrs: waBinary.Attrs{
			"t": time.Now().Unix(), "lid": sess.lid, "location": "sim", "creation": dev.Created.Unix(),
			"props": "1", "abprops": "1",
		}})
		s.hmu.RLock()
		hooks := s.onLogin
		s.hmu.RUnlock()
		for _, fn := range hooks {
			fn(sess)
		}
	})
}

// refuse answers a login with <failure reason> and closes; the session never becomes visible.
func (s *Server) refuse(sess *Session, reason string) {
	go sess.writeLoop()
	sess.closeWith(&waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": reason, "location": "sim"}})
	select {
	case <-sess.writerEnd:
	case <-time.After(writeTimeout):
		sess.cancel()
		<-sess.writerEnd
	}
	sess.cancel()
	_ = sess.conn.CloseNow()
	close(sess.finished)
}

// addOpen records a session for shutdown; false (and the connection dropped) if the server is closing.
func (s *Server) addOpen(sess *Session) bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.closed {
		sess.cancel()
		_ = sess.conn.CloseNow()
		close(sess.finished)
		return false
	}
	s.all[sess] = struct{}{}
	return true
}

// register makes sess the live connection of its device and returns the one it replaces.
func (s *Server) register(sess *Session) *Session {
	s.smu.Lock()
	defer s.smu.Unlock()
	old := s.sessions[sess.device]
	s.sessions[sess.device] = sess
	st := s.stats[sess.device]
	if st == nil {
		st = &ConnStats{}
		s.stats[sess.device] = st
	}
	st.Connects++
	st.ConnectedSince = time.Now().UTC()
	return old
}

func (s *Server) unregister(sess *Session) {
	s.smu.Lock()
	delete(s.all, sess)
	wasLive := !sess.device.IsEmpty() && s.sessions[sess.device] == sess
	if wasLive {
		delete(s.sessions, sess.device)
	}
	s.smu.Unlock()
	if !wasLive {
		return
	}
	s.hmu.RLock()
	hooks := s.onClose
	s.hmu.RUnlock()
	for _, fn := range hooks {
		fn(sess)
	}
}

// Session returns the live connection of a device, or nil.
func (s *Server) Session(dev types.JID) *Session {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.sessions[normDevice(dev)]
}

// Sessions returns the live connections of an account's devices.
func (s *Server) Sessions(user types.JID) []*Session {
	s.smu.Lock()
	defer s.smu.Unlock()
	var out []*Session
	for jid, sess := range s.sessions {
		if jid.User == user.User {
			out = append(out, sess)
		}
	}
	return out
}

// Connected reports whether a device has a live connection.
func (s *Server) Connected(dev types.JID) bool { return s.Session(dev) != nil }

// normDevice strips agent fields so a JID can be used as a map key.
func normDevice(j types.JID) types.JID {
	return types.JID{User: j.User, Server: j.Server, Device: j.Device}
}
