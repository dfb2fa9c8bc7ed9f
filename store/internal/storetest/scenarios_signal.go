package storetest

import (
	"go.mau.fi/whatsmeow/types"
)

// Addresses are libsignal's "<user>[_<agent>]:<device>"; LID users carry agent 1.
var signalScenarios = []scenario{
	{"identities", func(e *env) {
		s := e.device("100", 1).Identities
		k1, k2 := [32]byte{1}, [32]byte{2}
		trusted := func(addr string, k [32]byte) bool {
			v, err := s.IsTrustedIdentity(e.ctx, addr, k)
			e.must(err, "IsTrustedIdentity")
			return v
		}
		e.expect("unknown address is trusted (TOFU)", trusted("200:0", k1), true)
		e.must(s.PutIdentity(e.ctx, "200:0", k1), "PutIdentity")
		e.expect("same key trusted", trusted("200:0", k1), true)
		e.expect("other key untrusted", trusted("200:0", k2), false)
		e.must(s.PutIdentity(e.ctx, "200:0", k2), "PutIdentity overwrite")
		e.expect("overwritten key trusted", trusted("200:0", k2), true)
		e.expect("old key untrusted", trusted("200:0", k1), false)

		for _, a := range []string{"200:3", "2001:0", "300:0", "200_1:0"} {
			e.must(s.PutIdentity(e.ctx, a, k1), "PutIdentity "+a)
		}
		e.must(s.DeleteIdentity(e.ctx, "300:0"), "DeleteIdentity")
		e.expect("deleted identity is unknown again", trusted("300:0", k2), true)
		e.must(s.DeleteAllIdentities(e.ctx, "200"), "DeleteAllIdentities")
		e.expect("200:0 deleted", trusted("200:0", k1), true)
		e.expect("200:3 deleted", trusted("200:3", k2), true)
		e.expect("2001:0 kept (prefix is user+colon)", trusted("2001:0", k2), false)
		e.expect("200_1:0 kept (LID agent is another user)", trusted("200_1:0", k2), false)
		e.reopen()
		s = e.device("100", 1).Identities
		e.expect("after reopen 2001:0 kept", trusted("2001:0", k1), true)
		e.expect("after reopen 2001:0 key checked", trusted("2001:0", k2), false)
		e.expect("after reopen 200:0 gone", trusted("200:0", k2), true)
	}},
	{"sessions", func(e *env) {
		s := e.device("100", 1).Sessions
		get := func(addr string) []byte {
			v, err := s.GetSession(e.ctx, addr)
			e.must(err, "GetSession")
			return v
		}
		has := func(addr string) bool {
			v, err := s.HasSession(e.ctx, addr)
			e.must(err, "HasSession")
			return v
		}
		many := func(addrs ...string) map[string][]byte {
			v, err := s.GetManySessions(e.ctx, addrs)
			e.must(err, "GetManySessions")
			return v
		}
		e.expect("missing session is nil", get("200:0"), []byte(nil))
		e.expect("missing session not had", has("200:0"), false)
		e.must(s.PutSession(e.ctx, "200:0", []byte("s1")), "PutSession")
		e.expect("get", get("200:0"), []byte("s1"))
		e.expect("has", has("200:0"), true)
		e.must(s.PutSession(e.ctx, "200:0", []byte("s2")), "PutSession overwrite")
		e.expect("overwritten", get("200:0"), []byte("s2"))
		e.must(s.PutManySessions(e.ctx, map[string][]byte{
			"200:3": []byte("s3"), "2001:0": []byte("s4"), "200_1:0": []byte("s5"), "300:0": []byte("s6"),
		}), "PutManySessions")
		e.expect("GetManySessions has an entry for every address, nil when missing",
			many("200:0", "200:3", "404:0", "300:0"),
			map[string][]byte{"200:0": []byte("s2"), "200:3": []byte("s3"), "404:0": nil, "300:0": []byte("s6")})
		e.record("GetManySessions of nothing", many())
		e.expect("GetManySessions of only missing", many("404:1"), map[string][]byte{"404:1": nil})

		e.must(s.DeleteSession(e.ctx, "300:0"), "DeleteSession")
		e.expect("deleted session", get("300:0"), []byte(nil))
		e.must(s.DeleteAllSessions(e.ctx, "200"), "DeleteAllSessions")
		e.expect("after DeleteAllSessions(200)", many("200:0", "200:3", "2001:0", "200_1:0"),
			map[string][]byte{"200:0": nil, "200:3": nil, "2001:0": []byte("s4"), "200_1:0": []byte("s5")})
		e.reopen()
		s = e.device("100", 1).Sessions
		e.expect("after reopen", many("200:0", "2001:0", "200_1:0", "300:0"),
			map[string][]byte{"200:0": nil, "2001:0": []byte("s4"), "200_1:0": []byte("s5"), "300:0": nil})
	}},
	{"sender keys", func(e *env) {
		s := e.device("100", 1).SenderKeys
		get := func(group, user string) []byte {
			v, err := s.GetSenderKey(e.ctx, group, user)
			e.must(err, "GetSenderKey")
			return v
		}
		e.expect("missing sender key is nil", get("g1@g.us", "200:0"), []byte(nil))
		e.must(s.PutSenderKey(e.ctx, "g1@g.us", "200:0", []byte("k1")), "PutSenderKey")
		e.must(s.PutSenderKey(e.ctx, "g2@g.us", "200:0", []byte("k2")), "PutSenderKey")
		e.must(s.PutSenderKey(e.ctx, "g1@g.us", "200:1", []byte("k3")), "PutSenderKey")
		e.must(s.PutSenderKey(e.ctx, "g1@g.us", "200:0", []byte("k4")), "PutSenderKey overwrite")
		e.reopen()
		s = e.device("100", 1).SenderKeys
		e.expect("g1 200:0", get("g1@g.us", "200:0"), []byte("k4"))
		e.expect("g2 200:0", get("g2@g.us", "200:0"), []byte("k2"))
		e.expect("g1 200:1", get("g1@g.us", "200:1"), []byte("k3"))
		e.expect("g2 200:1", get("g2@g.us", "200:1"), []byte(nil))
	}},
	{"migrate PN to LID", func(e *env) {
		d := e.device("100", 1)
		pn := types.JID{User: "201", Server: types.DefaultUserServer}
		lid := types.JID{User: "301", Server: types.HiddenUserServer}
		// PN rows for devices 0 and 4, a LID row that the migration overwrites, and a row of a user whose
		// number merely starts with the PN user, which must stay.
		e.must(d.Sessions.PutManySessions(e.ctx, map[string][]byte{
			"201:0": []byte("pn0"), "201:4": []byte("pn4"), "301_1:0": []byte("old-lid0"),
			"301_1:7": []byte("lid7"), "2019:0": []byte("other"),
		}), "PutManySessions")
		for addr, k := range map[string][32]byte{"201:0": {1}, "201:4": {4}, "301_1:0": {9}, "2019:0": {8}} {
			e.must(d.Identities.PutIdentity(e.ctx, addr, k), "PutIdentity")
		}
		e.must(d.SenderKeys.PutSenderKey(e.ctx, "g@g.us", "201:0", []byte("sk0")), "PutSenderKey")
		e.must(d.SenderKeys.PutSenderKey(e.ctx, "g@g.us", "2019:0", []byte("sk-other")), "PutSenderKey")

		e.must(d.Sessions.MigratePNToLID(e.ctx, pn, lid), "MigratePNToLID")
		checkMigrated := func(when string) {
			s, err := d.Sessions.GetManySessions(e.ctx, []string{"201:0", "201:4", "301_1:0", "301_1:4", "301_1:7", "2019:0"})
			e.must(err, "GetManySessions")
			e.expect(when+": sessions moved, PN rows gone, conflicts overwritten", s, map[string][]byte{
				"201:0": nil, "201:4": nil, "301_1:0": []byte("pn0"), "301_1:4": []byte("pn4"),
				"301_1:7": []byte("lid7"), "2019:0": []byte("other"),
			})
			for _, c := range []struct {
				addr string
				key  [32]byte
			}{{"301_1:0", [32]byte{1}}, {"301_1:4", [32]byte{4}}, {"2019:0", [32]byte{8}}} {
				v, err := d.Identities.IsTrustedIdentity(e.ctx, c.addr, c.key)
				e.must(err, "IsTrustedIdentity")
				e.expect(when+": identity "+c.addr, v, true)
			}
			v, err := d.Identities.IsTrustedIdentity(e.ctx, "201:0", [32]byte{77})
			e.must(err, "IsTrustedIdentity")
			e.expect(when+": PN identity gone", v, true)
			for _, c := range []struct{ user, want string }{{"301_1:0", "sk0"}, {"201:0", ""}, {"2019:0", "sk-other"}} {
				k, err := d.SenderKeys.GetSenderKey(e.ctx, "g@g.us", c.user)
				e.must(err, "GetSenderKey")
				e.expect(when+": sender key "+c.user, string(k), c.want)
			}
		}
		checkMigrated("migrated")
		e.reopen()
		d = e.device("100", 1)
		checkMigrated("after reopen")

		// The migration runs once per PN per process: a PN session that appears later stays where it is
		// until the next process start.
		e.must(d.Sessions.MigratePNToLID(e.ctx, pn, lid), "MigratePNToLID")
		e.must(d.Sessions.PutSession(e.ctx, "201:9", []byte("late")), "PutSession")
		e.must(d.Sessions.MigratePNToLID(e.ctx, pn, lid), "MigratePNToLID again")
		late, err := d.Sessions.GetManySessions(e.ctx, []string{"201:9", "301_1:9"})
		e.must(err, "GetManySessions")
		e.record("second migration in one process is a no-op", late)
		e.reopen()
		d = e.device("100", 1)
		e.must(d.Sessions.MigratePNToLID(e.ctx, pn, lid), "MigratePNToLID after restart")
		late, err = d.Sessions.GetManySessions(e.ctx, []string{"201:9", "301_1:9"})
		e.must(err, "GetManySessions")
		e.expect("migration after restart moves the late session", late, map[string][]byte{"201:9": nil, "301_1:9": []byte("late")})
	}},
}
