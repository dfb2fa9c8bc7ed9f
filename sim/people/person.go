package people

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/auth"
	"github.com/botrt/botrt/sim/client"
	"github.com/botrt/botrt/sim/internal/jsonkv"
)

// person is one simulated person with its running whatsmeow client.
type person struct {
	svc *Service
	rec record
	cli *whatsmeow.Client

	mu     sync.Mutex    // orders appends of received messages
	seq    uint64        // newest stored received message
	notify chan struct{} // closed and replaced after each stored message
}

func (s *Service) newPerson(rec record, dev *wastore.Device) (*person, error) {
	seq, err := lastSeq(s.db, rec.Phone)
	if err != nil {
		return nil, fmt.Errorf("people: %s: %w", rec.Phone, err)
	}
	p := &person{svc: s, rec: rec, seq: seq, notify: make(chan struct{})}
	s.mu.Lock()
	addr := s.addr
	s.mu.Unlock()
	p.cli = client.New(dev, addr, s.clientLog)
	// Acks only after the handler stored the message: a crash before that gets it delivered again.
	p.cli.SynchronousAck = true
	p.cli.AddEventHandler(p.handle)
	return p, nil
}

func (p *person) jid() types.JID { return types.NewJID(p.rec.Phone, types.DefaultUserServer) }

// pair links a new companion for phone by showing its QR code to the account's phone, and waits until
// it is logged in; the person is then stored and running.
func (s *Service) pair(ctx context.Context, phone, name string) (*person, error) {
	s.mu.Lock()
	running := !s.closed && s.addr != nil
	s.mu.Unlock()
	if !running {
		return nil, ErrNotRunning
	}
	dev := s.container.NewDevice()
	dev.PushName = name
	p, err := s.newPerson(record{Phone: phone, Name: name}, dev)
	if err != nil {
		return nil, err
	}
	qrCtx, stopQR := context.WithCancel(ctx)
	defer stopQR()
	qrs, err := p.cli.GetQRChannel(qrCtx)
	if err != nil {
		return nil, err
	}
	if err := p.cli.Connect(); err != nil {
		return nil, err
	}
	fail := func(err error) (*person, error) {
		p.cli.Disconnect()
		return nil, err
	}
	var code string
	select {
	case item := <-qrs:
		if item.Event != "code" {
			return fail(fmt.Errorf("expected a QR code, got %q (%v)", item.Event, item.Error))
		}
		code = item.Code
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	go func() {
		for range qrs { // whatsmeow closes it on success, failure or when qrCtx ends
		}
	}()
	if _, err := s.pairer.Link(ctx, code, auth.LinkOptions{Phone: phone, Name: name}); err != nil {
		return fail(err)
	}
	if err := p.waitLoggedIn(ctx); err != nil {
		return fail(err)
	}
	p.rec.Device = *p.cli.Store.ID
	if err := s.db.Update(func(txn *badger.Txn) error { return jsonkv.Put(txn, personKey(phone), &p.rec) }); err != nil {
		return fail(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		p.cli.Disconnect()
		return nil, ErrNotRunning
	}
	s.people[phone] = p
	return p, nil
}

// waitLoggedIn waits until the client has logged in (after pairing or a reconnect).
func (p *person) waitLoggedIn(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !p.cli.IsLoggedIn() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s is not logged in: %w", p.rec.Phone, ctx.Err())
		case <-tick.C:
		}
	}
	return nil
}

// waitAcked waits, at most d, until the server holds nothing unacknowledged for the person's device.
func (p *person) waitAcked(d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if n, err := p.svc.srv.PendingCount(p.rec.Device); err != nil || n == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *person) handle(evt any) {
	if m, ok := evt.(*events.Message); ok {
		p.receive(m)
		return
	}
	p.observe(evt)
}

// receive records a message the person got, with its media downloaded.
func (p *person) receive(evt *events.Message) {
	s := p.svc
	if !s.enter() {
		return
	}
	defer s.handlers.Done()
	c, ok := contentOf(evt.Message)
	if !ok {
		return
	}
	msg := &Message{ID: evt.Info.ID, Chat: s.resolve(evt.Info.Chat).String(), From: s.resolve(evt.Info.Sender).String(),
		Timestamp: evt.Info.Timestamp.Unix(), Type: c.typ, Text: c.text, Caption: c.caption, PushName: evt.Info.PushName,
		React: c.react}
	if c.ctx != nil {
		msg.Quoted = c.ctx.GetStanzaID()
		for _, j := range c.ctx.GetMentionedJID() {
			if jid, err := types.ParseJID(j); err == nil {
				j = s.resolve(jid).String()
			}
			msg.Mentions = append(msg.Mentions, j)
		}
	}
	var data []byte
	if c.media != nil {
		msg.Media = &Media{Mimetype: c.mimetype, FileName: c.fileName}
		ctx, cancel := context.WithTimeout(s.ctx, downloadTimeout)
		var err error
		data, err = p.cli.Download(ctx, c.media)
		cancel()
		switch {
		case s.ctx.Err() != nil:
			return // closing: left unstored (and unacked), so it comes again after a restart
		case err != nil:
			msg.Media.Error = fmt.Sprintf("download failed: %v", err)
		default:
			msg.Media.Size = len(data)
			msg.Media.URL = fmt.Sprintf("/api/people/%s/media/%s", p.rec.Phone, url.PathEscape(msg.ID))
		}
	}
	rawProto, err := proto.Marshal(evt.Message)
	if err != nil {
		s.log.Error("sim people: marshal received message", "phone", p.rec.Phone, "id", msg.ID, "err", err)
		return
	}
	raw := &rawMessage{Chat: s.resolve(evt.Info.Chat), Sender: s.resolve(evt.Info.Sender), FromMe: evt.Info.IsFromMe, Proto: rawProto}
	p.mu.Lock()
	defer p.mu.Unlock()
	stored, err := appendReceived(s.db, p.rec.Phone, p.seq+1, msg, raw, data)
	if err != nil && !errors.Is(err, badger.ErrDBClosed) {
		s.log.Error("sim people: store received message", "phone", p.rec.Phone, "id", msg.ID, "err", err)
	}
	if stored {
		p.seq++
		close(p.notify)
		p.notify = make(chan struct{})
	}
}

// changed returns a channel that is closed when the next message is stored.
func (p *person) changed() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.notify
}
