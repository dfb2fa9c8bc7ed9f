// Package phone is every account's primary device (device 0), run by the simulator. Pairing (sim/auth)
// already signs companions with its identity key; this package gives it a Signal endpoint so it can
// send end-to-end encrypted peer messages to its companions, as a real phone does after linking: the
// app-state sync key share that lets companions read and write app state (archive, pin, mute, push
// name), then the initial history bootstrap (companion.go), and the initial state of every app-state
// collection (appstate.go).
package phone

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/session"
	"go.mau.fi/libsignal/util/optional"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/proto/waHistorySync"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
	"google.golang.org/protobuf/proto"

	"github.com/botrt/botrt/sim/accounts"
	simappstate "github.com/botrt/botrt/sim/appstate"
	"github.com/botrt/botrt/sim/server"
	"github.com/botrt/botrt/store"
)

// Key layout: sim/phone/<phone>/appstate-key (key id || 32-byte key || unix ts u64 BE),
// sim/phone/<phone>/shared/<device u16> (that companion got the key share, and from SyncCompanion the
// history bootstrap after it).
const prefix = "sim/phone/"

// Phones runs the virtual phones of a server. The phones' Signal sessions live in a whatsmeow device
// store in the server's own database (under the store package's prefix).
type Phones struct {
	srv       *server.Server
	db        *badger.DB
	container *store.Container

	mu      sync.Mutex // Signal sessions are not safe for concurrent use; phones are not busy
	devices map[string]*wastore.Device
	// appState receives the phones' own app state (appstate.go); nil until UseAppState.
	appState *simappstate.Service

	rmu      sync.Mutex
	receipts map[string]chan struct{} // receiptKey -> closed when that receipt arrives (companion.go)
	syncing  map[string]bool          // companions whose SyncCompanion runs
}

// Register starts the virtual phones on srv; db must be the database srv keeps its state in. With
// autoShare, each companion gets the app-state key the first time it is online, as from a real phone;
// without, only when ShareAppStateKey or SyncCompanion is called.
func Register(srv *server.Server, db *store.DB, autoShare bool) *Phones {
	p := &Phones{srv: srv, db: db.Badger(), container: store.NewContainer(db, nil), devices: map[string]*wastore.Device{},
		receipts: map[string]chan struct{}{}, syncing: map[string]bool{}}
	if autoShare {
		srv.OnActive(p.onActive)
	}
	srv.SetPhoneSink(p.receive)
	return p
}

// SendHistoryBootstrap sends a companion the initial history sync a phone sends after linking, here
// empty apart from push names of the account's contacts it knows nothing about (none): Baileys holds
// back events for up to 20 seconds after pairing until one arrives.
func (p *Phones) SendHistoryBootstrap(ctx context.Context, dev types.JID) error {
	raw, err := proto.Marshal(&waHistorySync.HistorySync{
		SyncType: waHistorySync.HistorySync_INITIAL_BOOTSTRAP.Enum(), Progress: proto.Uint32(100)})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return p.SendPeer(ctx, dev, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type: waE2E.ProtocolMessage_HISTORY_SYNC_NOTIFICATION.Enum(),
		HistorySyncNotification: &waE2E.HistorySyncNotification{
			SyncType:                          waE2E.HistorySyncType_INITIAL_BOOTSTRAP.Enum(),
			Progress:                          proto.Uint32(100),
			InitialHistBootstrapInlinePayload: buf.Bytes(),
		},
	}})
}

// ShareAppStateKey sends the account's app-state sync key to one companion, without the history
// bootstrap that SyncCompanion sends after it.
func (p *Phones) ShareAppStateKey(ctx context.Context, dev types.JID) error {
	if err := p.shareAppStateKey(ctx, dev, newMessageID()); err != nil {
		return err
	}
	return p.markShared(dev)
}

