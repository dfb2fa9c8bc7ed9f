// Package register issues registration codes for new phone numbers, the simulator's stand-in for the
// SMS or voice call WhatsApp sends: RequestCode records a six-digit code (shown by the Go API and by
// GET /api/registrations), and Verify with that code creates the account. Pending codes are kept in
// badger under sim/register/ so a restarted simulator still accepts them.
package register

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

const prefix = "sim/register/"

// CodeTTL is how long a code stays valid.
const CodeTTL = 10 * time.Minute

// Methods a code can be "sent" by, as Baileys' requestRegistrationCode names them.
var Methods = []string{"sms", "voice", "captcha", "email", "wa_old"}

// Errors callers can tell apart.
var (
	ErrRegistered = errors.New("register: number already has an account")
	ErrNoCode     = errors.New("register: no pending code for this number")
	ErrWrongCode  = errors.New("register: wrong or expired code")
	ErrBadRequest = errors.New("register: bad request")
)

// Registration is one pending code.
type Registration struct {
	Phone   string    `json:"phone"`
	Method  string    `json:"method"`
	Code    string    `json:"code"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// Service issues and checks codes on one server.
type Service struct {
	srv *server.Server
	db  *badger.DB
	reg *accounts.Registry
	mu  sync.Mutex // serialises code requests against verification of one number
}

// Register creates the service and adds GET/POST /api/registrations and POST /api/registrations/verify.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, db: srv.DB(), reg: srv.Accounts()}
	s.routes()
	return s
}

// RequestCode issues a fresh code for phone (digits, a leading + is dropped), replacing any pending one.
func (s *Service) RequestCode(ctx context.Context, phone, method string) (Registration, error) {
	phone = strings.TrimPrefix(phone, "+")
	if err := accounts.ValidPhone(phone); err != nil {
		return Registration{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	if method == "" {
		method = "sms"
	}
	if !slices.Contains(Methods, method) {
		return Registration{}, fmt.Errorf("%w: method %q, want one of %v", ErrBadRequest, method, Methods)
	}
	if _, err := s.reg.Account(phone); err == nil {
		return Registration{}, fmt.Errorf("%w: %s", ErrRegistered, phone)
	} else if !errors.Is(err, accounts.ErrNotFound) {
		return Registration{}, err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return Registration{}, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	r := Registration{Phone: phone, Method: method, Code: fmt.Sprintf("%06d", n.Int64()), Created: now, Expires: now.Add(CodeTTL)}
	b, err := json.Marshal(r)
	if err != nil {
		return Registration{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(prefix+phone), b) }); err != nil {
		return Registration{}, fmt.Errorf("register: store code for %s: %w", phone, err)
	}
	s.srv.Logger().Info("sim: registration code", "phone", phone, "method", method, "code", r.Code)
	return r, nil
}

// Pending lists unexpired codes, oldest first.
func (s *Service) Pending() ([]Registration, error) {
	var out []Registration
	now := time.Now()
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r Registration
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r) }); err != nil {
				return err
			}
			if now.Before(r.Expires) {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register: list: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, nil
}

// Verify checks code for phone and, if it matches an unexpired code, creates the account (named name)
// and drops the code.
func (s *Service) Verify(ctx context.Context, phone, code, name string) (*accounts.Account, error) {
	phone = strings.TrimPrefix(phone, "+")
	s.mu.Lock()
	defer s.mu.Unlock()
	var r Registration
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefix + phone))
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error { return json.Unmarshal(b, &r) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNoCode, phone)
	} else if err != nil {
		return nil, fmt.Errorf("register: verify %s: %w", phone, err)
	}
	code = strings.ReplaceAll(code, "-", "") // codes are often written 123-456
	if code != r.Code || !time.Now().Before(r.Expires) {
		return nil, ErrWrongCode
	}
	acct, err := s.reg.CreateAccount(accounts.NewAccount{Phone: phone, Name: name})
	if errors.Is(err, accounts.ErrExists) {
		return nil, fmt.Errorf("%w: %s", ErrRegistered, phone)
	} else if err != nil {
		return nil, err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte(prefix + phone)) }); err != nil {
		return nil, fmt.Errorf("register: drop used code of %s: %w", phone, err)
	}
	return acct, nil
}
