package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// persisted renders every field a container must keep for a device.
func persisted(d *wastore.Device) string {
	if d == nil {
		return "nil"
	}
	acc := d.Account
	if acc == nil {
		acc = &waAdv.ADVSignedDeviceIdentity{}
	}
	return fmt.Sprintf("id=%v lid=%v reg=%d noise=%x/%x ident=%x/%x spk=%d:%x/%x sig=%x adv=%x acc=%x/%x/%x/%x plat=%q biz=%q push=%q lidts=%d fb=%v",
		d.ID, d.LID, d.RegistrationID, d.NoiseKey.Priv[:], d.NoiseKey.Pub[:], d.IdentityKey.Priv[:], d.IdentityKey.Pub[:],
		d.SignedPreKey.KeyID, d.SignedPreKey.Priv[:], d.SignedPreKey.Pub[:], d.SignedPreKey.Signature[:], d.AdvSecretKey,
		acc.Details, acc.AccountSignature, acc.AccountSignatureKey, acc.DeviceSignature,
		d.Platform, d.BusinessName, d.PushName, d.LIDMigrationTimestamp, d.FacebookUUID)
}

// wired reports whether a loaded device has every sub-store and its container set.
func wired(d *wastore.Device) bool {
	return d.Initialized && d.Identities != nil && d.Sessions != nil && d.PreKeys != nil && d.SenderKeys != nil &&
		d.AppStateKeys != nil && d.AppState != nil && d.Contacts != nil && d.ChatSettings != nil &&
		d.MsgSecrets != nil && d.PrivacyTokens != nil && d.EventBuffer != nil && d.LIDs != nil && d.Container != nil
}

// fillEveryFamily writes one record of every per-device kind of data.
func fillEveryFamily(e *env, d *wastore.Device) {
	ctx := e.ctx
	e.must(d.Identities.PutIdentity(ctx, "200:0", [32]byte{1}), "PutIdentity")
	e.must(d.Sessions.PutSession(ctx, "200:0", []byte("sess")), "PutSession")
	_, err := d.PreKeys.GetOrGenPreKeys(ctx, 2)
	e.must(err, "GetOrGenPreKeys")
	e.must(d.PreKeys.MarkPreKeysAsUploaded(ctx, 1), "MarkPreKeysAsUploaded")
	e.must(d.SenderKeys.PutSenderKey(ctx, "g@g.us", "200:0", []byte("sk")), "PutSenderKey")
	e.must(d.AppStateKeys.PutAppStateSyncKey(ctx, []byte("k"), wastore.AppStateSyncKey{Data: []byte("d"), Fingerprint: []byte("f"), Timestamp: 1}), "PutAppStateSyncKey")
	e.must(d.AppState.PutAppStateVersion(ctx, "regular", 3, [128]byte{3}), "PutAppStateVersion")
	e.must(d.AppState.PutAppStateMutationMACs(ctx, "regular", 3, []wastore.AppStateMutationMAC{{IndexMAC: mac(1), ValueMAC: mac(2)}}), "PutAppStateMutationMACs")
	_, _, err = d.Contacts.PutPushName(ctx, pnJID("200"), "Push")
	e.must(err, "PutPushName")
	e.must(d.ChatSettings.PutPinned(ctx, pnJID("200"), true), "PutPinned")
	e.must(d.MsgSecrets.PutMessageSecret(ctx, pnJID("200"), pnJID("200"), "M", []byte("secret")), "PutMessageSecret")
	e.must(d.PrivacyTokens.PutPrivacyTokens(ctx, wastore.PrivacyToken{User: pnJID("200"), Token: []byte("tok"), Timestamp: time.Unix(5, 0)}), "PutPrivacyTokens")
	e.must(d.EventBuffer.PutBufferedEvent(ctx, [32]byte{7}, []byte("ev"), time.Unix(6, 0)), "PutBufferedEvent")
}

// everyFamily records what a device sees of the data fillEveryFamily wrote; privacy tokens are
// returned apart because sqlstore does not delete them with the device.
func everyFamily(e *env, d *wastore.Device) (string, *wastore.PrivacyToken) {
	ctx := e.ctx
	var out []string
	add := func(name string, v any, err error) {
		e.must(err, name)
		out = append(out, name+"="+canon(v))
	}
	v1, err := d.Identities.IsTrustedIdentity(ctx, "200:0", [32]byte{9})
	add("identity-unknown", v1, err)
	v2, err := d.Sessions.GetSession(ctx, "200:0")
	add("session", v2, err)
	v3, err := d.PreKeys.GetPreKey(ctx, 1)
	add("prekey", v3, err)
	v4, err := d.PreKeys.UploadedPreKeyCount(ctx)
	add("uploaded", v4, err)
	v5, err := d.SenderKeys.GetSenderKey(ctx, "g@g.us", "200:0")
	add("senderkey", v5, err)
	v6, err := d.AppStateKeys.GetAppStateSyncKey(ctx, []byte("k"))
	add("synckey", v6, err)
	v7, _, err := d.AppState.GetAppStateVersion(ctx, "regular")
	add("version", v7, err)
	v8, err := d.AppState.GetAppStateMutationMAC(ctx, "regular", mac(1))
	add("mac", v8, err)
	v9, err := d.Contacts.GetContact(ctx, pnJID("200"))
	add("contact", v9, err)
	v10, err := d.ChatSettings.GetChatSettings(ctx, pnJID("200"))
	add("chat", v10.Found, err)
	v11, _, err := d.MsgSecrets.GetMessageSecret(ctx, pnJID("200"), pnJID("200"), "M")
	add("secret", v11, err)
	v12, err := d.EventBuffer.GetBufferedEvent(ctx, [32]byte{7})
	add("event", v12, err)
	tok, err := d.PrivacyTokens.GetPrivacyToken(ctx, pnJID("200"))
	e.must(err, "GetPrivacyToken")
	return fmt.Sprint(out), tok
}