// shareAppStateKey sends the key share as message id.
func (p *Phones) shareAppStateKey(ctx context.Context, dev types.JID, id string) error {
	acct, err := p.srv.Accounts().Account(dev.User)
	if err != nil {
		return err
	}
	keyID, keyData, ts, err := p.appStateKey(acct.Phone)
	if err != nil {
		return err
	}
	// Before the key: a companion that gets it syncs every collection at once, and must find the
	// phone's state there. A failed seed is retried when a device asks for the empty collection.
	if err := p.seedAppState(ctx, acct); err != nil {
		p.srv.Logger().Error("sim phone: initial app state", "phone", acct.Phone, "err", err)
	}
	msg := &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type: waE2E.ProtocolMessage_APP_STATE_SYNC_KEY_SHARE.Enum(),
		AppStateSyncKeyShare: &waE2E.AppStateSyncKeyShare{Keys: []*waE2E.AppStateSyncKey{{
			KeyID: &waE2E.AppStateSyncKeyId{KeyID: keyID},
			KeyData: &waE2E.AppStateSyncKeyData{
				KeyData:     keyData,
				Fingerprint: &waE2E.AppStateSyncKeyFingerprint{RawID: proto.Uint32(1), CurrentIndex: proto.Uint32(0), DeviceIndexes: []uint32{0}},
				Timestamp:   proto.Int64(ts),
			},
		}}},
	}}
	return p.sendPeer(ctx, dev, msg, id)
}

// SendPeer encrypts msg from the account's phone to one of its companions and delivers it as a peer
// message (category="peer"), which whatsmeow and Baileys accept only from their own phone.
func (p *Phones) SendPeer(ctx context.Context, dev types.JID, msg *waE2E.Message) error {
	return p.sendPeer(ctx, dev, msg, newMessageID())
}

// sendPeer is SendPeer with the message id chosen by the caller, who waits for its receipt.
func (p *Phones) sendPeer(ctx context.Context, dev types.JID, msg *waE2E.Message, id string) error {
	acct, err := p.srv.Accounts().Account(dev.User)
	if err != nil {
		return err
	}
	companion, err := p.srv.Accounts().Device(dev)
	if err != nil {
		return err
	}
	plaintext, err := proto.Marshal(msg)
	if err != nil {
		return fmt.Errorf("sim phone: marshal: %w", err)
	}
	enc, err := p.encrypt(ctx, acct, companion, plaintext)
	if err != nil {
		return err
	}
	return p.srv.Deliver(ctx, dev, &waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{
		"id": id, "from": acct.JID(), "sender_lid": acct.LIDJID(), "type": "text", "category": "peer",
		"t": time.Now().Unix()}, Content: []waBinary.Node{*enc}})
}

