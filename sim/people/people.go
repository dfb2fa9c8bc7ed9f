// Package people runs the simulator's simulated people: accounts whose companion device is an
// unmodified in-process whatsmeow client, paired by the account's virtual phone, kept on the store
// package's badger container inside the simulator's own database. People reconnect whenever the
// simulator starts, record what they receive (decrypted, media downloaded) under "sim/people/" in
// arrival order, and send text, media, replies, mentions and reactions, to users or groups.
package people

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/server"
	"github.com/botrt/botrt/store"
)

var (
	// ErrBadPhone is returned for a phone number that is not 5 to 20 digits.
	ErrBadPhone = errors.New("people: bad phone number")
	// ErrNotFound is returned for a phone number that is not a person.
	ErrNotFound = errors.New("people: no such person")
	// ErrNotPerson is returned when creating a person on an account of a real client.
	ErrNotPerson = errors.New("people: the account belongs to a client, not to a simulated person")
	// ErrBadRequest is returned for a message or group that cannot be built as asked.
	ErrBadRequest = errors.New("people: bad request")
	// ErrUnknownMessage is returned for a message id the person has not seen.
	ErrUnknownMessage = errors.New("people: unknown message id")
	// ErrNotRunning is returned before Start and after Close.
	ErrNotRunning = errors.New("people: the simulator is not serving")
)

// Timeouts of work a person does on its own, outside any caller's context.
const (
	downloadTimeout = 30 * time.Second
	// ackWait bounds how long Close waits for people to acknowledge what they were sent: closing a
	// whatsmeow client while it writes an ack races inside whatsmeow.
	ackWait = 2 * time.Second
)

// Service creates and runs the people of one simulator.
type Service struct {
	srv       *server.Server
	pairer    *auth.Pairer
	db        *badger.DB
	container *store.Container
	log       *slog.Logger
	clientLog waLog.Logger

	createMu sync.Mutex // one pairing at a time keeps Create idempotent
	obs      observers

	mu       sync.Mutex
	addr     func() string // set by Start
	people   map[string]*person
	closed   bool
	handlers sync.WaitGroup // event handlers at work; Close waits for them
	ctx      context.Context
	cancel   context.CancelFunc
}

// New builds the people service of a simulator whose state is in db. clientLog receives the people's
// whatsmeow logs (nil discards them).
func New(srv *server.Server, db *store.DB, pairer *auth.Pairer, clientLog waLog.Logger) *Service {
	if clientLog == nil {
		clientLog = waLog.Noop
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{srv: srv, pairer: pairer, db: db.Badger(), container: store.NewContainer(db, clientLog),
		log: srv.Logger(), clientLog: clientLog, people: map[string]*person{}, ctx: ctx, cancel: cancel}
}

// Start connects every stored person to the simulator listening at addr(). A person whose device is
// gone (logged out) is reported in the log and left out.
func (s *Service) Start(addr func() string) error {
	recs, err := loadRecords(s.db)
	if err != nil {
		return fmt.Errorf("people: load: %w", err)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrNotRunning
	}
	s.addr = addr
	s.mu.Unlock()
	for _, rec := range recs {
		dev, err := s.container.GetDevice(s.ctx, rec.Device)
		if err != nil || dev == nil {
			s.log.Error("sim people: device of person is gone", "phone", rec.Phone, "device", rec.Device, "err", err)
			continue
		}
		p, err := s.newPerson(rec, dev)
		if err != nil {
			return err
		}
		if err := p.cli.Connect(); err != nil {
			// Not fatal: the others may still work, and Send reports this one as not connected.
			s.log.Error("sim people: connect", "phone", rec.Phone, "err", err)
		}
		s.mu.Lock()
		s.people[rec.Phone] = p
		s.mu.Unlock()
	}
	return nil
}

// Close disconnects every person and waits for their event handlers to finish.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	list := make([]*person, 0, len(s.people))
	for _, p := range s.people {
		list = append(list, p)
	}
	s.mu.Unlock()
	for _, p := range list {
		p.waitAcked(ackWait)
		p.cli.Disconnect()
	}
	s.cancel()
	s.handlers.Wait()
}

