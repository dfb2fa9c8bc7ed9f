// Package appstate stores each account's app-state collections (archive, pin, mute, push name, ...)
// as the opaque, end-to-end encrypted patches clients upload, and serves them back (the
// w:sync:app:state namespace): versioned per collection, 409 with the missing patches on a stale
// upload, and a server_sync notification to the account's other devices.
package appstate

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waServerSync"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/server"
)

// Key layout: sim/appstate/<phone>/<collection>/<version u64 BE> -> marshalled SyncdPatch.
const (
	prefix = "sim/appstate/"
	// maxPatchesPerFetch bounds one answer; clients ask again while has_more_patches is set.
	maxPatchesPerFetch = 500
	maxPatchSize       = 4 << 20
)

// Service serves app state on a server.
type Service struct {
	srv   *server.Server
	db    *badger.DB
	locks sync.Map // phone+collection -> *sync.Mutex: uploads are read-check-write
	// initial fills a collection that is still empty when a device asks for it (SetInitialState).
	initial func(ctx context.Context, phone, name string) error
}

// Register installs the w:sync:app:state namespace.
func Register(srv *server.Server) *Service {
	s := &Service{srv: srv, db: srv.DB()}
	srv.HandleIQ("w:sync:app:state", s.handleSync)
	return s
}

func (s *Service) handleSync(ctx context.Context, iq *server.IQ) (waBinary.Node, error) {
	dev, _ := iq.Session.Device()
	sync, ok := iq.Node.GetOptionalChildByTag("sync")
	if !ok {
		return waBinary.Node{}, server.BadRequest("app state iq without <sync>")
	}
	var out []waBinary.Node
	for _, coll := range sync.GetChildrenByTag("collection") {
		name, _ := coll.Attrs["name"].(string)
		if !validName(name) {
			return waBinary.Node{}, server.BadRequest("collection name %q", name)
		}
		var version uint64
		if v, ok := coll.Attrs["version"].(string); ok {
			parsed, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return waBinary.Node{}, server.BadRequest("collection version %q", v)
			}
			version = parsed
		}
		var node waBinary.Node
		var err error
		if patch, ok := coll.GetOptionalChildByTag("patch"); ok {
			node, err = s.upload(ctx, dev, name, version, patch, true)
		} else {
			node, err = s.fetch(ctx, dev.User, name, version)
		}
		if err != nil {
			return waBinary.Node{}, err
		}
		out = append(out, node)
	}
	return waBinary.Node{Content: []waBinary.Node{{Tag: "sync", Content: out}}}, nil
}

// fetch returns the patches after version. A device asking from the start of a collection nobody
// has written gets its initial state first.
func (s *Service) fetch(ctx context.Context, phone, name string, after uint64) (waBinary.Node, error) {
	if after == 0 && s.initial != nil {
		head, err := s.head(phone, name)
		if err != nil {
			return waBinary.Node{}, err
		}
		if head == 0 {
			if err := s.initial(ctx, phone, name); err != nil {
				return waBinary.Node{}, fmt.Errorf("appstate: initial state of %s: %w", name, err)
			}
		}
	}
	patches, head, more, err := s.patchesAfter(phone, name, after)
	if err != nil {
		return waBinary.Node{}, err
	}
	attrs := waBinary.Attrs{"name": name, "version": head}
	if more {
		attrs["has_more_patches"] = "true"
	}
	return waBinary.Node{Tag: "collection", Attrs: attrs, Content: []waBinary.Node{{Tag: "patches", Content: patches}}}, nil
}