// encrypt runs the phone's side of Signal for one companion, starting a session from the companion's
// pre-key bundle when there is none yet.
func (p *Phones) encrypt(ctx context.Context, acct *accounts.Account, companion *accounts.Device, plaintext []byte) (*waBinary.Node, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	signalStore, err := p.device(ctx, acct)
	if err != nil {
		return nil, err
	}
	addr := acct.DeviceLID(companion.ID).SignalAddress()
	builder := session.NewBuilderFromSignal(signalStore, addr, wastore.SignalProtobufSerializer)
	has, err := signalStore.ContainsSession(ctx, addr)
	if err != nil {
		return nil, err
	}
	if !has {
		bundle, err := p.bundle(companion)
		if err != nil {
			return nil, err
		}
		if err := builder.ProcessBundle(ctx, bundle); err != nil {
			return nil, fmt.Errorf("sim phone: session with %s: %w", companion.JID(), err)
		}
	}
	ct, err := session.NewCipher(builder, addr).Encrypt(ctx, pad(plaintext))
	if err != nil {
		return nil, fmt.Errorf("sim phone: encrypt for %s: %w", companion.JID(), err)
	}
	typ := "msg"
	if ct.Type() == protocol.PREKEY_TYPE {
		typ = "pkmsg"
	}
	return &waBinary.Node{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": typ}, Content: ct.Serialize()}, nil
}

// bundle builds the companion's pre-key bundle from the registry, consuming a one-time key.
func (p *Phones) bundle(d *accounts.Device) (*prekey.Bundle, error) {
	if len(d.IdentityPub) != 32 || len(d.SignedPreKey.Public) != 32 || len(d.SignedPreKey.Signature) != 64 {
		return nil, fmt.Errorf("sim phone: %s has no usable keys", d.JID())
	}
	pk, err := p.srv.Accounts().TakePreKey(d.JID())
	if err != nil {
		return nil, err
	}
	preKeyID := optional.NewEmptyUint32()
	var preKeyPub ecc.ECPublicKeyable
	if pk != nil && len(pk.Public) == 32 {
		preKeyID = optional.NewOptionalUint32(pk.ID)
		preKeyPub = ecc.NewDjbECPublicKey([32]byte(pk.Public))
	}
	return prekey.NewBundle(d.RegistrationID, uint32(d.ID), preKeyID, d.SignedPreKey.ID, preKeyPub,
		ecc.NewDjbECPublicKey([32]byte(d.SignedPreKey.Public)), [64]byte(d.SignedPreKey.Signature),
		identity.NewKey(ecc.NewDjbECPublicKey([32]byte(d.IdentityPub)))), nil
}

// device returns the phone's Signal store: a whatsmeow device whose identity is the account's phone key.
func (p *Phones) device(ctx context.Context, acct *accounts.Account) (*wastore.Device, error) {
	if d := p.devices[acct.Phone]; d != nil {
		return d, nil
	}
	jid := acct.DeviceJID(accounts.PhoneDevice)
	d, err := p.container.GetDevice(ctx, jid)
	if err != nil {
		return nil, fmt.Errorf("sim phone: load store: %w", err)
	}
	if d == nil {
		phoneDev, err := p.srv.Accounts().Device(jid)
		if err != nil {
			return nil, err
		}
		d = p.container.NewDevice()
		d.IdentityKey = keys.NewKeyPairFromPrivateKey([32]byte(acct.PhoneKey))
		d.RegistrationID = phoneDev.RegistrationID
		d.ID, d.LID = &jid, acct.DeviceLID(accounts.PhoneDevice)
		if d.Account, err = selfIdentity(d.IdentityKey); err != nil {
			return nil, err
		}
		if err := d.Save(ctx); err != nil {
			return nil, fmt.Errorf("sim phone: save store: %w", err)
		}
	}
	p.devices[acct.Phone] = d
	return d, nil
}

// selfIdentity is the ADV record a primary device has of itself: the device store wants one, and for
// the phone the account key and the device key are the same.
func selfIdentity(id *keys.KeyPair) (*waAdv.ADVSignedDeviceIdentity, error) {
	details, err := proto.Marshal(&waAdv.ADVDeviceIdentity{RawID: proto.Uint32(0), Timestamp: proto.Uint64(uint64(time.Now().Unix())),
		KeyIndex: proto.Uint32(0)})
	if err != nil {
		return nil, err
	}
	priv := ecc.NewDjbECPrivateKey(*id.Priv)
	accountSig := ecc.CalculateSignature(priv, append(append([]byte{6, 0}, details...), id.Pub[:]...))
	deviceSig := ecc.CalculateSignature(priv, append(append(append([]byte{6, 1}, details...), id.Pub[:]...), id.Pub[:]...))
	return &waAdv.ADVSignedDeviceIdentity{Details: details, AccountSignatureKey: id.Pub[:],
		AccountSignature: accountSig[:], DeviceSignature: deviceSig[:]}, nil
}

// appStateKey returns the account's app-state sync key, creating it on first use.
func (p *Phones) appStateKey(phone string) (id, data []byte, ts int64, err error) {
	key := appStateKeyKey(phone)
	err = p.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err == nil {
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if len(v) != 6+32+8 {
				return fmt.Errorf("corrupt app state key of %s", phone)
			}
			id, data = v[:6], v[6:38]
			ts = int64(binary.BigEndian.Uint64(v[38:]))
			return nil
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		v := make([]byte, 6+32, 6+32+8)
		if _, err := rand.Read(v); err != nil {
			return err
		}
		ts = time.Now().UnixMilli()
		v = binary.BigEndian.AppendUint64(v, uint64(ts))
		id, data = v[:6], v[6:38]
		return txn.Set(key, v)
	})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("sim phone: app state key: %w", err)
	}
	return id, data, ts, nil
}

// hasAppStateKey reports whether the account's app-state key exists (it is made for the first share).
func (p *Phones) hasAppStateKey(phone string) (bool, error) {
	err := p.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(appStateKeyKey(phone))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

func appStateKeyKey(phone string) []byte { return []byte(prefix + phone + "/appstate-key") }

// pad adds WhatsApp's random padding (1-15 bytes, each holding the count) that receivers strip.
func pad(plaintext []byte) []byte {
	var b [1]byte
	_, _ = rand.Read(b[:])
	n := b[0] & 0xf
	if n == 0 {
		n = 0xf
	}
	for range n {
		plaintext = append(plaintext, n)
	}
	return plaintext
}

func newMessageID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "3EB0" + strings.ToUpper(hex.EncodeToString(b[:]))
}
