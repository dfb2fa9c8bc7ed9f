package storetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// randomScenarios run the same seeded random sequence of calls on every backend and record every
// result, so that interactions no hand-written case thought of are compared too. The universe is
// small (a few users, devices, groups, names) so that calls collide often. Only calls whose results
// are specified are generated: no quirk areas (see Quirks), no SQL constraint violations (a MAC for a
// collection without a version, a timestamp tie between app-state keys).
var randomScenarios = []scenario{
	{"random operations seed 1", func(e *env) { runRandom(e, 1, 250) }},
	{"random operations seed 2", func(e *env) { runRandom(e, 2, 250) }},
}

func runRandom(e *env, seed uint64, steps int) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	users := []string{"201", "202", "2021", "301_1"}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	addr := func() string { return fmt.Sprintf("%s:%d", pick(users), rng.IntN(2)) }
	addrs := func() []string {
		out := make([]string, 1+rng.IntN(4))
		for i := range out {
			out[i] = addr()
		}
		return out
	}
	jids := []types.JID{pnJID("201"), pnJID("202"), lidJID("301"), {User: "1-2", Server: types.GroupServer}}
	jid := func() types.JID { return jids[rng.IntN(len(jids))] }
	names := []string{"", "Ann", "Bo", "Cy"}
	collections := []string{"regular", "critical_block"}
	// Unique, shuffled timestamps so that no two app-state keys ever tie.
	stamps := rng.Perm(steps + 1)
	var version uint64

	d := e.device("100", 1)
	for n := range steps {
		op := rng.IntN(24)
		label := fmt.Sprintf("%d/op%d", n, op)
		var err error
		switch op {
		case 0, 1:
			err = d.Sessions.PutSession(e.ctx, addr(), []byte(fmt.Sprint("s", n)))
		case 2:
			var v []byte
			v, err = d.Sessions.GetSession(e.ctx, addr())
			e.record(label, v)
		case 3:
			var v map[string][]byte
			v, err = d.Sessions.GetManySessions(e.ctx, addrs())
			e.record(label, v)
		case 4:
			batch := map[string][]byte{}
			for _, a := range addrs() {
				batch[a] = []byte(fmt.Sprint("m", n))
			}
			err = d.Sessions.PutManySessions(e.ctx, batch)
		case 5:
			if rng.IntN(2) == 0 {
				err = d.Sessions.DeleteSession(e.ctx, addr())
			} else {
				err = d.Sessions.DeleteAllSessions(e.ctx, pick(users))
			}
		case 6:
			var v bool
			v, err = d.Sessions.HasSession(e.ctx, addr())
			e.record(label, v)
		case 7:
			err = d.Identities.PutIdentity(e.ctx, addr(), [32]byte{byte(rng.IntN(3))})
		case 8:
			var v bool
			v, err = d.Identities.IsTrustedIdentity(e.ctx, addr(), [32]byte{byte(rng.IntN(3))})
			e.record(label, v)
		case 9:
			if rng.IntN(2) == 0 {
				err = d.Identities.DeleteIdentity(e.ctx, addr())
			} else {
				err = d.Identities.DeleteAllIdentities(e.ctx, pick(users))
			}
		case 10:
			err = d.SenderKeys.PutSenderKey(e.ctx, pick([]string{"g1@g.us", "g2@g.us"}), addr(), []byte(fmt.Sprint("k", n)))
		case 11:
			var v []byte
			v, err = d.SenderKeys.GetSenderKey(e.ctx, pick([]string{"g1@g.us", "g2@g.us"}), addr())
			e.record(label, v)
		case 12:
			err = d.Sessions.MigratePNToLID(e.ctx, pnJID(pick([]string{"201", "202"})), lidJID("301"))
		case 13:
			err = d.AppStateKeys.PutAppStateSyncKey(e.ctx, []byte(pick([]string{"k1", "k2", "k3"})),
				wastore.AppStateSyncKey{Data: []byte(fmt.Sprint("d", n)), Fingerprint: []byte{byte(n)}, Timestamp: int64(stamps[n])})
		case 14:
			var v *wastore.AppStateSyncKey
			v, err = d.AppStateKeys.GetAppStateSyncKey(e.ctx, []byte(pick([]string{"k1", "k2", "k3"})))
			e.record(label, v)
			e.must(err, label)
			var latest []byte
			latest, err = d.AppStateKeys.GetLatestAppStateSyncKeyID(e.ctx)
			e.record(label+" latest", latest)
		case 15:
			name := pick(collections)
			version++
			err = d.AppState.PutAppStateVersion(e.ctx, name, version, [128]byte{byte(n)})
			if err == nil && rng.IntN(2) == 0 {
				macs := make([]wastore.AppStateMutationMAC, 1+rng.IntN(2))
				for i := range macs {
					macs[i] = wastore.AppStateMutationMAC{IndexMAC: mac(byte(i + rng.IntN(2))), ValueMAC: mac(byte(n))}
				}
				err = d.AppState.PutAppStateMutationMACs(e.ctx, name, version, dedupeMACs(macs))
			}
		case 16:
			name := pick(collections)
			if rng.IntN(3) == 0 {
				err = d.AppState.DeleteAppStateVersion(e.ctx, name)
			} else {
				err = d.AppState.DeleteAppStateMutationMACs(e.ctx, name, [][]byte{mac(byte(rng.IntN(3)))})
			}
		case 17:
			name := pick(collections)
			var v uint64
			var h [128]byte
			v, h, err = d.AppState.GetAppStateVersion(e.ctx, name)
			e.record(label, v, h[0])
			e.must(err, label)
			var m []byte
			m, err = d.AppState.GetAppStateMutationMAC(e.ctx, name, mac(byte(rng.IntN(3))))
			e.record(label+" mac", m)
		case 18:
			var changed bool
			var prev string
			if rng.IntN(2) == 0 {
				changed, prev, err = d.Contacts.PutPushName(e.ctx, jid(), pick(names))
			} else {
				changed, prev, err = d.Contacts.PutBusinessName(e.ctx, jid(), pick(names))
			}
			e.record(label, changed, prev)
		case 19:
			switch rng.IntN(3) {
			case 0:
				err = d.Contacts.PutContactName(e.ctx, jid(), pick(names), pick(names))
			case 1:
				err = d.Contacts.PutAllContactNames(e.ctx, []wastore.ContactEntry{{JID: jid(), FirstName: pick(names), FullName: pick(names)}, {JID: jid(), FirstName: pick(names)}})
			default:
				err = d.Contacts.PutManyRedactedPhones(e.ctx, []wastore.RedactedPhoneEntry{{JID: jid(), RedactedPhone: pick(names)}})
			}
		case 20:
			if rng.IntN(2) == 0 {
				var v types.ContactInfo
				v, err = d.Contacts.GetContact(e.ctx, jid())
				e.record(label, v)
			} else {
				var v map[types.JID]types.ContactInfo
				v, err = d.Contacts.GetAllContacts(e.ctx)
				e.record(label, v)
			}
		case 21:
			switch chat := jid(); rng.IntN(3) {
			case 0:
				err = d.ChatSettings.PutMutedUntil(e.ctx, chat, []time.Time{{}, wastore.MutedForever, time.Unix(int64(1e9+n), 0)}[rng.IntN(3)])
			case 1:
				err = d.ChatSettings.PutPinned(e.ctx, chat, rng.IntN(2) == 0)
			default:
				err = d.ChatSettings.PutArchived(e.ctx, chat, rng.IntN(2) == 0)
			}
		case 22:
			var v types.LocalChatSettings
			v, err = d.ChatSettings.GetChatSettings(e.ctx, jid())
			e.record(label, v.Found, v.Pinned, v.Archived, v.MutedUntil)
		case 23:
			if rng.IntN(4) == 0 {
				e.reopen()
				d = e.device("100", 1)
			}
		}
		e.must(err, label)
	}
}

// dedupeMACs drops repeated index MACs within one batch (the SQL primary key forbids them).
func dedupeMACs(macs []wastore.AppStateMutationMAC) []wastore.AppStateMutationMAC {
	seen := map[string]bool{}
	out := macs[:0]
	for _, m := range macs {
		if !seen[string(m.IndexMAC)] {
			seen[string(m.IndexMAC)] = true
			out = append(out, m)
		}
	}
	return out
}
