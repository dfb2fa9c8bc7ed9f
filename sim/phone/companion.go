package phone

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// keyReceiptTimeout bounds how long the phone holds back a companion's history bootstrap for the
// receipt of the key share. A companion that never answers (it could not decrypt the share and asked for
// a retry, which the phone does not serve) still gets its history, as before the phone waited.
const keyReceiptTimeout = 10 * time.Second

// errNoKeyReceipt is logged when the bootstrap went out without the key share's receipt.
var errNoKeyReceipt = errors.New("sim phone: no receipt for the app-state key share")

// onActive syncs a companion the first time it is online. It runs on the connection's read goroutine,
// which must stay free to read the receipt SyncCompanion waits for.
func (p *Phones) onActive(sess *server.Session) {
	dev, _ := sess.Device()
	if !p.startSync(dev) {
		return
	}
	if p.shared(dev) { // checked after the claim: a sync that just ended has marked it
		p.endSync(dev)
		return
	}
	sess.Go(func(ctx context.Context) {
		defer p.endSync(dev)
		if err := p.SyncCompanion(ctx, dev); err != nil && ctx.Err() == nil {
			p.srv.Logger().Error("sim phone: companion sync", "device", dev, "err", err)
		}
	})
}

// SyncCompanion does for a newly linked companion what a real phone does: it shares the account's
// app-state key, waits until the companion acknowledged that share, and only then sends the initial
// history bootstrap. Both whatsmeow and Baileys start their app-state sync on the bootstrap (Baileys 7)
// or the key (whatsmeow); sent back to back, Baileys may process the bootstrap first (it resolves the
// sender's LID mapping before it queues a message) and find version-1 patches whose key it does not
// have yet. The companion must be online to answer; ctx bounds the wait.
func (p *Phones) SyncCompanion(ctx context.Context, dev types.JID) error {
	companion, err := p.srv.Accounts().Device(dev)
	if err != nil {
		return err
	}
	dev = companion.JID()
	id := newMessageID()
	got := p.awaitReceipt(dev, id)
	defer p.dropReceipt(dev, id)
	if err := p.shareAppStateKey(ctx, dev, id); err != nil {
		return err
	}
	wait, cancel := context.WithTimeout(ctx, keyReceiptTimeout)
	defer cancel()
	select {
	case <-got:
	case <-wait.Done():
		if ctx.Err() != nil {
			return fmt.Errorf("%w from %s: %w", errNoKeyReceipt, dev, ctx.Err())
		}
		p.srv.Logger().Warn("sim phone: history bootstrap without the key share's receipt", "device", dev,
			"err", errNoKeyReceipt, "waited", keyReceiptTimeout)
	}
	if err := p.SendHistoryBootstrap(ctx, dev); err != nil {
		return err
	}
	return p.markShared(dev)
}

// receive takes stanzas addressed to a phone: the receipts of its peer messages, of which those
// SyncCompanion waits for matter. Companions also send it peer requests (key requests, history
// requests) that this phone does not serve yet; it accepts them so senders are not left retrying.
func (p *Phones) receive(_ context.Context, phone types.JID, node *waBinary.Node) {
	if node.Tag == "receipt" {
		from, _ := node.Attrs["from"].(types.JID)
		id, _ := node.Attrs["id"].(string)
		p.rmu.Lock()
		if ch, ok := p.receipts[receiptKey(from, id)]; ok {
			close(ch)
			delete(p.receipts, receiptKey(from, id))
		}
		p.rmu.Unlock()
		return
	}
	p.srv.Logger().Debug("sim phone: dropped stanza for the phone", "phone", phone, "tag", node.Tag)
}

// awaitReceipt returns a channel closed when dev's receipt for message id arrives.
func (p *Phones) awaitReceipt(dev types.JID, id string) <-chan struct{} {
	ch := make(chan struct{})
	p.rmu.Lock()
	p.receipts[receiptKey(dev, id)] = ch
	p.rmu.Unlock()
	return ch
}

func (p *Phones) dropReceipt(dev types.JID, id string) {
	p.rmu.Lock()
	delete(p.receipts, receiptKey(dev, id))
	p.rmu.Unlock()
}

// receiptKey names a receipt by the device that sent it (phone-number form, as the relay gives it) and
// the message it is for.
func receiptKey(dev types.JID, id string) string {
	return fmt.Sprintf("%s:%d/%s", dev.User, dev.Device, id)
}

// startSync claims a companion's sync for one goroutine: a second <active/> of the same connection
// must not send the key and history twice.
func (p *Phones) startSync(dev types.JID) bool {
	p.rmu.Lock()
	defer p.rmu.Unlock()
	k := receiptKey(dev, "")
	if p.syncing[k] {
		return false
	}
	p.syncing[k] = true
	return true
}

func (p *Phones) endSync(dev types.JID) {
	p.rmu.Lock()
	delete(p.syncing, receiptKey(dev, ""))
	p.rmu.Unlock()
}

// shared reports whether the companion got the key share (and, when the phone synced it, the history
// bootstrap).
func (p *Phones) shared(dev types.JID) bool {
	err := p.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(sharedKey(dev))
		return err
	})
	return err == nil
}

func (p *Phones) markShared(dev types.JID) error {
	return p.db.Update(func(txn *badger.Txn) error { return txn.Set(sharedKey(dev), nil) })
}

func sharedKey(dev types.JID) []byte {
	return []byte(fmt.Sprintf("%s%s/shared/%d", prefix, dev.User, dev.Device))
}