// enter registers an event handler at work; false once closing.
func (s *Service) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

// Info describes a person in the listing.
type Info struct {
	Phone     string `json:"phone"`
	JID       string `json:"jid"`
	Name      string `json:"name"`
	Device    string `json:"device"`
	Connected bool   `json:"connected"`
}

// List returns every running person, by phone number.
func (s *Service) List() []Info {
	s.mu.Lock()
	out := make([]Info, 0, len(s.people))
	for _, p := range s.people {
		out = append(out, Info{Phone: p.rec.Phone, JID: p.jid().String(), Name: p.rec.Name,
			Device: p.rec.Device.String(), Connected: p.cli.IsLoggedIn()})
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Phone < out[j].Phone })
	return out
}

// Create makes phone a person named name: a new account (unless a person's account with that number
// exists) with a companion paired by its phone and logged in. It is idempotent: for an existing person
// it only returns the JID.
func (s *Service) Create(ctx context.Context, phone, name string) (types.JID, error) {
	if err := accounts.ValidPhone(phone); err != nil {
		return types.EmptyJID, fmt.Errorf("%w: %w", ErrBadPhone, err)
	}
	s.createMu.Lock()
	defer s.createMu.Unlock()
	if p, err := s.person(phone); err == nil {
		return p.jid(), nil
	} else if !errors.Is(err, ErrNotFound) {
		return types.EmptyJID, err
	}
	reg := s.srv.Accounts()
	acct, err := reg.Account(phone)
	if errors.Is(err, accounts.ErrNotFound) {
		acct, err = reg.CreateAccount(accounts.NewAccount{Phone: phone, Name: name, Person: true})
	}
	if err != nil {
		return types.EmptyJID, fmt.Errorf("people: create %s: %w", phone, err)
	}
	if !acct.Person {
		return types.EmptyJID, fmt.Errorf("%w: %s", ErrNotPerson, phone)
	}
	p, err := s.pair(ctx, phone, name)
	if err != nil {
		return types.EmptyJID, fmt.Errorf("people: pair %s: %w", phone, err)
	}
	return p.jid(), nil
}

// person returns the running person with this number.
func (s *Service) person(phone string) (*person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.addr == nil {
		return nil, ErrNotRunning
	}
	p := s.people[phone]
	if p == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, phone)
	}
	return p, nil
}

// Received returns what the person received, oldest first, after message id after ("" = all).
func (s *Service) Received(phone, after string) ([]Message, error) {
	if _, err := s.person(phone); err != nil {
		return nil, err
	}
	return listReceived(s.db, phone, after)
}

// Wait waits until the person has received, after message id after ("" = from the first), a message
// that satisfies match (nil matches any), looking at what was received already first, and returns the
// first such message.
func (s *Service) Wait(ctx context.Context, phone, after string, match func(Message) bool) (Message, error) {
	p, err := s.person(phone)
	if err != nil {
		return Message{}, err
	}
	for {
		changed := p.changed() // taken before reading, so a message stored meanwhile wakes us
		msgs, err := listReceived(s.db, phone, after)
		if err != nil {
			return Message{}, err
		}
		for _, m := range msgs {
			if match == nil || match(m) {
				return m, nil
			}
		}
		if len(msgs) > 0 {
			after = msgs[len(msgs)-1].ID
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Message{}, fmt.Errorf("people: %s waits for a message: %w", phone, ctx.Err())
		}
	}
}

// MediaOf returns the downloaded attachment of received message id and its description.
func (s *Service) MediaOf(phone, id string) (*Media, []byte, error) {
	if _, err := s.person(phone); err != nil {
		return nil, nil, err
	}
	msg, data, err := getMedia(s.db, phone, id)
	if err != nil {
		return nil, nil, err
	}
	return msg.Media, data, nil
}

// resolve turns a JID as a client saw it into the account's phone-number JID: LIDs are looked up,
// device numbers dropped. Unknown LIDs stay as they are.
func (s *Service) resolve(jid types.JID) types.JID {
	if jid.Server == types.HiddenUserServer {
		if acct, err := s.srv.Accounts().Resolve(jid); err == nil {
			return acct.JID()
		}
	}
	return jid.ToNonAD()
}
