// Package directory answers what clients ask about accounts and their keys: pre-key upload, count and
// bundle fetch (the encrypt namespace), usync queries (devices, LID, contact existence, status,
// picture), and it pushes device-list changes to connected clients.
package directory

import (
	"crypto/sha256"
	"encoding/base64"
	"sort"
	"strconv"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/accounts"
	"github.com/botrt/botrt/sim/server"
)

// Directory serves key and user lookups on a server.
type Directory struct {
	srv      *server.Server
	reg      *accounts.Registry
	idSeq    atomic.Uint64
	profiles atomic.Pointer[Profiles]
	watchers watchSet
}

// Profiles supplies the about text and picture id usync reports; sim/profile implements it.
type Profiles interface {
	// About is an account's about text and when it was set.
	About(phone string) (string, time.Time, error)
	// PictureID is the id of an account's current picture, "" if none.
	PictureID(jid types.JID) (string, error)
	// DefaultDisappearing is an account's default message timer and when it was set (zero: none).
	DefaultDisappearing(phone string) (time.Duration, time.Time, error)
}

// SetProfiles makes usync answer status, picture and disappearing_mode from p (without it: the
// account's creation status, no pictures and no default timer).
func (d *Directory) SetProfiles(p Profiles) { d.profiles.Store(&p) }

// New installs the encrypt and usync namespaces and device-change notifications on srv.
func New(srv *server.Server) *Directory {
	d := &Directory{srv: srv, reg: srv.Accounts(), watchers: watchSet{db: srv.DB()}}
	srv.HandleIQ("encrypt", d.handleEncrypt)
	srv.HandleIQ("usync", d.handleUsync)
	srv.OnDevicesChanged(d.devicesChanged)
	return d
}

// DeviceHash is WhatsApp's participant-list hash ("2:" + base64 of the first 6 bytes of SHA-256 over
// the sorted AD JID strings), the same function clients use to validate device lists.
func DeviceHash(jids []types.JID) string {
	strs := make([]string, len(jids))
	for i, j := range jids {
		strs[i] = j.ADString()
	}
	sort.Strings(strs)
	h := sha256.New()
	for _, s := range strs {
		h.Write([]byte(s))
	}
	return "2:" + base64.RawStdEncoding.EncodeToString(h.Sum(nil)[:6])
}

func (d *Directory) nextID() string {
	return "dir." + strconv.FormatUint(d.idSeq.Add(1), 10)
}
