package server

import (
	"context"
	"errors"
	"fmt"
	"sync"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
)

// ErrUnknownDevice is returned when delivering to a device that does not exist.
var ErrUnknownDevice = errors.New("server: unknown device")

// Deliver hands a stanza that must not be lost to a device: it is stored in the device's offline queue,
// written at once if the device is connected and active, and otherwise flushed after its next <active/>.
// It leaves the queue when the device acknowledges it. A stanza whose acknowledgement key (tag, id, from,
// participant, type) is already pending for the device is dropped as a duplicate. dev may be a phone-number
// or LID device JID.
func (s *Server) Deliver(ctx context.Context, dev types.JID, node *waBinary.Node) error {
	dev, err := s.phoneForm(dev)
	if err != nil {
		return err
	}
	if dev.Device == accounts.PhoneDevice {
		s.hmu.RLock()
		sink := s.phoneSink
		s.hmu.RUnlock()
		if sink != nil {
			sink(ctx, dev, node)
		}
		return nil
	}
	mu := s.devLock(dev)
	mu.Lock()
	defer mu.Unlock()
	sess := s.Session(dev)
	if sess == nil {
		if _, err := s.accounts.Device(dev); err != nil {
			if errors.Is(err, accounts.ErrNotFound) {
				return fmt.Errorf("%w: %s", ErrUnknownDevice, dev)
			}
			return err
		}
	}
	if _, dup, err := s.queue.Push(dev, *node); err != nil || dup {
		return err
	}
	if sess != nil && sess.active {
		// A failed send leaves the stanza queued for the next connection.
		_ = sess.Send(node)
	}
	return nil
}

// Send writes a best-effort stanza (presence, chat state) to a device if it is connected; it reports
// whether the device was connected.
func (s *Server) Send(ctx context.Context, dev types.JID, node *waBinary.Node) bool {
	sess := s.Session(dev)
	if sess == nil {
		return false
	}
	return sess.Send(node) == nil
}

// flushOffline marks the session active and writes everything pending for its device, then the
// <ib><offline count/></ib> marker clients wait for before they consider themselves caught up.
func (s *Server) flushOffline(sess *Session) error {
	mu := s.devLock(sess.device)
	mu.Lock()
	defer mu.Unlock()
	sess.active = true
	if sess.flushed {
		return nil
	}
	sess.flushed = true
	entries, err := s.queue.Pending(sess.device)
	if err != nil {
		return err
	}
	for _, e := range entries {
		e.Node.Attrs["offline"] = "1"
		if err := sess.Send(e.Node); err != nil {
			return err
		}
	}
	return sess.Send(&waBinary.Node{Tag: "ib", Attrs: waBinary.Attrs{"from": types.ServerJID},
		Content: []waBinary.Node{{Tag: "offline", Attrs: waBinary.Attrs{"count": len(entries)}}}})
}

func (s *Server) setPassive(sess *Session) {
	mu := s.devLock(sess.device)
	mu.Lock()
	defer mu.Unlock()
	sess.active = false
}

// PendingCount is how many stanzas wait in a device's offline queue (for tests and the admin API).
func (s *Server) PendingCount(dev types.JID) (int, error) {
	entries, err := s.queue.Pending(normDevice(dev))
	return len(entries), err
}

func (s *Server) devLock(dev types.JID) *sync.Mutex {
	mu, _ := s.devLocks.LoadOrStore(normDevice(dev), &sync.Mutex{})
	return mu.(*sync.Mutex)
}

// phoneForm turns a LID device JID into the phone-number form the server keys devices by.
func (s *Server) phoneForm(dev types.JID) (types.JID, error) {
	switch dev.Server {
	case types.DefaultUserServer:
		return normDevice(dev), nil
	case types.HiddenUserServer:
		acct, err := s.accounts.Resolve(dev)
		if err != nil {
			return types.JID{}, fmt.Errorf("%w: %s", ErrUnknownDevice, dev)
		}
		return acct.DeviceJID(dev.Device), nil
	default:
		return types.JID{}, fmt.Errorf("%w: %s is not a user device", ErrUnknownDevice, dev)
	}
}