var deviceScenarios = []scenario{
	{"device lifecycle", func(e *env) {
		c := e.h.Container
		all, err := c.GetAllDevices(e.ctx)
		e.must(err, "GetAllDevices")
		e.expect("empty store lists no devices", len(all), 0)
		first, err := c.GetFirstDevice(e.ctx)
		e.must(err, "GetFirstDevice")
		e.expect("GetFirstDevice on an empty store gives an unsaved new device", []any{first != nil, first != nil && first.ID == nil}, []any{true, true})
		if first != nil {
			e.expect("new device has keys", []any{first.NoiseKey != nil, first.IdentityKey != nil, first.SignedPreKey != nil && first.SignedPreKey.KeyID == 1, len(first.AdvSecretKey)}, []any{true, true, true, 32})
		}
		missing, err := c.GetDevice(e.ctx, types.JID{User: "404", Device: 1, Server: types.DefaultUserServer})
		e.must(err, "GetDevice")
		e.expect("missing device is nil", missing == nil, true)

		fresh := c.NewDevice()
		err = c.PutDevice(e.ctx, fresh)
		e.expect("PutDevice without a JID fails with ErrDeviceIDMustBeSet", errors.Is(err, e.backend.ErrDeviceIDMustBeSet), true)
		err = c.DeleteDevice(e.ctx, fresh)
		e.expect("DeleteDevice without a JID fails with ErrDeviceIDMustBeSet", errors.Is(err, e.backend.ErrDeviceIDMustBeSet), true)

		jid := types.JID{User: "100", Device: 7, Server: types.DefaultUserServer}
		fillDevice(fresh, jid)
		fresh.BusinessName = "Biz"
		fresh.LIDMigrationTimestamp = 1_700_000_123
		fresh.FacebookUUID = uuid.MustParse("6f1c5e0a-0000-4000-8000-000000000001")
		fresh.RegistrationID = 0xFFFFFFFE
		e.must(c.PutDevice(e.ctx, fresh), "PutDevice")
		e.expect("PutDevice wires the device", wired(fresh), true)
		want := persisted(fresh)

		e.reopen()
		c = e.h.Container
		got, err := c.GetDevice(e.ctx, jid)
		e.must(err, "GetDevice")
		if persisted(got) != want {
			e.t.Errorf("%s: device did not round-trip:\n got  %s\n want %s", e.backend.Name, persisted(got), want)
		}
		e.expect("loaded device is wired", got != nil && wired(got), true)
		first, err = c.GetFirstDevice(e.ctx)
		e.must(err, "GetFirstDevice")
		e.expect("GetFirstDevice returns the stored device", first != nil && first.ID != nil && *first.ID == jid, true)
		if got == nil {
			return
		}

		// Keys and account are fixed per JID; only the LID, names, platform and migration time change.
		got.NoiseKey = c.NewDevice().NoiseKey
		got.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("other"), AccountSignature: bytes.Repeat([]byte{4}, 64), AccountSignatureKey: bytes.Repeat([]byte{5}, 32), DeviceSignature: bytes.Repeat([]byte{6}, 64)}
		got.RegistrationID = 5
		got.PushName, got.BusinessName, got.Platform = "New Push", "New Biz", "ios"
		got.LID = types.JID{User: "777", Device: 7, Server: types.HiddenUserServer}
		got.LIDMigrationTimestamp = 42
		e.must(got.Save(e.ctx), "Save")
		e.reopen()
		c = e.h.Container
		again, err := c.GetDevice(e.ctx, jid)
		e.must(err, "GetDevice")
		if again == nil {
			e.t.Fatalf("%s: device vanished after save", e.backend.Name)
		}
		e.expect("mutable fields updated", []any{again.PushName, again.BusinessName, again.Platform, again.LID, again.LIDMigrationTimestamp},
			[]any{"New Push", "New Biz", "ios", got.LID, int64(42)})
		e.expect("immutable fields kept", []any{*again.NoiseKey.Priv == *fresh.NoiseKey.Priv, string(again.Account.Details), again.RegistrationID},
			[]any{true, "details-" + jid.String(), uint32(0xFFFFFFFE)})
	}},
	{"many devices", func(e *env) {
		jids := []types.JID{}
		for i, user := range []string{"100", "101", "102"} {
			for _, dev := range []uint16{0, 3} {
				d := e.device(user, dev)
				jids = append(jids, *d.ID)
				// The same address holds different data per device.
				e.must(d.Sessions.PutSession(e.ctx, "200:0", []byte(fmt.Sprintf("s-%d-%d", i, dev))), "PutSession")
				_, err := d.PreKeys.GetOrGenPreKeys(e.ctx, uint32(i+1))
				e.must(err, "GetOrGenPreKeys")
				e.must(d.PreKeys.MarkPreKeysAsUploaded(e.ctx, uint32(i+1)), "MarkPreKeysAsUploaded")
				_, _, err = d.Contacts.PutPushName(e.ctx, pnJID("200"), d.ID.String())
				e.must(err, "PutPushName")
			}
		}
		e.reopen()
		all, err := e.h.Container.GetAllDevices(e.ctx)
		e.must(err, "GetAllDevices")
		var listed []string
		for _, d := range all {
			listed = append(listed, d.ID.String())
		}
		slices.Sort(listed)
		e.expect("every device listed", listed, []string{"100:3@s.whatsapp.net", "100@s.whatsapp.net", "101:3@s.whatsapp.net", "101@s.whatsapp.net", "102:3@s.whatsapp.net", "102@s.whatsapp.net"})
		for i, jid := range jids {
			d := e.device(jid.User, jid.Device)
			s, err := d.Sessions.GetSession(e.ctx, "200:0")
			e.must(err, "GetSession")
			e.expect(jid.String()+" session", s, []byte(fmt.Sprintf("s-%d-%d", i/2, jid.Device)))
			n, err := d.PreKeys.UploadedPreKeyCount(e.ctx)
			e.must(err, "UploadedPreKeyCount")
			e.expect(jid.String()+" pre-keys", n, i/2+1)
			ct, err := d.Contacts.GetContact(e.ctx, pnJID("200"))
			e.must(err, "GetContact")
			e.expect(jid.String()+" contact", ct.PushName, jid.String())
		}
	}},
	{"device delete cascade", func(e *env) {
		victim, bystander := e.device("100", 1), e.device("101", 1)
		fillEveryFamily(e, victim)
		fillEveryFamily(e, bystander)
		e.must(e.h.LIDs.PutLIDMapping(e.ctx, lidJID("300"), pnJID("200")), "PutLIDMapping")
		keep, keepTok := everyFamily(e, bystander)
		e.must(victim.Delete(e.ctx), "Delete")
		e.expect("Delete clears the device's JID", victim.ID == nil, true)
		gone, err := e.h.Container.GetDevice(e.ctx, types.JID{User: "100", Device: 1, Server: types.DefaultUserServer})
		e.must(err, "GetDevice")
		e.expect("deleted device is not found", gone == nil, true)
		e.reopen()

		// Re-pairing the same JID must start from nothing: no stale session or key may survive.
		again := e.device("100", 1)
		data, tok := everyFamily(e, again)
		empty, _ := everyFamily(e, e.device("109", 1))
		e.expect("every per-device family deleted", data, empty)
		e.check("privacy tokens survive the delete only where known to", tok != nil, e.backend.Quirks.PrivacyTokensSurviveDeviceDelete)
		kept, keptTok := everyFamily(e, e.device("101", 1))
		e.expect("the other device keeps everything", kept, keep)
		e.expect("the other device keeps its token", keptTok, keepTok)
		lid, err := e.h.LIDs.GetLIDForPN(e.ctx, pnJID("200"))
		e.must(err, "GetLIDForPN")
		e.expect("the global LID map is kept", lid, lidJID("300"))
	}},
	{"writes through a deleted device's stores", func(e *env) {
		d := e.device("100", 1)
		e.must(d.Sessions.PutSession(e.ctx, "200:0", []byte("s")), "PutSession")
		stores := *d // the sub-stores whatsmeow still holds after Device.Delete
		e.must(d.Delete(e.ctx), "Delete")
		// The SQL store's foreign keys reject rows for a device that no longer exists; writing them
		// would leave orphans that a later device with the same JID would inherit.
		e.expect("PutSession fails", stores.Sessions.PutSession(e.ctx, "200:0", []byte("late")) != nil, true)
		e.expect("PutIdentity fails", stores.Identities.PutIdentity(e.ctx, "200:0", [32]byte{1}) != nil, true)
		_, _, err := stores.Contacts.PutPushName(e.ctx, pnJID("200"), "Late")
		e.expect("PutPushName fails", err != nil, true)
		e.expect("PutBufferedEvent fails", stores.EventBuffer.PutBufferedEvent(e.ctx, [32]byte{1}, []byte("p"), time.Unix(1, 0)) != nil, true)
		again := e.device("100", 1)
		s, err := again.Sessions.GetSession(e.ctx, "200:0")
		e.must(err, "GetSession")
		e.expect("a re-created device starts empty", s, []byte(nil))
	}},
}
