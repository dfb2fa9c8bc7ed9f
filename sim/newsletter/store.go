// Package newsletter hosts channels: creation, metadata by JID or invite code, follow/unfollow and mute
// through the w:mex GraphQL queries whatsmeow's newsletter.go sends, and posts by the channel's owner
// relayed in plaintext (channels are not end-to-end encrypted) to every follower's devices with a
// server id. State lives in badger under sim/newsletter/.
package newsletter

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// Key layout under sim/newsletter/: n/<id> Channel, i/<invite> id, f/<id>/<phone> Follow,
// m/<id>/<server id, 12 digits> Post.
const (
	prefixChannel = "sim/newsletter/n/"
	prefixInvite  = "sim/newsletter/i/"
	prefixFollow  = "sim/newsletter/f/"
	prefixPost    = "sim/newsletter/m/"
)

// Errors callers can tell apart.
var (
	ErrNotFound  = errors.New("newsletter: no such channel")
	ErrForbidden = errors.New("newsletter: not allowed")
	ErrInvalid   = errors.New("newsletter: invalid request")
)

// Channel is one newsletter.
type Channel struct {
	ID          string `json:"id"` // user part of the …@newsletter JID
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Invite      string `json:"invite"`
	Owner       string `json:"owner"` // phone
	Created     int64  `json:"created"`
	Updated     int64  `json:"updated"` // unix microseconds of the last name/description change
	NextServer  int    `json:"next_server"`
}

// JID is the channel's JID.
func (c *Channel) JID() types.JID { return types.NewJID(c.ID, types.NewsletterServer) }

// Follow is one account's subscription.
type Follow struct {
	Role  string `json:"role"` // owner or subscriber
	Muted bool   `json:"muted,omitempty"`
}

// Post is one message in a channel.
type Post struct {
	ServerID  int    `json:"server_id"`
	ID        string `json:"id"`
	Type      string `json:"type"`
	T         int64  `json:"t"`
	Plaintext []byte `json:"plaintext"`
	MediaType string `json:"mediatype,omitempty"`
}

// Service hosts channels on one server.
type Service struct {
	srv *server.Server
	db  *badger.DB
	reg *accounts.Registry
	mu  sync.Mutex // serialises channel updates (server ids, followers)
}

// Register creates the service and installs the w:mex namespace and messages to @newsletter.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, db: srv.DB(), reg: srv.Accounts()}
	srv.HandleIQ("w:mex", s.handleMex)
	srv.HandleStanzaTo("message", types.NewsletterServer, s.handleMessage)
	return s
}

// Create makes a channel owned by the account phone, which follows it as owner.
func (s *Service) Create(phone, name, description string) (*Channel, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: a channel needs a name", ErrInvalid)
	}
	if _, err := s.reg.Account(phone); err != nil {
		return nil, fmt.Errorf("newsletter: owner: %w", err)
	}
	now := time.Now()
	c := &Channel{ID: "1203630" + randomDigits(11), Name: name, Description: description, Invite: randomInvite(), Owner: phone,
		Created: now.Unix(), Updated: now.UnixMicro(), NextServer: 100}
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := jsonkv.Put(txn, prefixChannel+c.ID, c); err != nil {
			return err
		}
		if err := txn.Set([]byte(prefixInvite+c.Invite), []byte(c.ID)); err != nil {
			return err
		}
		return jsonkv.Put(txn, prefixFollow+c.ID+"/"+phone, Follow{Role: "owner"})
	})
	if err != nil {
		return nil, fmt.Errorf("newsletter: create: %w", err)
	}
	return c, nil
}

// Channel finds a channel by JID.
func (s *Service) Channel(jid types.JID) (*Channel, error) {
	if jid.Server != types.NewsletterServer {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, jid)
	}
	var c Channel
	err := s.db.View(func(txn *badger.Txn) error { return jsonkv.Get(txn, prefixChannel+jid.User, &c) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, jid)
	}
	return &c, err
}

// ByInvite finds a channel by its invite code.
func (s *Service) ByInvite(code string) (*Channel, error) {
	var id string
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefixInvite + code))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		id = string(v)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: invite %s", ErrNotFound, code)
	} else if err != nil {
		return nil, err
	}
	return s.Channel(types.NewJID(id, types.NewsletterServer))
}

// Following returns phone's subscription to a channel, nil if none.
func (s *Service) Following(id, phone string) (*Follow, error) {
	var f Follow
	err := s.db.View(func(txn *badger.Txn) error { return jsonkv.Get(txn, prefixFollow+id+"/"+phone, &f) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	return &f, err
}

// Followers lists the phones following a channel with their subscriptions.
func (s *Service) Followers(id string) (map[string]Follow, error) {
	out := map[string]Follow{}
	prefix := prefixFollow + id + "/"
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var f Follow
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &f) }); err != nil {
				return err
			}
			out[string(it.Item().Key()[len(prefix):])] = f
		}
		return nil
	})
	return out, err
}

// Subscribed lists the channels phone follows.
func (s *Service) Subscribed(phone string) ([]*Channel, error) {
	var out []*Channel
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixFollow)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := string(it.Item().Key()[len(prefixFollow):])
			id, who, ok := strings.Cut(key, "/")
			if !ok || who != phone {
				continue
			}
			var c Channel
			if err := jsonkv.Get(txn, prefixChannel+id, &c); err != nil {
				return err
			}
			out = append(out, &c)
		}
		return nil
	})
	return out, err
}

// SetFollow follows (f non-nil) or unfollows (nil) a channel; the owner cannot unfollow its channel.
func (s *Service) SetFollow(jid types.JID, phone string, fn func(*Follow) *Follow) error {
	c, err := s.Channel(jid)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		key := prefixFollow + c.ID + "/" + phone
		var cur *Follow
		var f Follow
		if err := jsonkv.Get(txn, key, &f); err == nil {
			cur = &f
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		next := fn(cur)
		if next == nil {
			if cur != nil && cur.Role == "owner" {
				return fmt.Errorf("%w: the owner cannot unfollow its channel", ErrForbidden)
			}
			return txn.Delete([]byte(key))
		}
		return jsonkv.Put(txn, key, next)
	})
}

// Post stores a message from the channel's owner and returns it with its server id.
func (s *Service) Post(jid types.JID, phone string, p Post) (Post, error) {
	c, err := s.Channel(jid)
	if err != nil {
		return Post{}, err
	}
	if c.Owner != phone {
		return Post{}, fmt.Errorf("%w: only the owner posts to %s", ErrForbidden, jid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.db.Update(func(txn *badger.Txn) error {
		var cur Channel
		if err := jsonkv.Get(txn, prefixChannel+c.ID, &cur); err != nil {
			return err
		}
		p.ServerID, p.T = cur.NextServer, time.Now().Unix()
		cur.NextServer++
		if err := jsonkv.Put(txn, prefixChannel+c.ID, cur); err != nil {
			return err
		}
		return jsonkv.Put(txn, fmt.Sprintf("%s%s/%012d", prefixPost, c.ID, p.ServerID), p)
	})
	return p, err
}

func randomDigits(n int) string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	s := strconv.FormatUint(binary.BigEndian.Uint64(b[:]), 10)
	for len(s) < n {
		s = "0" + s
	}
	return s[:n]
}

func randomInvite() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])[:22]
}