// upload appends a patch made against version; a stale version gets 409 with what the client missed.
// With notify, the account's other devices are told to fetch it.
func (s *Service) upload(ctx context.Context, dev types.JID, name string, version uint64, patchNode waBinary.Node, notify bool) (waBinary.Node, error) {
	raw, ok := patchNode.Content.([]byte)
	if !ok || len(raw) > maxPatchSize {
		return waBinary.Node{}, server.BadRequest("patch must be bytes of at most %d", maxPatchSize)
	}
	var patch waServerSync.SyncdPatch
	if err := proto.Unmarshal(raw, &patch); err != nil {
		return waBinary.Node{}, server.BadRequest("patch is not a SyncdPatch: %v", err)
	}
	mu := s.lock(dev.User, name)
	mu.Lock()
	defer mu.Unlock()
	head, err := s.head(dev.User, name)
	if err != nil {
		return waBinary.Node{}, err
	}
	if version != head {
		missing, _, _, err := s.patchesAfter(dev.User, name, version)
		if err != nil {
			return waBinary.Node{}, err
		}
		return waBinary.Node{Tag: "collection", Attrs: waBinary.Attrs{"name": name, "type": "error", "version": head},
			Content: []waBinary.Node{{Tag: "error", Attrs: waBinary.Attrs{"code": 409, "text": "conflict"}},
				{Tag: "patches", Content: missing}}}, nil
	}
	// Clients compute the patch MACs for the next version but leave the field unset; store it filled
	// in, or their own re-fetch fails the LTHash check.
	patch.Version = &waServerSync.SyncdVersion{Version: proto.Uint64(head + 1)}
	stored, err := proto.Marshal(&patch)
	if err != nil {
		return waBinary.Node{}, err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(patchKey(dev.User, name, head+1), stored) }); err != nil {
		return waBinary.Node{}, fmt.Errorf("appstate: store patch: %w", err)
	}
	if notify {
		s.notifyOthers(ctx, dev, name, head+1)
	}
	return waBinary.Node{Tag: "collection", Attrs: waBinary.Attrs{"name": name, "version": head + 1}}, nil
}

// notifyOthers tells the account's other devices to fetch the collection.
func (s *Service) notifyOthers(ctx context.Context, dev types.JID, name string, version uint64) {
	devs, err := s.srv.Accounts().Devices(dev.User)
	if err != nil {
		s.srv.Logger().Error("sim appstate: devices", "err", err)
		return
	}
	for _, d := range devs {
		if d.Virtual() || d.ID == dev.Device {
			continue
		}
		node := &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{"from": types.ServerJID, "type": "server_sync",
			"id": strconv.FormatUint(rand.Uint64(), 16), "t": time.Now().Unix()},
			Content: []waBinary.Node{{Tag: "collection", Attrs: waBinary.Attrs{"name": name, "version": version}}}}
		if err := s.srv.Deliver(ctx, d.JID(), node); err != nil {
			s.srv.Logger().Debug("sim appstate: notify", "device", d.JID(), "err", err)
		}
	}
}

func (s *Service) head(phone, name string) (uint64, error) {
	var head uint64
	err := s.db.View(func(txn *badger.Txn) error {
		p := collectionPrefix(phone, name)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: p, Reverse: true})
		defer it.Close()
		it.Seek(append(append([]byte{}, p...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		if it.Valid() {
			head = binary.BigEndian.Uint64(it.Item().Key()[len(p):])
		}
		return nil
	})
	return head, err
}

func (s *Service) patchesAfter(phone, name string, after uint64) (patches []waBinary.Node, head uint64, more bool, err error) {
	if head, err = s.head(phone, name); err != nil {
		return nil, 0, false, err
	}
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: collectionPrefix(phone, name), PrefetchValues: true})
		defer it.Close()
		for it.Seek(patchKey(phone, name, after+1)); it.Valid(); it.Next() {
			if len(patches) == maxPatchesPerFetch {
				more = true
				return nil
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			patches = append(patches, waBinary.Node{Tag: "patch", Content: v})
		}
		return nil
	})
	if more && len(patches) > 0 {
		// Report the version of the last patch sent, so the client continues from there.
		var last waServerSync.SyncdPatch
		if proto.Unmarshal(patches[len(patches)-1].Content.([]byte), &last) == nil {
			head = last.GetVersion().GetVersion()
		}
	}
	return patches, head, more, err
}

func (s *Service) lock(phone, name string) *sync.Mutex {
	mu, _ := s.locks.LoadOrStore(phone+"/"+name, &sync.Mutex{})
	return mu.(*sync.Mutex)
}

func collectionPrefix(phone, name string) []byte { return []byte(prefix + phone + "/" + name + "/") }

func patchKey(phone, name string, version uint64) []byte {
	return binary.BigEndian.AppendUint64(collectionPrefix(phone, name), version)
}

// validName accepts collection names like "regular_high" (they become part of database keys).
func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, c := range name {
		if (c < 'a' || c > 'z') && c != '_' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
