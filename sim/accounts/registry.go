package accounts

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"

	"github.com/botrt/botrt/sim/internal/jsonkv"
)

// ErrNotFound is returned (wrapped) when an account or device does not exist.
var ErrNotFound = errors.New("accounts: not found")

// ErrExists is returned when creating an account whose phone number is taken.
var ErrExists = errors.New("accounts: phone number already registered")

// Key layout, all under "sim/":
//
//	sim/acct/<phone>                 Account (JSON)
//	sim/lid/<lid>                    phone
//	sim/dev/<phone>/<dev u16 BE>     Device (JSON)
//	sim/pk/<phone>/<dev u16 BE>/<id u32 BE>   one-time pre-key public key
const (
	prefixAccount = "sim/acct/"
	prefixLID     = "sim/lid/"
	prefixDevice  = "sim/dev/"
	prefixPreKey  = "sim/pk/"
)

// Registry reads and writes accounts and devices. It is safe for concurrent use; writes that read
// before they write (device numbering, pre-key consumption) are serialised by a mutex so badger never
// has to abort them on conflict.
type Registry struct {
	db *badger.DB
	mu sync.Mutex
}

// New returns a registry over db.
func New(db *badger.DB) *Registry { return &Registry{db: db} }

// NewAccount describes an account to create.
type NewAccount struct {
	// Phone is the number (digits only); empty picks a free number in the 1555xxxxxxx range.
	Phone    string
	Name     string
	Person   bool
	Business bool
}

