package business

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/internal/jsonkv"
	"github.com/botrt/botrt/sim/server"
)

// Key layout under sim/business/: profile/<phone>, product/<phone>/<id>, collection/<phone>/<id>.
const (
	prefixProfile    = "sim/business/profile/"
	prefixProduct    = "sim/business/product/"
	prefixCollection = "sim/business/collection/"
)

// Errors callers can tell apart.
var (
	ErrNotBusiness = errors.New("business: not a business account")
	ErrNoProduct   = errors.New("business: no such product")
	ErrInvalid     = errors.New("business: invalid request")
)

// Service holds business data on one server.
type Service struct {
	srv *server.Server
	db  *badger.DB
	reg *accounts.Registry
	mu  sync.Mutex // serialises read-modify-write of products and profiles
}

// Register creates the service and installs the w:biz and w:biz:catalog namespaces.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, db: srv.DB(), reg: srv.Accounts()}
	srv.HandleIQ("w:biz", s.handleBiz)
	srv.HandleIQ("w:biz:catalog", s.handleCatalog)
	return s
}

// business returns the account if it is a business account.
func (s *Service) business(phone string) (*accounts.Account, error) {
	acct, err := s.reg.Account(phone)
	if err != nil {
		return nil, fmt.Errorf("business: %w", err)
	}
	if !acct.Business {
		return nil, fmt.Errorf("%w: %s", ErrNotBusiness, phone)
	}
	return acct, nil
}

// Profile returns a business account's profile (empty if never set).
func (s *Service) Profile(phone string) (Profile, error) {
	var p Profile
	if _, err := s.business(phone); err != nil {
		return p, err
	}
	err := s.db.View(func(txn *badger.Txn) error { return jsonkv.Get(txn, prefixProfile+phone, &p) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		err = nil
	}
	return p, err
}

// SetProfile replaces a business account's profile.
func (s *Service) SetProfile(phone string, p Profile) error {
	if _, err := s.business(phone); err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error { return jsonkv.Put(txn, prefixProfile+phone, p) })
}

// updateProfile applies fn to the stored profile.
func (s *Service) updateProfile(phone string, fn func(*Profile)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.Profile(phone)
	if err != nil {
		return err
	}
	fn(&p)
	return s.SetProfile(phone, p)
}

// Products lists a business's products in catalog order (oldest first); hidden ones only if withHidden.
func (s *Service) Products(phone string, withHidden bool) ([]Product, error) {
	if _, err := s.business(phone); err != nil {
		return nil, err
	}
	var out []Product
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte(prefixProduct + phone + "/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var p Product
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &p) }); err != nil {
				return err
			}
			if withHidden || !p.Hidden {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created < out[j].Created })
	return out, err
}

// AddProduct stores a new product and returns it with its id.
func (s *Service) AddProduct(phone string, p Product) (Product, error) {
	if p.Name == "" {
		return Product{}, fmt.Errorf("%w: a product needs a name", ErrInvalid)
	}
	if _, err := s.business(phone); err != nil {
		return Product{}, err
	}
	p.ID, p.Created = newID(), time.Now().UnixNano()
	err := s.db.Update(func(txn *badger.Txn) error { return jsonkv.Put(txn, prefixProduct+phone+"/"+p.ID, p) })
	return p, err
}

// EditProduct applies fn to a stored product.
func (s *Service) EditProduct(phone, id string, fn func(*Product)) (Product, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var p Product
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := jsonkv.Get(txn, prefixProduct+phone+"/"+id, &p); err != nil {
			return err
		}
		fn(&p)
		if p.Name == "" {
			return fmt.Errorf("%w: a product needs a name", ErrInvalid)
		}
		return jsonkv.Put(txn, prefixProduct+phone+"/"+id, p)
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Product{}, fmt.Errorf("%w: %s", ErrNoProduct, id)
	}
	return p, err
}

// DeleteProducts removes the given products and reports how many existed.
func (s *Service) DeleteProducts(phone string, ids []string) (int, error) {
	n := 0
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, id := range ids {
			key := []byte(prefixProduct + phone + "/" + id)
			if _, err := txn.Get(key); errors.Is(err, badger.ErrKeyNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if err := txn.Delete(key); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// AddCollection stores a collection of existing products.
func (s *Service) AddCollection(phone, name string, productIDs []string) (Collection, error) {
	if name == "" {
		return Collection{}, fmt.Errorf("%w: a collection needs a name", ErrInvalid)
	}
	if _, err := s.business(phone); err != nil {
		return Collection{}, err
	}
	c := Collection{ID: newID(), Name: name, Products: productIDs}
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, id := range productIDs {
			if _, err := txn.Get([]byte(prefixProduct + phone + "/" + id)); err != nil {
				return fmt.Errorf("%w: %s", ErrNoProduct, id)
			}
		}
		return jsonkv.Put(txn, prefixCollection+phone+"/"+c.ID, c)
	})
	return c, err
}

// Collections lists a business's collections, by id.
func (s *Service) Collections(phone string) ([]Collection, error) {
	if _, err := s.business(phone); err != nil {
		return nil, err
	}
	var out []Collection
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte(prefixCollection + phone + "/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c Collection
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &c) }); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// newID is a random 16-digit decimal id, the form WhatsApp's product ids take.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strconv.FormatUint(1e15+binary.BigEndian.Uint64(b[:])%9e15, 10)
}
