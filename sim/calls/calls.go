// Package calls carries call signalling between accounts: an offer (made through the Go API, since
// neither whatsmeow nor Baileys can place calls) rings every companion of the callee, and the <call>
// stanzas clients send back (reject, accept, terminate, ...) are acked and forwarded to the other party.
// No media flows: the simulator only tracks each call's state. Calls are not persisted; a restart ends
// them, as a dropped connection ends a real call.
package calls

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// States of a call.
const (
	StateRinging    = "ringing"
	StateAccepted   = "accepted"
	StateRejected   = "rejected"
	StateTerminated = "terminated"
)

// ErrUnknownCall is returned for a call id the service does not know.
var ErrUnknownCall = errors.New("calls: unknown call")

// Call is one call between two accounts.
type Call struct {
	ID     string    `json:"id"`
	Caller types.JID `json:"caller"` // phone-number JID of the calling account
	Callee types.JID `json:"callee"`
	Video  bool      `json:"video"`
	State  string    `json:"state"`
	// By is the device that ended or answered the call (empty while ringing or when the Go API ended it).
	By types.JID `json:"by,omitzero"`

	ended chan struct{}
}

// Service tracks calls on one server.
type Service struct {
	srv   *server.Server
	reg   *accounts.Registry
	mu    sync.Mutex
	calls map[string]*Call
	idSeq atomic.Uint64
}

// Register installs <call> stanza handling on srv.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, reg: srv.Accounts(), calls: map[string]*Call{}}
	srv.HandleStanza("call", s.handleCall)
	return s
}

// Offer rings every companion of callee with a call from caller (both accounts, phone or LID JIDs).
func (s *Service) Offer(ctx context.Context, caller, callee types.JID, video bool) (Call, error) {
	from, err := s.reg.Resolve(caller)
	if err != nil {
		return Call{}, fmt.Errorf("calls: caller %s: %w", caller, err)
	}
	to, err := s.reg.Resolve(callee)
	if err != nil {
		return Call{}, fmt.Errorf("calls: callee %s: %w", callee, err)
	}
	if from.Phone == to.Phone {
		return Call{}, fmt.Errorf("calls: %s cannot call itself", caller)
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	c := &Call{ID: hex.EncodeToString(b[:]), Caller: from.JID(), Callee: to.JID(), Video: video, State: StateRinging,
		ended: make(chan struct{})}
	s.mu.Lock()
	s.calls[c.ID] = c
	s.mu.Unlock()

	media := []waBinary.Node{{Tag: "audio", Attrs: waBinary.Attrs{"enc": "opus", "rate": "16000"}}}
	if video {
		media = append(media, waBinary.Node{Tag: "video", Attrs: waBinary.Attrs{"enc": "vp8"}})
	}
	offer := waBinary.Node{Tag: "offer", Attrs: waBinary.Attrs{"call-id": c.ID, "call-creator": c.Caller,
		"caller_lid": from.LIDJID()}, Content: media}
	s.forward(ctx, from.DeviceJID(accounts.PhoneDevice), to.Phone, types.EmptyJID, offer,
		waBinary.Attrs{"platform": "android", "version": "2.24.0"})
	return c.snapshot(), nil
}

// Terminate ends a call from the caller's side (hang-up or ring timeout) and tells the callee's devices.
func (s *Service) Terminate(ctx context.Context, id string) error {
	c, err := s.end(id, StateTerminated, types.EmptyJID)
	if err != nil {
		return err
	}
	s.forward(ctx, c.Caller, c.Callee.User, types.EmptyJID, waBinary.Node{Tag: "terminate",
		Attrs: waBinary.Attrs{"call-id": c.ID, "call-creator": c.Caller}}, nil)
	return nil
}

// Get returns a call's current state.
func (s *Service) Get(id string) (Call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calls[id]
	if !ok {
		return Call{}, fmt.Errorf("%w: %s", ErrUnknownCall, id)
	}
	return c.snapshot(), nil
}

// Wait returns a call once it was rejected or terminated, or ctx's error.
func (s *Service) Wait(ctx context.Context, id string) (Call, error) {
	s.mu.Lock()
	c, ok := s.calls[id]
	s.mu.Unlock()
	if !ok {
		return Call{}, fmt.Errorf("%w: %s", ErrUnknownCall, id)
	}
	select {
	case <-c.ended:
		return s.Get(id)
	case <-ctx.Done():
		return Call{}, ctx.Err()
	}
}

func (c *Call) snapshot() Call {
	out := *c
	out.ended = nil
	return out
}

// end moves a ringing or accepted call to a final state; ending an ended call is ErrUnknownCall's
// sibling: it reports the state it is already in.
func (s *Service) end(id, state string, by types.JID) (*Call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calls[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownCall, id)
	}
	if c.State == StateRejected || c.State == StateTerminated {
		return nil, fmt.Errorf("calls: call %s already %s", id, c.State)
	}
	c.State, c.By = state, by
	close(c.ended)
	return c, nil
}

// forward delivers <call from …><child/></call> to every companion of the account phone except the
// device skip.
func (s *Service) forward(ctx context.Context, from types.JID, phone string, skip types.JID, child waBinary.Node, extra waBinary.Attrs) {
	devs, err := s.reg.Devices(phone)
	if err != nil {
		s.srv.Logger().Error("sim/calls: devices", "account", phone, "err", err)
		return
	}
	for _, d := range devs {
		if d.Virtual() || d.JID() == skip {
			continue
		}
		attrs := waBinary.Attrs{"from": from, "id": s.nextID(), "t": time.Now().Unix()}
		for k, v := range extra {
			attrs[k] = v
		}
		node := &waBinary.Node{Tag: "call", Attrs: attrs, Content: []waBinary.Node{child}}
		if err := s.srv.Deliver(ctx, d.JID(), node); err != nil {
			s.srv.Logger().Debug("sim/calls: not delivered", "device", d.JID(), "err", err)
		}
	}
}

func (s *Service) nextID() string {
	return "call." + strconv.FormatUint(s.idSeq.Add(1), 10)
}