// CreateAccount registers an account with a fresh LID and a virtual phone (device 0) with its own keys.
func (r *Registry) CreateAccount(na NewAccount) (*Account, error) {
	if na.Phone != "" {
		if err := ValidPhone(na.Phone); err != nil {
			return nil, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var acct *Account
	err := r.db.Update(func(txn *badger.Txn) error {
		phone := na.Phone
		if phone == "" {
			var err error
			if phone, err = freeNumber(txn, "1555", 7); err != nil {
				return err
			}
		} else if exists(txn, accountKey(phone)) {
			return fmt.Errorf("%w: %s", ErrExists, phone)
		}
		lid, err := freeLID(txn)
		if err != nil {
			return err
		}
		phoneKey := keys.NewKeyPair()
		acct = &Account{Phone: phone, LID: lid, Name: na.Name, Person: na.Person, Business: na.Business, PhoneKey: phoneKey.Priv[:],
			NextDevice: PhoneDevice + 1, Created: time.Now().UTC().Truncate(time.Second)}
		phoneDev := &Device{Phone: phone, ID: PhoneDevice, IdentityPub: phoneKey.Pub[:],
			RegistrationID: randomRegistrationID(), SignedPreKey: newSignedPreKey(phoneKey, 1), Created: acct.Created}
		if err := jsonkv.Put(txn, accountKey(phone), acct); err != nil {
			return err
		}
		if err := txn.Set([]byte(prefixLID+lid), []byte(phone)); err != nil {
			return err
		}
		return jsonkv.Put(txn, deviceKey(phone, PhoneDevice), phoneDev)
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: create: %w", err)
	}
	return acct, nil
}

// Account returns the account with this phone number (user part).
func (r *Registry) Account(phone string) (*Account, error) {
	var acct Account
	err := r.db.View(func(txn *badger.Txn) error { return getJSON(txn, accountKey(phone), &acct) })
	if err != nil {
		return nil, fmt.Errorf("accounts: account %s: %w", phone, err)
	}
	return &acct, nil
}

// Resolve returns the account a JID belongs to: a phone-number JID (any device) or a LID.
func (r *Registry) Resolve(jid types.JID) (*Account, error) {
	switch jid.Server {
	case types.DefaultUserServer:
		return r.Account(jid.User)
	case types.HiddenUserServer:
		var phone string
		err := r.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get([]byte(prefixLID + jid.User))
			if err != nil {
				return notFound(err)
			}
			v, err := item.ValueCopy(nil)
			phone = string(v)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("accounts: lid %s: %w", jid.User, err)
		}
		return r.Account(phone)
	default:
		return nil, fmt.Errorf("accounts: %s is not a user JID: %w", jid, ErrNotFound)
	}
}

// Accounts lists every account, ordered by phone number.
func (r *Registry) Accounts() ([]*Account, error) {
	var out []*Account
	err := r.db.View(func(txn *badger.Txn) error {
		return scan(txn, []byte(prefixAccount), func(v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, &a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: list: %w", err)
	}
	return out, nil
}

// SetName changes an account's push name.
func (r *Registry) SetName(phone, name string) error {
	return r.update(phone, func(a *Account) { a.Name = name })
}

// update applies fn to the stored account.
func (r *Registry) update(phone string, fn func(*Account)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.db.Update(func(txn *badger.Txn) error {
		var a Account
		if err := getJSON(txn, accountKey(phone), &a); err != nil {
			return err
		}
		fn(&a)
		return jsonkv.Put(txn, accountKey(phone), &a)
	})
	if err != nil {
		return fmt.Errorf("accounts: update %s: %w", phone, err)
	}
	return nil
}

// AddDevice stores a new companion of the account d.Phone, giving it the next device number; d.ID is
// ignored and the stored device is returned.
func (r *Registry) AddDevice(d Device) (*Device, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.db.Update(func(txn *badger.Txn) error {
		var a Account
		if err := getJSON(txn, accountKey(d.Phone), &a); err != nil {
			return err
		}
		d.ID = a.NextDevice
		a.NextDevice++
		if d.Created.IsZero() {
			d.Created = time.Now().UTC().Truncate(time.Second)
		}
		if err := jsonkv.Put(txn, accountKey(d.Phone), &a); err != nil {
			return err
		}
		return jsonkv.Put(txn, deviceKey(d.Phone, d.ID), &d)
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: add device to %s: %w", d.Phone, err)
	}
	return &d, nil
}

// Device returns a device by its AD JID, phone-number or LID form.
func (r *Registry) Device(jid types.JID) (*Device, error) {
	phone, err := r.phoneOf(jid)
	if err != nil {
		return nil, err
	}
	var d Device
	err = r.db.View(func(txn *badger.Txn) error { return getJSON(txn, deviceKey(phone, jid.Device), &d) })
	if err != nil {
		return nil, fmt.Errorf("accounts: device %s: %w", jid, err)
	}
	return &d, nil
}

// Devices lists an account's devices (phone first, then companions in pairing order).
func (r *Registry) Devices(phone string) ([]*Device, error) {
	var out []*Device
	err := r.db.View(func(txn *badger.Txn) error {
		return scan(txn, []byte(prefixDevice+phone+"/"), func(v []byte) error {
			var d Device
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			out = append(out, &d)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: devices of %s: %w", phone, err)
	}
	return out, nil
}

// RemoveDevice deletes a companion and its pre-keys. The virtual phone cannot be removed.
func (r *Registry) RemoveDevice(jid types.JID) error {
	if jid.Device == PhoneDevice {
		return fmt.Errorf("accounts: the phone (device 0) of %s cannot be removed", jid.User)
	}
	phone, err := r.phoneOf(jid)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.db.Update(func(txn *badger.Txn) error {
		if !exists(txn, deviceKey(phone, jid.Device)) {
			return ErrNotFound
		}
		if err := txn.Delete(deviceKey(phone, jid.Device)); err != nil {
			return err
		}
		return deletePrefix(txn, preKeyPrefix(phone, jid.Device))
	})
	if err != nil {
		return fmt.Errorf("accounts: remove device %s: %w", jid, err)
	}
	return nil
}

// phoneOf maps a phone-number or LID JID to the phone number.
func (r *Registry) phoneOf(jid types.JID) (string, error) {
	if jid.Server == types.DefaultUserServer {
		return jid.User, nil
	}
	a, err := r.Resolve(jid)
	if err != nil {
		return "", err
	}
	return a.Phone, nil
}

func accountKey(phone string) []byte { return []byte(prefixAccount + phone) }

func deviceKey(phone string, dev uint16) []byte {
	return binary.BigEndian.AppendUint16([]byte(prefixDevice+phone+"/"), dev)
}

// ValidPhone checks that phone is the user part of a phone-number JID: 5 to 20 digits.
func ValidPhone(phone string) error {
	if len(phone) < 5 || len(phone) > 20 {
		return fmt.Errorf("accounts: phone number %q must have 5 to 20 digits", phone)
	}
	for _, c := range phone {
		if c < '0' || c > '9' {
			return fmt.Errorf("accounts: phone number %q must be digits only", phone)
		}
	}
	return nil
}

// freeNumber picks a random unused number made of prefix and n random digits.
func freeNumber(txn *badger.Txn, prefix string, n int) (string, error) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	for range 100 {
		v, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return "", err
		}
		phone := fmt.Sprintf("%s%0*d", prefix, n, v)
		if !exists(txn, accountKey(phone)) {
			return phone, nil
		}
	}
	return "", fmt.Errorf("accounts: no free phone number with prefix %s", prefix)
}

// freeLID picks an unused 15-digit LID user (real LIDs are 14-15 digit numbers).
func freeLID(txn *badger.Txn) (string, error) {
	for range 100 {
		v, err := rand.Int(rand.Reader, big.NewInt(9e14))
		if err != nil {
			return "", err
		}
		lid := fmt.Sprintf("%d", v.Int64()+1e14)
		if !exists(txn, []byte(prefixLID+lid)) {
			return lid, nil
		}
	}
	return "", errors.New("accounts: no free LID")
}

func randomRegistrationID() uint32 {
	var b [2]byte
	_, _ = rand.Read(b[:])
	// Signal registration IDs are 14-bit and non-zero.
	return uint32(binary.BigEndian.Uint16(b[:]))&0x3fff | 1
}

// newSignedPreKey creates a signed pre-key for an identity the simulator owns (the virtual phone).
func newSignedPreKey(identity *keys.KeyPair, id uint32) SignedPreKey {
	kp := keys.NewKeyPair()
	pubWithType := append([]byte{ecc.DjbType}, kp.Pub[:]...)
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*identity.Priv), pubWithType)
	return SignedPreKey{ID: id, Public: kp.Pub[:], Signature: sig[:]}
}
