package storetest

import (
	"context"
	"errors"
	"time"

	wastore "go.mau.fi/whatsmeow/store"
)

var errRollback = errors.New("storetest: decryption failed on purpose")

// decryptionWrites is what whatsmeow does inside DoDecryptionTxn while decrypting a pkmsg: load and
// store the session, save the sender's identity, consume the one-time pre-key, buffer the plaintext.
// Reads inside the transaction must see its own writes.
func decryptionWrites(e *env, d *wastore.Device, hash [32]byte) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := d.Sessions.PutSession(ctx, "200:0", []byte("ratcheted")); err != nil {
			return err
		}
		got, err := d.Sessions.GetSession(ctx, "200:0")
		if err != nil {
			return err
		}
		e.expect("read own write inside the transaction", got, []byte("ratcheted"))
		if err := d.Sessions.PutManySessions(ctx, map[string][]byte{"200:1": []byte("nested")}); err != nil {
			return err
		}
		if err := d.Identities.PutIdentity(ctx, "200:0", [32]byte{5}); err != nil {
			return err
		}
		if err := d.PreKeys.RemovePreKey(ctx, 1); err != nil {
			return err
		}
		return d.EventBuffer.PutBufferedEvent(ctx, hash, []byte("plain"), time.Unix(1_700_000_000, 0))
	}
}

// decryptionState records everything decryptionWrites touches.
func decryptionState(e *env, d *wastore.Device, hash [32]byte, label string) {
	s, err := d.Sessions.GetManySessions(e.ctx, []string{"200:0", "200:1"})
	e.must(err, "GetManySessions")
	trusted, err := d.Identities.IsTrustedIdentity(e.ctx, "200:0", [32]byte{6})
	e.must(err, "IsTrustedIdentity")
	pk, err := d.PreKeys.GetPreKey(e.ctx, 1)
	e.must(err, "GetPreKey")
	ev, err := d.EventBuffer.GetBufferedEvent(e.ctx, hash)
	e.must(err, "GetBufferedEvent")
	e.record(label, s, trusted, pk != nil, ev)
}

var txnScenarios = []scenario{
	{"decryption transaction", func(e *env) {
		d := e.device("100", 1)
		hash := [32]byte{0xAB}
		_, err := d.PreKeys.GetOrGenPreKeys(e.ctx, 2)
		e.must(err, "GetOrGenPreKeys")
		e.must(d.Sessions.PutSession(e.ctx, "200:0", []byte("initial")), "PutSession")

		err = d.EventBuffer.DoDecryptionTxn(e.ctx, func(ctx context.Context) error {
			if err := decryptionWrites(e, d, hash)(ctx); err != nil {
				return err
			}
			return errRollback
		})
		e.expect("the function's error is returned", errors.Is(err, errRollback), true)
		decryptionState(e, d, hash, "a failed transaction leaves nothing behind")
		s, _ := d.Sessions.GetSession(e.ctx, "200:0")
		e.expect("session rolled back", s, []byte("initial"))
		pk, _ := d.PreKeys.GetPreKey(e.ctx, 1)
		e.expect("pre-key not consumed", pk != nil, true)
		ev, _ := d.EventBuffer.GetBufferedEvent(e.ctx, hash)
		e.expect("nothing buffered", ev, (*wastore.BufferedEvent)(nil))

		e.must(d.EventBuffer.DoDecryptionTxn(e.ctx, decryptionWrites(e, d, hash)), "DoDecryptionTxn")
		e.reopen()
		d = e.device("100", 1)
		decryptionState(e, d, hash, "a committed transaction keeps everything")
		s, _ = d.Sessions.GetSession(e.ctx, "200:0")
		e.expect("session committed", s, []byte("ratcheted"))
		pk, _ = d.PreKeys.GetPreKey(e.ctx, 1)
		e.expect("pre-key consumed", pk != nil, false)
	}},
	{"event buffer", func(e *env) {
		d := e.device("100", 1)
		b := d.EventBuffer
		h1, h2 := [32]byte{1}, [32]byte{2}
		get := func(h [32]byte) *wastore.BufferedEvent {
			v, err := b.GetBufferedEvent(e.ctx, h)
			e.must(err, "GetBufferedEvent")
			return v
		}
		e.expect("missing event", get(h1), (*wastore.BufferedEvent)(nil))
		before := time.Now().Truncate(time.Millisecond)
		e.must(b.PutBufferedEvent(e.ctx, h1, []byte("p1"), time.Unix(1_700_000_000, 0)), "PutBufferedEvent")
		after := time.Now()
		e.must(b.PutBufferedEvent(e.ctx, h2, []byte("p2"), time.Unix(1_700_000_100, 0)), "PutBufferedEvent")
		e.record("a second insert of the same hash fails", b.PutBufferedEvent(e.ctx, h1, []byte("dup"), time.Unix(1, 0)) != nil)
		e.must(b.ClearBufferedEventPlaintext(e.ctx, h2), "ClearBufferedEventPlaintext")
		e.must(b.ClearBufferedEventPlaintext(e.ctx, [32]byte{9}), "ClearBufferedEventPlaintext of a missing event")
		e.must(b.DeleteOldBufferedHashes(e.ctx), "DeleteOldBufferedHashes")
		e.reopen()
		d = e.device("100", 1)
		b = d.EventBuffer
		ev := get(h1)
		e.expect("buffered event", ev, &wastore.BufferedEvent{Plaintext: []byte("p1"), ServerTime: time.Unix(1_700_000_000, 0)})
		if ev != nil && (ev.InsertTime.Before(before) || ev.InsertTime.After(after)) {
			e.t.Errorf("%s: insert time %v not within [%v, %v]", e.backend.Name, ev.InsertTime, before, after)
		}
		e.expect("cleared event is found with nil plaintext (already processed)", get(h2),
			&wastore.BufferedEvent{ServerTime: time.Unix(1_700_000_100, 0)})
		other := e.device("100", 2).EventBuffer
		v, err := other.GetBufferedEvent(e.ctx, h1)
		e.must(err, "GetBufferedEvent other device")
		e.expect("another device's buffer is separate", v, (*wastore.BufferedEvent)(nil))
	}},
}
