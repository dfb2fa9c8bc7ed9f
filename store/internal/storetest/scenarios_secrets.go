package storetest

import (
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// mapPeople stores the PN⇄LID pairs the secret and token scenarios look alternates up in.
func mapPeople(e *env) {
	e.must(e.h.LIDs.PutLIDMapping(e.ctx, lidJID("301"), pnJID("201")), "PutLIDMapping")
	e.must(e.h.LIDs.PutLIDMapping(e.ctx, lidJID("302"), pnJID("202")), "PutLIDMapping")
}

var secretScenarios = []scenario{
	{"message secrets", func(e *env) {
		s := e.device("100", 1).MsgSecrets
		mapPeople(e)
		get := func(label string, chat, sender types.JID, id string, wantSecret string, wantSender types.JID) {
			secret, real, err := s.GetMessageSecret(e.ctx, chat, sender, id)
			e.must(err, "GetMessageSecret")
			want := []byte(wantSecret)
			if wantSecret == "" {
				want = nil // a missing secret is nil, not empty
			}
			e.expect(label, []any{secret, real}, []any{want, wantSender})
		}
		chatPN, chatLID := pnJID("201"), lidJID("301")
		senderPN, senderLID := pnJID("202"), lidJID("302")
		group := types.JID{User: "123-456", Server: types.GroupServer}
		adSender := senderPN
		adSender.Device = 5

		secret, real, err := s.GetMessageSecret(e.ctx, chatPN, senderPN, "M1")
		e.must(err, "GetMessageSecret missing")
		e.expect("missing secret", []any{secret, real}, []any{[]byte(nil), types.EmptyJID})
		e.must(s.PutMessageSecret(e.ctx, chatPN, adSender, "M1", []byte("s1")), "PutMessageSecret")
		e.must(s.PutMessageSecret(e.ctx, chatPN, senderPN, "M1", []byte("other")), "PutMessageSecret again")
		e.must(s.PutMessageSecrets(e.ctx, []wastore.MessageSecretInsert{
			{Chat: group, Sender: senderLID, ID: "M2", Secret: []byte("s2")},
			{Chat: group, Sender: adSender, ID: "M3", Secret: []byte("s3")},
			{Chat: group, Sender: senderLID, ID: "M2", Secret: []byte("ignored")},
		}), "PutMessageSecrets")
		e.must(s.PutMessageSecrets(e.ctx, nil), "PutMessageSecrets of nothing")
		e.reopen()
		s = e.device("100", 1).MsgSecrets
		get("first insert wins, AD sender stored as non-AD", chatPN, senderPN, "M1", "s1", senderPN)
		get("AD JIDs in the query are normalised", chatPN, adSender, "M1", "s1", senderPN)
		get("chat given as LID", chatLID, senderPN, "M1", "s1", senderPN)
		get("sender given as LID returns the stored PN sender", chatPN, senderLID, "M1", "s1", senderPN)
		get("both given as LID", chatLID, senderLID, "M1", "s1", senderPN)
		get("stored as LID, asked as PN", group, senderPN, "M2", "s2", senderLID)
		get("stored as LID, asked as LID", group, senderLID, "M2", "s2", senderLID)
		get("batch entry stored", group, senderPN, "M3", "s3", senderPN)
		get("wrong chat", chatPN, senderPN, "M2", "", types.EmptyJID)
		get("unmapped sender does not match", group, pnJID("209"), "M3", "", types.EmptyJID)
	}},
	{"privacy tokens", func(e *env) {
		s := e.device("100", 1).PrivacyTokens
		mapPeople(e)
		get := func(label string, user types.JID, want *wastore.PrivacyToken) {
			v, err := s.GetPrivacyToken(e.ctx, user)
			e.must(err, "GetPrivacyToken")
			e.expect(label, v, want)
		}
		tok := func(user types.JID, token string, ts int64) wastore.PrivacyToken {
			return wastore.PrivacyToken{User: user, Token: []byte(token), Timestamp: time.Unix(ts, 0)}
		}
		ptr := func(t wastore.PrivacyToken) *wastore.PrivacyToken { return &t }
		pn, lid := pnJID("201"), lidJID("301")
		adPN := pn
		adPN.Device = 2
		bot := types.JID{User: "867051314767696", Server: types.BotServer}

		get("missing token", pn, nil)
		e.must(s.PutPrivacyTokens(e.ctx, tok(adPN, "t1", 1000), tok(bot, "tb", 1500)), "PutPrivacyTokens")
		get("stored under the non-AD JID", pn, ptr(tok(pn, "t1", 1000)))
		get("other servers match themselves", bot, ptr(tok(bot, "tb", 1500)))
		e.must(s.PutPrivacyTokens(e.ctx, tok(pn, "t2", 2000)), "PutPrivacyTokens overwrite")
		get("overwritten", adPN, ptr(tok(pn, "t2", 2000)))
		get("asked as LID, found under PN", lid, ptr(tok(lid, "t2", 2000)))
		e.must(s.PutPrivacyTokens(e.ctx, tok(lid, "t3", 3000)), "PutPrivacyTokens LID")
		e.reopen()
		s = e.device("100", 1).PrivacyTokens
		get("newest of PN and LID rows, asked as PN", pn, ptr(tok(pn, "t3", 3000)))
		e.must(s.PutPrivacyTokens(e.ctx, tok(pn, "t4", 4000)), "PutPrivacyTokens PN newer")
		get("newest of PN and LID rows, asked as LID", lid, ptr(tok(lid, "t4", 4000)))
		get("unmapped user", pnJID("209"), nil)
	}},
}
